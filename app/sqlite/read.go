package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/vote"
)

const sessionColumns = `id, mode, story_file, story_hash, title, started_at, ended_at, scene, slide, blank, updated_at,
	clock_ns, clock_state, end_screen, authors, credits`

func scanSession(row interface{ Scan(...any) error }) (*show.SessionRecord, error) {
	var s show.SessionRecord
	var mode string
	var started, updated, clock int64
	var ended sql.NullInt64
	var authors string
	if err := row.Scan(&s.ID, &mode, &s.StoryFile, &s.StoryHash, &s.Title, &started, &ended,
		&s.Scene, &s.Slide, &s.Blank, &updated, &clock, &s.ClockState, &s.EndScreen, &authors, &s.Credits); err != nil {
		return nil, err
	}
	s.Mode = show.Mode(mode)
	s.StartedAt = time.Unix(0, started).UTC()
	s.UpdatedAt = time.Unix(0, updated).UTC()
	s.EndedAt = fromNanos(ended)
	s.Clock = time.Duration(clock)
	if err := json.Unmarshal([]byte(authors), &s.Authors); err != nil {
		return nil, fmt.Errorf("session %d authors: %w", s.ID, err)
	}
	return &s, nil
}

// LatestSession returns the newest open session of mode and story hash, or
// nil. A session that reached the end of the talk (end screen shown) is still
// the one to resume until a new session supersedes it.
func (db *DB) LatestSession(ctx context.Context, mode show.Mode, hash string) (*show.SessionRecord, error) {
	row := db.db.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE mode = ? AND story_hash = ? AND (ended_at IS NULL OR end_screen = 1) ORDER BY id DESC LIMIT 1`, string(mode), hash)
	s, err := scanSession(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find %s session: %w", mode, err)
	}
	return s, nil
}

// Session returns session id; it fails with show.ENOTFOUND when there is none.
func (db *DB) Session(ctx context.Context, id int64) (*show.SessionRecord, error) {
	s, err := scanSession(db.db.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, show.Errorf(show.ENOTFOUND, "There is no session %d.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read session %d: %w", id, err)
	}
	return s, nil
}

// Snapshot returns what resuming session id needs. A read transaction gives
// one consistent view.
func (db *DB) Snapshot(ctx context.Context, id int64) (*show.Snapshot, error) {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("snapshot session %d: %w", id, err)
	}
	defer tx.Rollback()
	s, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, show.Errorf(show.ENOTFOUND, "There is no session %d.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("snapshot session %d: %w", id, err)
	}
	snap := &show.Snapshot{Session: *s}
	if snap.Path, err = readPath(ctx, tx, id); err != nil {
		return nil, err
	}
	if len(snap.Path) > 0 {
		if snap.Poll, err = readVisitPoll(ctx, tx, snap.Path[len(snap.Path)-1].ID); err != nil {
			return nil, err
		}
	}
	if snap.OptOuts, err = readStrings(ctx, tx, `SELECT voter FROM opt_outs`); err != nil {
		return nil, err
	}
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM inbox`).Scan(&last); err != nil {
		return nil, fmt.Errorf("snapshot session %d: last text: %w", id, err)
	}
	snap.LastInbox = last.Int64
	return snap, nil
}

func readPath(ctx context.Context, tx *sql.Tx, session int64) ([]show.VisitRecord, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, scene, entered_at, choice, decided_by FROM visits
		WHERE session_id = ? AND popped = 0 ORDER BY id`, session)
	if err != nil {
		return nil, fmt.Errorf("read path of session %d: %w", session, err)
	}
	defer rows.Close()
	var out []show.VisitRecord
	for rows.Next() {
		v := show.VisitRecord{Session: session}
		var at int64
		if err := rows.Scan(&v.ID, &v.Scene, &at, &v.Choice, &v.By); err != nil {
			return nil, fmt.Errorf("read path of session %d: %w", session, err)
		}
		v.At = time.Unix(0, at).UTC()
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read path of session %d: %w", session, err)
	}
	return out, nil
}

const pollColumns = `id, session_id, visit_id, scene, kind, state, choices, rating_min, rating_max, timer_ns,
	grace_ns, policy, ties, hide_results, opened_at, closes_at, closed_at, decided_at, winner, tie,
	decided_by, override, invalid, override_private`

func scanPoll(row interface{ Scan(...any) error }) (*show.PollRecord, error) {
	var p show.PollRecord
	var kind, choices, tie string
	var timer, grace int64
	var opened, closes, closed, decided sql.NullInt64
	if err := row.Scan(&p.ID, &p.Session, &p.Visit, &p.Scene, &kind, &p.State, &choices, &p.Min, &p.Max,
		&timer, &grace, &p.Policy, &p.Ties, &p.HideResults, &opened, &closes, &closed, &decided,
		&p.Winner, &tie, &p.DecidedBy, &p.Override, &p.Invalid, &p.OverridePrivate); err != nil {
		return nil, err
	}
	p.Kind = vote.PollKind(kind)
	p.Timer, p.Grace = time.Duration(timer), time.Duration(grace)
	p.OpenedAt, p.ClosesAt = fromNanos(opened), fromNanos(closes)
	p.ClosedAt, p.DecidedAt = fromNanos(closed), fromNanos(decided)
	p.Tie = splitInts(tie)
	if err := json.Unmarshal([]byte(choices), &p.Choices); err != nil {
		return nil, fmt.Errorf("poll %d choices: %w", p.ID, err)
	}
	return &p, nil
}

// VisitPoll returns the poll of visit id with its tallies and counted votes,
// or nil when the visit has no poll.
func (db *DB) VisitPoll(ctx context.Context, visit int64) (*show.PollSnapshot, error) {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("read poll of visit %d: %w", visit, err)
	}
	defer tx.Rollback()
	return readVisitPoll(ctx, tx, visit)
}

// readVisitPoll reads a visit's poll, its tallies and its counted votes.
func readVisitPoll(ctx context.Context, tx *sql.Tx, visit int64) (*show.PollSnapshot, error) {
	p, err := scanPoll(tx.QueryRowContext(ctx, `SELECT `+pollColumns+` FROM polls WHERE visit_id = ?`, visit))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read poll of visit %d: %w", visit, err)
	}
	ps := &show.PollSnapshot{Poll: *p, Tallies: map[int]int{}}
	rows, err := tx.QueryContext(ctx, `SELECT choice, count FROM tallies WHERE poll_id = ?`, p.ID)
	if err != nil {
		return nil, fmt.Errorf("read tallies of poll %d: %w", p.ID, err)
	}
	for rows.Next() {
		var c, n int
		if err := rows.Scan(&c, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read tallies of poll %d: %w", p.ID, err)
		}
		ps.Tallies[c] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read tallies of poll %d: %w", p.ID, err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT v.voter, v.id, v.choice, i.received_at FROM votes v
		JOIN inbox i ON i.id = v.inbox_id WHERE v.poll_id = ? AND v.counted = 1`, p.ID)
	if err != nil {
		return nil, fmt.Errorf("read votes of poll %d: %w", p.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var v show.CountedVote
		var sent int64
		if err := rows.Scan(&v.Voter, &v.Vote, &v.Choice, &sent); err != nil {
			return nil, fmt.Errorf("read votes of poll %d: %w", p.ID, err)
		}
		v.Sent = time.Unix(0, sent)
		ps.Counted = append(ps.Counted, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read votes of poll %d: %w", p.ID, err)
	}
	if p.Policy != string(story.FirstWins) {
		if err := confirmedAt(ctx, tx, p.ID, ps.Counted); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// confirmedAt moves each counted vote's Sent to its voter's newest text for
// the same choice (a repeat is "ignored" but confirms the vote later), as the
// engine does under last-wins: a text sent before it must not undo the vote.
func confirmedAt(ctx context.Context, tx *sql.Tx, poll int64, counted []show.CountedVote) error {
	rows, err := tx.QueryContext(ctx, `SELECT v.voter, v.choice, MAX(i.received_at) FROM votes v
		JOIN inbox i ON i.id = v.inbox_id WHERE v.poll_id = ? AND i.result = 'ignored'
		GROUP BY v.voter, v.choice`, poll)
	if err != nil {
		return fmt.Errorf("read repeated votes of poll %d: %w", poll, err)
	}
	defer rows.Close()
	type key struct {
		voter  string
		choice int
	}
	latest := map[key]int64{}
	for rows.Next() {
		var k key
		var at int64
		if err := rows.Scan(&k.voter, &k.choice, &at); err != nil {
			return fmt.Errorf("read repeated votes of poll %d: %w", poll, err)
		}
		latest[k] = at
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read repeated votes of poll %d: %w", poll, err)
	}
	for i := range counted {
		v := &counted[i]
		if at, ok := latest[key{v.Voter, v.Choice}]; ok && at > v.Sent.UnixNano() {
			v.Sent = time.Unix(0, at)
		}
	}
	return nil
}

func readStrings(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("query: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Inbox returns the newest limit texts of session id, newest first (limit
// <= 0 means 100).
func (db *DB) Inbox(ctx context.Context, id int64, limit int) ([]show.InboxEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, source, sender, text, received_at, stored_at,
		COALESCE(poll_id, 0), result, choice, reason FROM inbox WHERE session_id = ? ORDER BY id DESC LIMIT ?`,
		id, limit)
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	defer rows.Close()
	out := []show.InboxEntry{}
	for rows.Next() {
		var e show.InboxEntry
		var text []byte
		var recv, stored int64
		if err := rows.Scan(&e.ID, &e.Source, &e.Sender, &text, &recv, &stored, &e.Poll, &e.Result,
			&e.Choice, &e.Reason); err != nil {
			return nil, fmt.Errorf("read inbox: %w", err)
		}
		e.Text = string(text)
		e.ReceivedAt, e.StoredAt = time.Unix(0, recv).UTC(), time.Unix(0, stored).UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	return out, nil
}
