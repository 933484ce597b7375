package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"forkcast/app/show"
)

// Purge removes what opts say in one transaction: raw numbers (and the raw
// PDUs, which carry the sender's number) stored before opts.NumbersBefore or
// all of them, and whole sessions started before opts.SessionsBefore with
// their texts, polls, votes and path. Voter keys and masked numbers stay, so
// counts and exports are unchanged. Then it scrubs the file (see scrub) so
// that what it removed cannot be read in the file's bytes. It fails when
// the store fails, and then removes nothing; or, having removed, when the
// scrub cannot finish (the values then leave the file at the next purge or
// when the show closes).
func (db *DB) Purge(ctx context.Context, opts show.PurgeOptions) (show.PurgeResult, error) {
	var res show.PurgeResult
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("purge: %w", err)
	}
	defer tx.Rollback()
	exec := func(n *int64, q string, args ...any) error {
		r, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("purge: %w", err)
		}
		c, _ := r.RowsAffected()
		*n += c
		return nil
	}
	switch {
	case opts.AllNumbers:
		if err := exec(&res.Numbers, `DELETE FROM numbers`); err != nil {
			return res, err
		}
		if err := exec(&res.PDUs, `UPDATE inbox SET pdu = NULL WHERE pdu IS NOT NULL`); err != nil {
			return res, err
		}
	case !opts.NumbersBefore.IsZero():
		t := opts.NumbersBefore.UnixNano()
		if err := exec(&res.Numbers, `DELETE FROM numbers WHERE seen_at < ?`, t); err != nil {
			return res, err
		}
		if err := exec(&res.PDUs, `UPDATE inbox SET pdu = NULL WHERE pdu IS NOT NULL AND stored_at < ?`, t); err != nil {
			return res, err
		}
	}
	if !opts.SessionsBefore.IsZero() {
		t := opts.SessionsBefore.UnixNano()
		if err := exec(&res.Texts, `DELETE FROM inbox WHERE session_id IN
			(SELECT id FROM sessions WHERE started_at < ?)`, t); err != nil {
			return res, err
		}
		if err := exec(&res.Sessions, `DELETE FROM sessions WHERE started_at < ?`, t); err != nil {
			return res, err
		}
	}
	if err := tx.Commit(); err != nil {
		return show.PurgeResult{}, fmt.Errorf("purge: commit: %w", err)
	}
	if err := db.scrub(ctx); err != nil {
		return res, fmt.Errorf("purge: %w", err)
	}
	return res, nil
}

// scrub leaves no deleted value readable in the file's bytes: secure_delete
// (on every connection) zeroed the deleted cells, but the WAL still holds
// the pages as they were and a file written without secure_delete keeps old
// values in its free pages. So: copy the WAL in and truncate it, VACUUM
// (which rewrites the file from its live rows), and truncate again. A
// reader holding an old snapshot blocks the truncation; it is retried for
// a few seconds.
func (db *DB) scrub(ctx context.Context) error {
	c, err := db.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("scrub the file: %w", err)
	}
	defer c.Close()
	if err := truncateWAL(ctx, c); err != nil {
		return err
	}
	if _, err := c.ExecContext(ctx, `VACUUM`); err != nil {
		return fmt.Errorf("scrub the file: vacuum: %w", err)
	}
	return truncateWAL(ctx, c)
}

// truncateWAL runs wal_checkpoint(TRUNCATE) until it completes (a reader
// may hold it back), for at most scrubWait.
func truncateWAL(ctx context.Context, c *sql.Conn) error {
	deadline := time.Now().Add(scrubWait)
	for {
		var busy, logPages, done int
		if err := c.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &done); err != nil {
			return fmt.Errorf("scrub the file: checkpoint: %w", err)
		}
		if busy == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("scrub the file: a reader kept the write-ahead log open for %v; the purged values leave it when the show closes", scrubWait)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("scrub the file: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// scrubWait bounds how long Purge waits for readers to let the WAL go.
const scrubWait = 5 * time.Second
