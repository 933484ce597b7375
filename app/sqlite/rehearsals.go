package sqlite

import (
	"context"
	"fmt"
	"time"

	"forkcast/app/show"
)

// What rehearsal (app/rehearse) reads back: the sessions of a story, their
// navigation log, and the texts each poll received.

// RehearsalSessions returns the ids of the rehearsal sessions whose story
// has this hash, title or file, oldest first. It fails when the store
// cannot be read.
func (db *DB) RehearsalSessions(ctx context.Context, hash, title, file string) ([]int64, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id FROM sessions WHERE mode = 'rehearsal'
		AND (story_hash = ? OR title = ? OR story_file = ?) ORDER BY id`, hash, title, file)
	if err != nil {
		return nil, fmt.Errorf("read sessions: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read sessions: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read sessions: %w", err)
	}
	return ids, nil
}

// NavLog returns session's navigation log in the order it was written. It
// fails when the store cannot be read.
func (db *DB) NavLog(ctx context.Context, session int64) ([]show.NavRecord, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT at, action, scene, slide, detail FROM nav_log
		WHERE session_id = ? ORDER BY id`, session)
	if err != nil {
		return nil, fmt.Errorf("read navigation log of session %d: %w", session, err)
	}
	defer rows.Close()
	var nav []show.NavRecord
	for rows.Next() {
		n := show.NavRecord{Session: session}
		var at int64
		if err := rows.Scan(&at, &n.Action, &n.Scene, &n.Slide, &n.Detail); err != nil {
			return nil, fmt.Errorf("read navigation log of session %d: %w", session, err)
		}
		n.At = time.Unix(0, at).UTC()
		nav = append(nav, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read navigation log of session %d: %w", session, err)
	}
	return nav, nil
}

// OpenedPolls returns session's polls that were opened and then closed (or
// are open still), in the order they opened; polls decided without opening
// (a pick with no vote) are left out. It fails when the store cannot be read.
func (db *DB) OpenedPolls(ctx context.Context, session int64) ([]show.PollRecord, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+pollColumns+` FROM polls
		WHERE session_id = ? AND opened_at IS NOT NULL AND (closed_at IS NOT NULL OR state = 'open')
		ORDER BY opened_at, id`, session)
	if err != nil {
		return nil, fmt.Errorf("read polls of session %d: %w", session, err)
	}
	defer rows.Close()
	var polls []show.PollRecord
	for rows.Next() {
		p, err := scanPoll(rows)
		if err != nil {
			return nil, fmt.Errorf("read polls of session %d: %w", session, err)
		}
		polls = append(polls, *p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read polls of session %d: %w", session, err)
	}
	return polls, nil
}

// PollTexts returns the texts received for poll, duplicates left out, in
// the order they arrived: only the fields a vote stream needs (ID, Voter,
// Text, ReceivedAt) are set. It fails when the store cannot be read.
func (db *DB) PollTexts(ctx context.Context, poll int64) ([]show.MessageRecord, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, voter, text, received_at FROM inbox
		WHERE poll_id = ? AND result <> 'duplicate' ORDER BY received_at, id`, poll)
	if err != nil {
		return nil, fmt.Errorf("read texts of poll %d: %w", poll, err)
	}
	defer rows.Close()
	var out []show.MessageRecord
	for rows.Next() {
		m := show.MessageRecord{Poll: poll}
		var text []byte
		var at int64
		if err := rows.Scan(&m.ID, &m.Voter, &text, &at); err != nil {
			return nil, fmt.Errorf("read texts of poll %d: %w", poll, err)
		}
		m.Text, m.ReceivedAt = string(text), time.Unix(0, at).UTC()
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read texts of poll %d: %w", poll, err)
	}
	return out, nil
}
