package relay

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// maxGroup bounds how many waiting inserts one transaction takes.
const maxGroup = 512

// Put stores t (deduplicated on provider + provider id) and returns its id
// once the commit is on disk; dup is true, with id 0, when it was already
// stored. It fails when the commit fails, the store is closed, or ctx ends
// before the writer took the text.
func (s *store) Put(ctx context.Context, t text) (id int64, dup bool, err error) {
	req := putReq{t: t, res: make(chan putRes, 1)}
	select {
	case s.in <- req:
	case <-s.quit:
		return 0, false, errClosed
	case <-ctx.Done():
		return 0, false, fmt.Errorf("store text: %w", ctx.Err())
	}
	// Once taken, the text is committed or failed whatever ctx does: wait.
	r := <-req.res
	return r.id, r.dup, r.err
}

func (s *store) writer() {
	defer close(s.done)
	batch := make([]putReq, 0, maxGroup)
	for {
		select {
		case r := <-s.in:
			batch = append(batch[:0], r)
		drain:
			for len(batch) < maxGroup {
				select {
				case r := <-s.in:
					batch = append(batch, r)
				default:
					break drain
				}
			}
			s.commit(batch)
		case <-s.quit:
			return
		}
	}
}

func (s *store) commit(batch []putReq) {
	res, err := s.insert(batch)
	added := false
	for i, r := range batch {
		if err != nil {
			r.res <- putRes{err: err}
			continue
		}
		r.res <- res[i]
		added = added || !res[i].dup
	}
	if added {
		s.notify()
	}
}

func (s *store) insert(batch []putReq) ([]putRes, error) {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store texts: begin: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO texts
		(provider, provider_id, sender, recipient, body, received_ms) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (provider, provider_id) DO NOTHING RETURNING id`)
	if err != nil {
		return nil, fmt.Errorf("store texts: prepare: %w", err)
	}
	defer stmt.Close()
	out := make([]putRes, len(batch))
	for i, r := range batch {
		t := r.t
		err := stmt.QueryRowContext(ctx, t.Provider, t.ProviderID, t.From, t.To, t.Body,
			t.ReceivedAt.UnixMilli()).Scan(&out[i].id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			out[i].dup = true
		case err != nil:
			return nil, fmt.Errorf("store text %s: %w", t.ProviderID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store texts: commit: %w", err)
	}
	return out, nil
}

// After returns up to limit unacknowledged texts with id > after, in id order.
// It fails when the query fails.
func (s *store) After(ctx context.Context, after int64, limit int) ([]text, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, provider, provider_id, sender, recipient, body, received_ms
		FROM texts WHERE acked = 0 AND id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read texts after %d: %w", after, err)
	}
	defer rows.Close()
	var out []text
	for rows.Next() {
		var t text
		var ms int64
		if err := rows.Scan(&t.ID, &t.Provider, &t.ProviderID, &t.From, &t.To, &t.Body, &ms); err != nil {
			return nil, fmt.Errorf("read texts after %d: %w", after, err)
		}
		t.ReceivedAt = time.UnixMilli(ms).UTC()
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read texts after %d: %w", after, err)
	}
	return out, nil
}

// Ack marks every text with id <= through as delivered and forgets its number
// and body (the row stays, empty, for deduplication until pruned). It returns
// how many texts it marked, and fails when the update fails.
func (s *store) Ack(ctx context.Context, through int64) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("ack through %d: %w", through, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx,
		"UPDATE texts SET acked = 1, sender = '', body = '' WHERE acked = 0 AND id <= ?", through)
	if err != nil {
		return 0, fmt.Errorf("ack through %d: %w", through, err)
	}
	n, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES('acked', ?)
		ON CONFLICT(key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`,
		strconv.FormatInt(through, 10)); err != nil {
		return 0, fmt.Errorf("ack through %d: record cursor: %w", through, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("ack through %d: commit: %w", through, err)
	}
	return n, nil
}

// Pending counts the texts not yet acknowledged; it fails when the query fails.
func (s *store) Pending(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM texts WHERE acked = 0").Scan(&n); err != nil {
		return 0, fmt.Errorf("count pending texts: %w", err)
	}
	return n, nil
}

// Prune deletes acknowledged texts received before ackedBefore (kept until
// then only so a provider's retry is still recognised) and unacknowledged
// ones received before unackedBefore (the retention period). It returns how
// many rows it deleted.
func (s *store) Prune(ctx context.Context, ackedBefore, unackedBefore time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM texts
		WHERE (acked = 1 AND received_ms < ?) OR (acked = 0 AND received_ms < ?)`,
		ackedBefore.UnixMilli(), unackedBefore.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("prune texts: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// SetOptOut records (out=true) or clears an opt-out for a number hash.
func (s *store) SetOptOut(ctx context.Context, hash string, out bool, now time.Time) error {
	var err error
	if out {
		_, err = s.db.ExecContext(ctx, "INSERT OR REPLACE INTO optout(number_hash, at_ms) VALUES(?, ?)",
			hash, now.UnixMilli())
	} else {
		_, err = s.db.ExecContext(ctx, "DELETE FROM optout WHERE number_hash = ?", hash)
	}
	if err != nil {
		return fmt.Errorf("record opt-out: %w", err)
	}
	return nil
}

// OptedOut reports whether a number hash has opted out.
func (s *store) OptedOut(ctx context.Context, hash string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM optout WHERE number_hash = ?", hash).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read opt-out: %w", err)
	}
	return n > 0, nil
}
