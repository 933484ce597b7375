package server

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxGroup bounds how many waiting inserts one transaction takes.
const maxGroup = 512

// Put stores t (deduplicated on provider + provider id) and returns its id
// once the commit is on disk; dup is true, with id 0, when it was already
// stored. It fails when the commit fails, the store is closed, or ctx ends
// first: a webhook's deadline makes a stuck disk answer the provider with an
// error in time for its fallback. A text taken by the writer is committed or
// failed whatever ctx does; when ctx ended first, a later retry of the
// provider finds it stored (a duplicate).
func (s *store) Put(ctx context.Context, t text) (id int64, dup bool, err error) {
	req := putReq{t: t, res: make(chan putRes, 1)}
	select {
	case s.in <- req:
	case <-s.quit:
		return 0, false, errClosed
	case <-ctx.Done():
		return 0, false, fmt.Errorf("store text: %w", ctx.Err())
	}
	select {
	case r := <-req.res:
		return r.id, r.dup, r.err
	case <-ctx.Done():
		return 0, false, fmt.Errorf("store text: not committed in time: %w", ctx.Err())
	}
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
	if err != nil {
		s.noteWrite(err) // readiness fails at once, not at the next probe
	}
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
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store texts: begin: %w", err)
	}
	defer tx.Rollback()
	// One statement for the whole batch: per-row statements cost more in
	// database/sql than SQLite spends inserting.
	var q strings.Builder
	q.WriteString("INSERT INTO texts (provider, provider_id, sender, recipient, body, received_ms) VALUES ")
	args := make([]any, 0, 6*len(batch))
	for i, r := range batch {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString("(?,?,?,?,?,?)")
		t := r.t
		args = append(args, t.Provider, t.ProviderID, t.From, t.To, t.Body, t.ReceivedAt.UnixMilli())
	}
	q.WriteString(" ON CONFLICT (provider, provider_id) DO NOTHING RETURNING id, provider, provider_id")
	rows, err := tx.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("store %d texts: %w", len(batch), err)
	}
	ids := make(map[string]int64, len(batch))
	for rows.Next() {
		var id int64
		var provider, pid string
		if err := rows.Scan(&id, &provider, &pid); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store %d texts: %w", len(batch), err)
		}
		ids[provider+"\x00"+pid] = id
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("store %d texts: %w", len(batch), err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store texts: commit: %w", err)
	}
	out := make([]putRes, len(batch))
	for i, r := range batch {
		key := r.t.Provider + "\x00" + r.t.ProviderID
		id, ok := ids[key]
		out[i] = putRes{id: id, dup: !ok}
		delete(ids, key) // a second copy in the same batch is a duplicate
	}
	return out, nil
}

// After returns up to limit unacknowledged texts with id > after, in id order.
// It fails when the query fails.
func (s *store) After(ctx context.Context, after int64, limit int) ([]text, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, provider, provider_id, sender, recipient, body, received_ms
		FROM texts WHERE id > ? AND acked = 0 ORDER BY id LIMIT ?`, max(after, s.acked.Load()), limit)
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

// Ack marks every text with id <= through as delivered and erases its
// numbers and body, from the rows and from the files' bytes (scrub): the row
// stays, empty but for the provider's message id, for deduplication until
// pruned. It returns how many texts it marked, and fails when the update
// fails. A scrub that a reader blocks is retried by the checkpointer; the
// ack itself holds.
func (s *store) Ack(ctx context.Context, through int64) (int64, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("ack through %d: %w", through, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx,
		"UPDATE texts SET acked = 1, sender = '', recipient = '', body = '' WHERE acked = 0 AND id <= ?", through)
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
	if n > 0 {
		s.scrubLocked(ctx)
	}
	for {
		old := s.acked.Load()
		if through <= old || s.acked.CompareAndSwap(old, through) {
			break
		}
	}
	return n, nil
}

// Pending counts the texts not yet acknowledged; it fails when the query fails.
func (s *store) Pending(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM texts WHERE id > ? AND acked = 0", s.acked.Load()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count pending texts: %w", err)
	}
	return n, nil
}

// Prune deletes acknowledged texts received before ackedBefore (kept until
// then only so a provider's retry is still recognised) and unacknowledged
// ones received before unackedBefore (the retention period), then scrubs
// the files. It returns how many rows it deleted.
func (s *store) Prune(ctx context.Context, ackedBefore, unackedBefore time.Time) (int64, error) {
	var total int64
	for {
		// In chunks, so webhooks never wait long behind a big prune.
		n, err := s.pruneChunk(ctx, ackedBefore, unackedBefore)
		total += n
		if err != nil || n < pruneChunk {
			if total > 0 && err == nil {
				err = s.scrub(ctx)
			}
			return total, err
		}
	}
}

const pruneChunk = 1000

func (s *store) pruneChunk(ctx context.Context, ackedBefore, unackedBefore time.Time) (int64, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	res, err := s.db.ExecContext(ctx, `DELETE FROM texts WHERE id IN (SELECT id FROM texts
		WHERE (acked = 1 AND received_ms < ?) OR (acked = 0 AND received_ms < ?) LIMIT ?)`,
		ackedBefore.UnixMilli(), unackedBefore.UnixMilli(), pruneChunk)
	if err != nil {
		return 0, fmt.Errorf("prune texts: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// SetOptOut records (out=true) or clears an opt-out for a number hash.
func (s *store) SetOptOut(ctx context.Context, hash string, out bool, now time.Time) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
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
