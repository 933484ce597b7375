package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Verify checks the store's counting invariants and returns the first broken
// one: every poll's tallies and invalid count equal a recount of its votes,
// no voter has two counted votes in a poll, every vote's text is in the inbox
// for the same poll. It fails when one does not hold or the store fails.
func (db *DB) Verify(ctx context.Context) error {
	checks := []struct{ name, q string }{
		{"tally differs from recount", `
			SELECT t.poll_id || ':' || t.choice FROM tallies t
			LEFT JOIN (SELECT poll_id, choice, COUNT(*) AS n FROM votes WHERE counted = 1 GROUP BY poll_id, choice) v
				ON v.poll_id = t.poll_id AND v.choice = t.choice
			WHERE t.count != COALESCE(v.n, 0)
			UNION ALL
			SELECT v.poll_id || ':' || v.choice FROM
				(SELECT poll_id, choice, COUNT(*) AS n FROM votes WHERE counted = 1 GROUP BY poll_id, choice) v
			LEFT JOIN tallies t ON t.poll_id = v.poll_id AND t.choice = v.choice
			WHERE t.count IS NULL`},
		{"invalid count differs from recount", `
			SELECT p.id FROM polls p WHERE p.invalid !=
				(SELECT COUNT(*) FROM votes v JOIN inbox i ON i.id = v.inbox_id
				 WHERE v.poll_id = p.id AND i.result = 'invalid')`},
		{"voter counted twice", `
			SELECT poll_id || ':' || voter FROM votes WHERE counted = 1 GROUP BY poll_id, voter HAVING COUNT(*) > 1`},
		{"vote without its text", `
			SELECT v.id FROM votes v LEFT JOIN inbox i ON i.id = v.inbox_id
			WHERE i.id IS NULL OR i.poll_id IS NOT v.poll_id`},
		{"text counted but no counted vote", `
			SELECT i.id FROM inbox i WHERE i.result IN ('counted', 'changed') AND NOT EXISTS
				(SELECT 1 FROM votes v WHERE v.inbox_id = i.id AND (v.counted = 1 OR v.reason = 'changed'))`},
	}
	for _, c := range checks {
		var bad string
		err := db.db.QueryRowContext(ctx, c.q+` LIMIT 1`).Scan(&bad)
		if err == nil {
			return fmt.Errorf("verify: %s (%s)", c.name, bad)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("verify: %s: %w", c.name, err)
		}
	}
	return nil
}
