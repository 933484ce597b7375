package modem

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"forkcast/app/sqlite/dbfile"
	"forkcast/bridge/modem/pdu"
)

// SQLiteStore is the default PartsStore: a small SQLite file of the bridge's
// own (the bridge imports no other Forkcast package but app/vote, so it does
// not share the show's database). It also remembers who texted STOP.
type SQLiteStore struct {
	db *sql.DB
}

var _ PartsStore = (*SQLiteStore)(nil)

const partsSchema = `
CREATE TABLE IF NOT EXISTS modem_parts (
	hash       TEXT PRIMARY KEY,
	grp        TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	total      INTEGER NOT NULL,
	pdu        TEXT NOT NULL,
	length     INTEGER NOT NULL,
	seen_ms    INTEGER NOT NULL,
	delivered_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS modem_parts_grp ON modem_parts (grp, delivered_ms);
CREATE TABLE IF NOT EXISTS modem_optout (
	number TEXT PRIMARY KEY,
	at_ms  INTEGER NOT NULL
);`

// OpenPartsStore opens (creating if needed) the SQLite file at path, in WAL
// mode. It fails when the file cannot be opened or its tables created.
func OpenPartsStore(path string) (*SQLiteStore, error) {
	db, err := dbfile.Open(path, dbfile.Options{})
	if err != nil {
		return nil, fmt.Errorf("modem parts store: %w", err)
	}
	if _, err := db.Exec(partsSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("modem parts store %s: %w", path, err)
	}
	return &SQLiteStore{db: db}, nil
}

// Close closes the file; it fails as sql.DB.Close does.
func (s *SQLiteStore) Close() error { return s.db.Close() }

// Add stores p, or returns the part already stored under p.Hash. It fails
// when SQLite does.
func (s *SQLiteStore) Add(ctx context.Context, p pdu.Part) (*pdu.Part, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO modem_parts
		(hash, grp, seq, total, pdu, length, seen_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (hash) DO NOTHING`,
		p.Hash, p.Group, p.Seq, p.Total, p.PDU, p.Length, p.Seen.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("store part %d/%d: %w", p.Seq, p.Total, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil, nil
	}
	parts, err := s.query(ctx, `WHERE hash = ?`, p.Hash)
	if err != nil || len(parts) == 0 {
		return nil, fmt.Errorf("read stored part: %w", errors.Join(err, errors.New("missing")))
	}
	return &parts[0], nil
}

// Pending returns the parts not yet delivered; it fails when SQLite does.
func (s *SQLiteStore) Pending(ctx context.Context) ([]pdu.Part, error) {
	return s.query(ctx, `WHERE delivered_ms = 0`)
}

// LastDelivered returns the newest delivery time in group; it fails when SQLite does.
func (s *SQLiteStore) LastDelivered(ctx context.Context, group string) (time.Time, error) {
	var ms int64
	err := s.db.QueryRowContext(ctx,
		`SELECT COALESCE(MAX(delivered_ms), 0) FROM modem_parts WHERE grp = ?`, group).Scan(&ms)
	if err != nil || ms == 0 {
		return time.Time{}, err
	}
	return time.UnixMilli(ms), nil
}

// MarkDelivered records hashes delivered at t in one transaction; it fails
// when SQLite does.
func (s *SQLiteStore) MarkDelivered(ctx context.Context, hashes []string, t time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark parts delivered: %w", err)
	}
	defer tx.Rollback()
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `UPDATE modem_parts SET delivered_ms = ? WHERE hash = ?`,
			t.UnixMilli(), h); err != nil {
			return fmt.Errorf("mark parts delivered: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark parts delivered: %w", err)
	}
	return nil
}

// Purge forgets parts delivered before t; it fails when SQLite does.
func (s *SQLiteStore) Purge(ctx context.Context, before time.Time) error {
	_, err := s.db.ExecContext(ctx,
		`DELETE FROM modem_parts WHERE delivered_ms > 0 AND delivered_ms < ?`, before.UnixMilli())
	if err != nil {
		return fmt.Errorf("purge delivered parts: %w", err)
	}
	return nil
}

func (s *SQLiteStore) query(ctx context.Context, where string, args ...any) ([]pdu.Part, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT hash, grp, seq, total, pdu, length, seen_ms,
		delivered_ms FROM modem_parts `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read parts: %w", err)
	}
	defer rows.Close()
	var out []pdu.Part
	for rows.Next() {
		var p pdu.Part
		var seen, delivered int64
		if err := rows.Scan(&p.Hash, &p.Group, &p.Seq, &p.Total, &p.PDU, &p.Length, &seen, &delivered); err != nil {
			return nil, fmt.Errorf("read parts: %w", err)
		}
		p.Seen = time.UnixMilli(seen)
		if delivered > 0 {
			p.Delivered = time.UnixMilli(delivered)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetOptOut records that number texted STOP (out) or START (!out); it fails
// when SQLite does.
func (s *SQLiteStore) SetOptOut(ctx context.Context, number string, out bool, at time.Time) error {
	var err error
	if out {
		_, err = s.db.ExecContext(ctx, `INSERT INTO modem_optout (number, at_ms) VALUES (?, ?)
			ON CONFLICT (number) DO UPDATE SET at_ms = excluded.at_ms`, normalizeNumber(number), at.UnixMilli())
	} else {
		_, err = s.db.ExecContext(ctx, `DELETE FROM modem_optout WHERE number = ?`, normalizeNumber(number))
	}
	if err != nil {
		return fmt.Errorf("record opt-out: %w", err)
	}
	return nil
}

// OptedOut reports whether number texted STOP (and not START since); it
// fails when SQLite does.
func (s *SQLiteStore) OptedOut(ctx context.Context, number string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM modem_optout WHERE number = ?`,
		normalizeNumber(number)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read opt-out: %w", err)
	}
	return n > 0, nil
}

// normalizeNumber keeps a leading + and the digits.
func normalizeNumber(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return strings.TrimSpace(s)
	}
	return b.String()
}
