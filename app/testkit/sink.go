package testkit

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"forkcast/app/sqlite/dbfile"
	"forkcast/app/vote"
)

// SQLiteSink is a vote.Sink that stores every text in a real SQLite table
// with UNIQUE(source, provider_id), as the engine's inbox does, so "exactly
// once" is checked the way a real store sees it. Set the fault fields before
// the sink is used.
type SQLiteSink struct {
	// FailEvery makes every n-th Ingest fail before it commits (0: never).
	FailEvery int64
	// LostEvery makes every n-th Ingest commit, then report a failure, as a
	// crash between the commit and the acknowledgement would (0: never).
	LostEvery int64
	// OnIngest, when set, is called with each batch before it is stored.
	OnIngest func([]vote.Message)

	db      *sql.DB
	mu      sync.Mutex
	calls   atomic.Int64
	offered atomic.Int64
	dups    atomic.Int64
}

var _ vote.Sink = (*SQLiteSink)(nil)

// NewSQLiteSink makes a sink on a new file in t.TempDir(), closed when the
// test ends.
func NewSQLiteSink(t testing.TB) *SQLiteSink {
	t.Helper()
	db, err := dbfile.Open(filepath.Join(t.TempDir(), "inbox.db"), dbfile.Options{Synchronous: "NORMAL"})
	if err != nil {
		t.Fatalf("open sink: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	_, err = db.Exec(`CREATE TABLE inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,
		source TEXT NOT NULL, provider_id TEXT NOT NULL, sender TEXT NOT NULL, body TEXT NOT NULL,
		pdu TEXT NOT NULL, partial INTEGER NOT NULL, received_ms INTEGER NOT NULL,
		UNIQUE (source, provider_id))`)
	if err != nil {
		t.Fatalf("create inbox: %v", err)
	}
	return &SQLiteSink{db: db}
}

// Ingest stores msgs in one transaction; a text already stored is skipped
// and counted as a duplicate. It fails as the fault fields say, or when the
// file fails.
func (s *SQLiteSink) Ingest(ctx context.Context, msgs []vote.Message) error {
	n := s.calls.Add(1)
	s.offered.Add(int64(len(msgs)))
	if s.FailEvery > 0 && n%s.FailEvery == 0 {
		return fmt.Errorf("injected store failure (call %d)", n)
	}
	if s.OnIngest != nil {
		s.OnIngest(msgs)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, m := range msgs {
		res, err := tx.ExecContext(ctx, `INSERT INTO inbox (source, provider_id, sender, body, pdu, partial, received_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, provider_id) DO NOTHING`,
			m.Source, m.ProviderID, m.Sender, m.Text, m.PDU, m.Partial, m.ReceivedAt.UnixMilli())
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			s.dups.Add(1)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if s.LostEvery > 0 && n%s.LostEvery == 0 {
		return fmt.Errorf("injected failure after the commit (call %d)", n)
	}
	return nil
}

// Calls is how many times Ingest was called.
func (s *SQLiteSink) Calls() int64 { return s.calls.Load() }

// Offered is how many messages Ingest was given, duplicates included.
func (s *SQLiteSink) Offered() int64 { return s.offered.Load() }

// Dups is how many offered messages were already stored.
func (s *SQLiteSink) Dups() int64 { return s.dups.Load() }

// Count returns how many texts are stored; it fails t when the file fails.
func (s *SQLiteSink) Count(t testing.TB) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM inbox").Scan(&n); err != nil {
		t.Fatalf("count inbox: %v", err)
	}
	return n
}

// IDs returns the provider ids in commit order.
func (s *SQLiteSink) IDs(t testing.TB) []string {
	t.Helper()
	return s.column(t, "SELECT provider_id FROM inbox ORDER BY seq")
}

// Texts returns the stored texts in sorted order, a partial one (a
// multipart text given up on) prefixed with "PARTIAL:".
func (s *SQLiteSink) Texts(t testing.TB) []string {
	t.Helper()
	return s.column(t, "SELECT CASE WHEN partial THEN 'PARTIAL:' || body ELSE body END AS b FROM inbox ORDER BY b")
}

func (s *SQLiteSink) column(t testing.TB, query string) []string {
	t.Helper()
	rows, err := s.db.Query(query)
	if err != nil {
		t.Fatalf("read inbox: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatalf("read inbox: %v", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read inbox: %v", err)
	}
	return out
}

// WaitCount waits up to Patience until at least n texts are stored; the
// failure lists what is stored.
func (s *SQLiteSink) WaitCount(t testing.TB, n int) {
	t.Helper()
	Eventually(t, Patience, fmt.Sprintf("%d texts stored", n), func() error {
		if got := s.Count(t); got < n {
			return fmt.Errorf("%d stored: %q", got, s.Texts(t))
		}
		return nil
	})
}
