package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"forkcast/app/show"
)

// statements used on the hot path, prepared once per connection.
var statements = map[string]string{
	"addMessage": `INSERT INTO inbox (session_id, source, provider_id, voter, sender, text, pdu, partial,
		received_at, stored_at, poll_id, result, choice, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source, provider_id) DO NOTHING`,
	"uncount": `UPDATE votes SET counted = 0, reason = ? WHERE id = ?`,
	"addTally": `INSERT INTO tallies (poll_id, choice, count) VALUES (?, ?, ?)
		ON CONFLICT (poll_id, choice) DO UPDATE SET count = count + excluded.count`,
	"addInvalid": `UPDATE polls SET invalid = invalid + ? WHERE id = ?`,
}

func (db *DB) prepare(ctx context.Context) error {
	db.stmts = make(map[string]*sql.Stmt, len(statements)+len(voteChunks))
	all := maps.Clone(statements)
	for _, n := range voteChunks {
		all["addVotes"+strconv.Itoa(n)] = voteInsert(n)
	}
	for name, q := range all {
		s, err := db.db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare %s: %w", name, err)
		}
		db.stmts[name] = s
	}
	return nil
}

// Tx is a write transaction; it implements show.Tx.
type Tx struct {
	tx    *sql.Tx
	db    *DB
	stmts map[string]*sql.Stmt
}

var _ show.Tx = (*Tx)(nil)

// Commit commits the transaction; it fails when the commit fails, and then
// nothing of the transaction is stored.
func (tx *Tx) Commit() error {
	if err := tx.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Rollback abandons the transaction; after Commit it is a no-op.
func (tx *Tx) Rollback() error {
	if err := tx.tx.Rollback(); err != nil && err != sql.ErrTxDone {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}

// stmt returns the prepared statement name bound to this transaction.
func (tx *Tx) stmt(ctx context.Context, name string) *sql.Stmt {
	if s, ok := tx.stmts[name]; ok {
		return s
	}
	if tx.stmts == nil {
		tx.stmts = make(map[string]*sql.Stmt, len(tx.db.stmts))
	}
	s := tx.tx.StmtContext(ctx, tx.db.stmts[name])
	tx.stmts[name] = s
	return s
}

// PutSetting stores a setting, replacing any previous value.
func (tx *Tx) PutSetting(ctx context.Context, key, value string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("put setting %s: %w", key, err)
	}
	return nil
}

// CreateSession inserts s and sets s.ID.
func (tx *Tx) CreateSession(ctx context.Context, s *show.SessionRecord) error {
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO sessions (mode, story_file, story_hash, title,
		started_at, scene, slide, blank, updated_at, authors, credits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(s.Mode), s.StoryFile, s.StoryHash, s.Title, s.StartedAt.UnixNano(), s.Scene, s.Slide,
		boolInt(s.Blank), s.UpdatedAt.UnixNano(), authorsJSON(s.Authors), s.Credits).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// EndSessions ends every open session of mode.
func (tx *Tx) EndSessions(ctx context.Context, mode show.Mode, at time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE sessions SET ended_at = COALESCE(ended_at, ?), end_screen = 0
		WHERE mode = ? AND (ended_at IS NULL OR end_screen = 1)`,
		at.UnixNano(), string(mode))
	if err != nil {
		return fmt.Errorf("end %s sessions: %w", mode, err)
	}
	return nil
}

// SavePosition records the session's position, blank flag, story, talk
// clock and end screen (ended_at is set while the end screen is shown).
func (tx *Tx) SavePosition(ctx context.Context, s *show.SessionRecord) error {
	var ended any
	if s.EndScreen && !s.EndedAt.IsZero() {
		ended = s.EndedAt.UnixNano()
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE sessions SET scene = ?, slide = ?, blank = ?, story_hash = ?,
		story_file = ?, title = ?, updated_at = ?, clock_ns = ?, clock_state = ?, end_screen = ?, ended_at = ?,
		authors = ?, credits = ? WHERE id = ?`,
		s.Scene, s.Slide, boolInt(s.Blank), s.StoryHash, s.StoryFile, s.Title, s.UpdatedAt.UnixNano(),
		int64(s.Clock), s.ClockState, boolInt(s.EndScreen), ended, authorsJSON(s.Authors), s.Credits, s.ID)
	if err != nil {
		return fmt.Errorf("save position of session %d: %w", s.ID, err)
	}
	return nil
}

// LogNav appends a move to the navigation log.
func (tx *Tx) LogNav(ctx context.Context, n show.NavRecord) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO nav_log (session_id, at, action, scene, slide, detail)
		VALUES (?, ?, ?, ?, ?, ?)`, n.Session, n.At.UnixNano(), n.Action, n.Scene, n.Slide, n.Detail)
	if err != nil {
		return fmt.Errorf("log %s: %w", n.Action, err)
	}
	return nil
}

// PushVisit inserts v and sets v.ID.
func (tx *Tx) PushVisit(ctx context.Context, v *show.VisitRecord) error {
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO visits (session_id, scene, entered_at, choice, decided_by)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, v.Session, v.Scene, v.At.UnixNano(), v.Choice, v.By).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("enter scene %s: %w", v.Scene, err)
	}
	return nil
}

// PopVisit marks visit id as left backwards.
func (tx *Tx) PopVisit(ctx context.Context, id int64) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE visits SET popped = 1 WHERE id = ?`, id); err != nil {
		return fmt.Errorf("pop visit %d: %w", id, err)
	}
	return nil
}

// LeaveVisit records how visit id was left.
func (tx *Tx) LeaveVisit(ctx context.Context, id int64, choice int, by string) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE visits SET choice = ?, decided_by = ? WHERE id = ?`,
		choice, by, id); err != nil {
		return fmt.Errorf("leave visit %d: %w", id, err)
	}
	return nil
}

// SavePoll inserts p (p.ID 0) or updates its lifecycle fields.
func (tx *Tx) SavePoll(ctx context.Context, p *show.PollRecord) error {
	if p.ID != 0 {
		_, err := tx.tx.ExecContext(ctx, `UPDATE polls SET state = ?, opened_at = ?, closes_at = ?,
			closed_at = ?, decided_at = ?, winner = ?, tie = ?, decided_by = ?, override = ?, override_private = ?
			WHERE id = ?`,
			p.State, nanos(p.OpenedAt), nanos(p.ClosesAt), nanos(p.ClosedAt), nanos(p.DecidedAt),
			p.Winner, joinInts(p.Tie), p.DecidedBy, p.Override, boolInt(p.OverridePrivate), p.ID)
		if err != nil {
			return fmt.Errorf("save poll %d: %w", p.ID, err)
		}
		return nil
	}
	choices, err := json.Marshal(p.Choices)
	if err != nil {
		return fmt.Errorf("save poll: %w", err)
	}
	err = tx.tx.QueryRowContext(ctx, `INSERT INTO polls (session_id, visit_id, scene, kind, state, choices,
		rating_min, rating_max, timer_ns, grace_ns, policy, ties, hide_results, opened_at, closes_at,
		closed_at, decided_at, winner, tie, decided_by, override, override_private)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Session, p.Visit, p.Scene, string(p.Kind), p.State, string(choices), p.Min, p.Max,
		int64(p.Timer), int64(p.Grace), p.Policy, p.Ties, boolInt(p.HideResults), nanos(p.OpenedAt),
		nanos(p.ClosesAt), nanos(p.ClosedAt), nanos(p.DecidedAt), p.Winner, joinInts(p.Tie),
		p.DecidedBy, p.Override, boolInt(p.OverridePrivate)).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("create poll for %s: %w", p.Scene, err)
	}
	return nil
}

// AddMessage inserts m; false means (source, provider id) was already stored.
func (tx *Tx) AddMessage(ctx context.Context, m *show.MessageRecord) (bool, error) {
	var poll any
	if m.Poll != 0 {
		poll = m.Poll
	}
	var pdu any
	if m.PDU != "" {
		pdu = m.PDU
	}
	var session any
	if m.Session != 0 {
		session = m.Session
	}
	// Exec, not RETURNING: no rows object per text on the hot path.
	r, err := tx.stmt(ctx, "addMessage").ExecContext(ctx, session, m.Source, m.ProviderID, m.Voter,
		m.Sender, []byte(m.Text), pdu, boolInt(m.Partial), m.ReceivedAt.UnixNano(), m.StoredAt.UnixNano(),
		poll, m.Result, m.Choice, m.Reason)
	if err != nil {
		return false, fmt.Errorf("store text %s/%s: %w", m.Source, m.ProviderID, err)
	}
	if n, err := r.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if m.ID, err = r.LastInsertId(); err != nil {
		return false, fmt.Errorf("store text %s/%s: %w", m.Source, m.ProviderID, err)
	}
	return true, nil
}

// voteChunks are the row counts of the prepared multi-row vote inserts; a
// batch is stored greedily in chunks of these sizes, so no statement is
// prepared per commit.
var voteChunks = []int{64, 16, 4, 1}

// voteInsert returns the INSERT of n vote rows.
func voteInsert(n int) string {
	var q strings.Builder
	q.WriteString(`INSERT INTO votes (id, poll_id, inbox_id, voter, choice, counted, reason, at) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
	}
	return q.String()
}

// AddVotes inserts votes, many rows per statement; each vote's id is its
// text's inbox id.
func (tx *Tx) AddVotes(ctx context.Context, votes []show.VoteRecord) error {
	args := make([]any, 0, 8*voteChunks[0])
	for _, size := range voteChunks {
		for len(votes) >= size {
			args = args[:0]
			for _, v := range votes[:size] {
				args = append(args, v.Inbox, v.Poll, v.Inbox, v.Voter, v.Choice, boolInt(v.Counted), v.Reason, v.At.UnixNano())
			}
			if _, err := tx.stmt(ctx, "addVotes"+strconv.Itoa(size)).ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("store %d votes: %w", size, err)
			}
			votes = votes[size:]
		}
	}
	return nil
}

// Uncount marks vote id as no longer counted.
func (tx *Tx) Uncount(ctx context.Context, id int64, reason string) error {
	if _, err := tx.stmt(ctx, "uncount").ExecContext(ctx, reason, id); err != nil {
		return fmt.Errorf("uncount vote %d: %w", id, err)
	}
	return nil
}

// AddTally adds delta to poll's counts and invalid to its invalid count.
func (tx *Tx) AddTally(ctx context.Context, poll int64, delta map[int]int, invalid int) error {
	for choice, d := range delta {
		if d == 0 {
			continue
		}
		if _, err := tx.stmt(ctx, "addTally").ExecContext(ctx, poll, choice, d); err != nil {
			return fmt.Errorf("tally poll %d: %w", poll, err)
		}
	}
	if invalid != 0 {
		if _, err := tx.stmt(ctx, "addInvalid").ExecContext(ctx, invalid, poll); err != nil {
			return fmt.Errorf("tally poll %d: %w", poll, err)
		}
	}
	return nil
}

// SetOptOut records or clears a voter's STOP.
func (tx *Tx) SetOptOut(ctx context.Context, voter string, out bool, at time.Time) error {
	var err error
	if out {
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO opt_outs (voter, at) VALUES (?, ?)
			ON CONFLICT (voter) DO UPDATE SET at = excluded.at`, voter, at.UnixNano())
	} else {
		_, err = tx.tx.ExecContext(ctx, `DELETE FROM opt_outs WHERE voter = ?`, voter)
	}
	if err != nil {
		return fmt.Errorf("record opt-out: %w", err)
	}
	return nil
}

// SaveNumber keeps a voter's raw number for replies.
func (tx *Tx) SaveNumber(ctx context.Context, voter, number string, at time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO numbers (voter, number, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (voter) DO UPDATE SET number = excluded.number, seen_at = excluded.seen_at`,
		voter, number, at.UnixNano())
	if err != nil {
		return fmt.Errorf("save number: %w", err)
	}
	return nil
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

func splitInts(s string) []int {
	if s == "" {
		return nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// authorsJSON is a story's authors as the sessions table keeps them.
func authorsJSON(a []string) string {
	if len(a) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(a) // a []string always marshals
	return string(b)
}
