package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"forkcast/app/show"
)

// LastSession returns the id of the newest session, live or rehearsal. It
// fails with show.ENOTFOUND when there is none.
func (db *DB) LastSession(ctx context.Context) (int64, error) {
	var id int64
	err := db.db.QueryRowContext(ctx, `SELECT id FROM sessions ORDER BY id DESC LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, show.Errorf(show.ENOTFOUND, "There is no session in this database.")
	}
	if err != nil {
		return 0, fmt.Errorf("find last session: %w", err)
	}
	return id, nil
}

// Report returns session id's results: path taken, polls with their counts,
// and every vote (numbers masked, voters as aliases). It reads in one
// transaction, so a running show does not tear it. It fails with
// show.ENOTFOUND for an unknown session.
func (db *DB) Report(ctx context.Context, id int64) (*show.Report, error) {
	s, err := db.Session(ctx, id)
	if err != nil {
		return nil, err
	}
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("report session %d: %w", id, err)
	}
	defer tx.Rollback()
	r := &show.Report{Session: show.ReportSession{ID: s.ID, Mode: s.Mode, Title: s.Title, File: s.StoryFile,
		Hash: s.StoryHash, StartedAt: s.StartedAt, EndedAt: s.EndedAt, Authors: s.Authors, Credits: s.Credits},
		Path:  []show.PathStep{},
		Polls: []show.ReportPoll{}, Votes: []show.ReportVote{}, Health: []show.HealthEvent{}}
	path, err := readPath(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	for _, v := range path {
		r.Path = append(r.Path, show.PathStep{Scene: v.Scene, At: v.At, Choice: v.Choice, By: v.By})
	}
	if err := reportPolls(ctx, tx, id, r); err != nil {
		return nil, err
	}
	if err := reportVotes(ctx, tx, id, r); err != nil {
		return nil, err
	}
	if err := reportHealth(ctx, tx, id, r); err != nil {
		return nil, err
	}
	return r, nil
}

func reportPolls(ctx context.Context, tx *sql.Tx, session int64, r *show.Report) error {
	rows, err := tx.QueryContext(ctx, `SELECT visit_id FROM polls WHERE session_id = ? ORDER BY id`, session)
	if err != nil {
		return fmt.Errorf("report polls: %w", err)
	}
	var visits []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("report polls: %w", err)
		}
		visits = append(visits, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("report polls: %w", err)
	}
	for _, v := range visits {
		ps, err := readVisitPoll(ctx, tx, v)
		if err != nil {
			return err
		}
		r.Polls = append(r.Polls, show.NewReportPoll(ps.Poll, ps.Tallies))
	}
	return nil
}

func reportVotes(ctx context.Context, tx *sql.Tx, session int64, r *show.Report) error {
	rows, err := tx.QueryContext(ctx, `SELECT v.poll_id, i.source, v.voter, i.sender, i.text, i.received_at,
		i.stored_at, i.result, v.choice, v.counted, v.reason
		FROM votes v JOIN inbox i ON i.id = v.inbox_id WHERE i.session_id = ? ORDER BY v.id`, session)
	if err != nil {
		return fmt.Errorf("report votes: %w", err)
	}
	defer rows.Close()
	alias := map[string]string{}
	for rows.Next() {
		var v show.ReportVote
		var key string
		var text []byte
		var recv, stored int64
		if err := rows.Scan(&v.Poll, &v.Source, &key, &v.Sender, &text, &recv, &stored, &v.Result, &v.Choice,
			&v.Counted, &v.Reason); err != nil {
			return fmt.Errorf("report votes: %w", err)
		}
		if _, ok := alias[key]; !ok {
			alias[key] = fmt.Sprintf("v%d", len(alias)+1)
		}
		v.Voter, v.Text = alias[key], string(text)
		v.ReceivedAt, v.StoredAt = time.Unix(0, recv).UTC(), time.Unix(0, stored).UTC()
		r.Votes = append(r.Votes, v)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("report votes: %w", err)
	}
	return nil
}

func reportHealth(ctx context.Context, tx *sql.Tx, session int64, r *show.Report) error {
	rows, err := tx.QueryContext(ctx, `SELECT at, source, kind, state, detail FROM health_events
		WHERE session_id = ? ORDER BY id`, session)
	if err != nil {
		return fmt.Errorf("report health: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		ev := show.HealthEvent{Session: session}
		var at int64
		if err := rows.Scan(&at, &ev.Source, &ev.Kind, &ev.State, &ev.Detail); err != nil {
			return fmt.Errorf("report health: %w", err)
		}
		ev.At = time.Unix(0, at).UTC()
		r.Health = append(r.Health, ev)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("report health: %w", err)
	}
	return nil
}

// LogHealth stores one change of a source's health state with its session,
// unless the session already holds show.MaxHealthEvents changes. It fails
// when the statement does (an unknown session, a closed store).
func (db *DB) LogHealth(ctx context.Context, ev show.HealthEvent) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO health_events (session_id, at, source, kind, state, detail)
		SELECT ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM health_events WHERE session_id = ?) < ?`,
		ev.Session, ev.At.UnixNano(), ev.Source, ev.Kind, ev.State, ev.Detail, ev.Session, show.MaxHealthEvents)
	if err != nil {
		return fmt.Errorf("store health of %s: %w", ev.Source, err)
	}
	return nil
}

var _ show.HealthLogger = (*DB)(nil)
