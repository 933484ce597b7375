package sqlite

import (
	"context"
	"fmt"

	"forkcast/app/show"
)

// Purge removes what opts say in one transaction: raw numbers (and the raw
// PDUs, which carry the sender's number) stored before opts.NumbersBefore or
// all of them, and whole sessions started before opts.SessionsBefore with
// their texts, polls, votes and path. Voter keys and masked numbers stay, so
// counts and exports are unchanged. It fails when the store fails, and then
// removes nothing.
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
	return res, nil
}
