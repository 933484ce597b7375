package server

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// What the relay erases (the numbers and bodies of acknowledged texts, the
// texts pruned at the end of the retention period) must be gone from the
// bytes of relay.db and relay.db-wal, not only from the rows:
//
//   - every connection runs with secure_delete (dbfile), so SQLite zeroes
//     the space an erased value or a deleted row leaves in its page, and
//     every page it frees;
//   - the older copies of those pages, in the WAL and, until a checkpoint,
//     in the database file itself, go with a checkpoint(TRUNCATE) right
//     after the erasing commit (scrub), which writes the zeroed pages over
//     the old ones and empties the WAL;
//   - a file that a relay without secure_delete wrote (an older version, or
//     one run against the file since) is rebuilt with VACUUM each time it
//     is opened (scrubOnOpen): the file holds days of texts at most, so the
//     rebuild costs milliseconds, and no marker could prove the file clean.

// errScrubBlocked is scrub's error when a reader held an old snapshot.
var errScrubBlocked = errors.New("checkpoint blocked by a reader: erased values may remain in the WAL until the next try")

// scrubLocked checkpoints the whole WAL into the database file and
// truncates the WAL. Called with s.wmu held. On failure the checkpointer
// tries again.
func (s *store) scrubLocked(ctx context.Context) error {
	var busy, frames, done int
	err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &done)
	if err == nil && busy != 0 {
		err = errScrubBlocked
	}
	if err != nil {
		s.dirty.Store(true)
		return fmt.Errorf("scrub erased values: %w", err)
	}
	s.dirty.Store(false)
	return nil
}

// scrub is scrubLocked taking the write lock.
func (s *store) scrub(ctx context.Context) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.scrubLocked(ctx)
}

// scrubOnOpen rebuilds the file (VACUUM) and scrubs the WAL, so that what
// a relay without secure_delete left in the free space is gone. A file this
// relay just created needs nothing.
func (s *store) scrubOnOpen(ctx context.Context, created bool) error {
	if created {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if _, err := s.db.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("rebuild the file without erased values: %w", err)
	}
	s.scrubLocked(ctx) // when another process reads the file, the checkpointer finishes it
	return nil
}

// checkpointer copies the WAL into the database every interval: a PASSIVE
// checkpoint, which never waits for a writer, or a scrub when the last one
// could not finish. It stops when the store closes.
func (s *store) checkpointer(every time.Duration) {
	defer close(s.checkpoints)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
		}
		if s.dirty.Load() {
			s.scrub(context.Background())
			continue
		}
		s.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
	}
}
