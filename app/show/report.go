package show

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"forkcast/app/vote"
)

// Report is a session's results as `forkcast export` writes them: the path
// taken, each poll with its bars or rating, and every vote with masked
// numbers, and the sources' health changes. Voters appear as aliases (v1, v2, ...) local to one report, not as
// keys, so reports cannot be joined across sessions.
type Report struct {
	Session ReportSession `json:"session"`
	Path    []PathStep    `json:"path"`
	Polls   []ReportPoll  `json:"polls"`
	Votes   []ReportVote  `json:"votes"`
	// Health is every stored change of a source's health state, oldest first.
	Health []HealthEvent `json:"health"`
}

// ReportSession identifies the session of a report.
type ReportSession struct {
	ID        int64     `json:"id"`
	Mode      Mode      `json:"mode"`
	Title     string    `json:"title"`
	File      string    `json:"file"`
	Hash      string    `json:"hash"`
	StartedAt time.Time `json:"startedAt"`
	EndedAt   time.Time `json:"endedAt,omitzero"`
	Authors   []string  `json:"authors"`           // the story's authors, as on the end screen
	Credits   string    `json:"credits,omitempty"` // the story's credits line
}

// ReportPoll is one poll's outcome.
type ReportPoll struct {
	ID        int64         `json:"id"`
	Scene     string        `json:"scene"`
	Kind      vote.PollKind `json:"kind"`
	State     string        `json:"state"`
	OpenedAt  time.Time     `json:"openedAt,omitzero"`
	ClosedAt  time.Time     `json:"closedAt,omitzero"`
	Timer     time.Duration `json:"timer"`
	Policy    string        `json:"policy"`
	Ties      string        `json:"ties"`
	Choices   []ChoiceTally `json:"choices"`
	Total     int           `json:"total"`
	Invalid   int           `json:"invalid"`
	Winner    int           `json:"winner,omitempty"`
	Tie       []int         `json:"tie,omitempty"`
	DecidedBy string        `json:"decidedBy,omitempty"`
	Override  string        `json:"override,omitempty"`
	// OverridePrivate: the reason was kept off the stage.
	OverridePrivate bool         `json:"overridePrivate,omitempty"`
	Rating          *RatingStats `json:"rating,omitempty"`
	RatingMin       int          `json:"ratingMin,omitempty"` // the rating of Rating.Histogram[0]
}

// ReportVote is one text read for a poll.
type ReportVote struct {
	Poll       int64     `json:"poll"`
	Source     string    `json:"source"`
	Voter      string    `json:"voter"`  // alias, e.g. "v12"
	Sender     string    `json:"sender"` // masked
	Text       string    `json:"text"`
	ReceivedAt time.Time `json:"receivedAt"`
	StoredAt   time.Time `json:"storedAt"`
	Result     string    `json:"result"`
	Choice     int       `json:"choice,omitempty"`
	Counted    bool      `json:"counted"`
	Reason     string    `json:"reason,omitempty"`
}

// NewReportPoll summarises a stored poll and its counts.
func NewReportPoll(rec PollRecord, counts map[int]int) ReportPoll {
	ps := pollState(nil, &rec, counts, "")
	return ReportPoll{ID: rec.ID, Scene: rec.Scene, Kind: rec.Kind, State: rec.State, OpenedAt: rec.OpenedAt,
		ClosedAt: rec.ClosedAt, Timer: rec.Timer, Policy: rec.Policy, Ties: rec.Ties, Choices: ps.Choices,
		Total: ps.Total, Invalid: rec.Invalid, Winner: rec.Winner, Tie: rec.Tie, DecidedBy: rec.DecidedBy,
		Override: rec.Override, OverridePrivate: rec.OverridePrivate, Rating: ps.Rating, RatingMin: rec.Min}
}

// WriteJSON writes r as indented JSON. It fails when w fails.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// WriteCSV writes r as CSV in four sections (session, path, polls, votes),
// each a title row, a header row and its rows, separated by an empty row;
// a poll has one row per choice (or per rating value). It fails when w fails.
func (r *Report) WriteCSV(w io.Writer) error {
	c := csv.NewWriter(w)
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	itoa := func(n int) string { return strconv.Itoa(n) }
	s := r.Session
	rows := [][]string{
		{"session"}, {"id", "mode", "title", "file", "hash", "started_at", "ended_at", "authors", "credits"},
		{strconv.FormatInt(s.ID, 10), string(s.Mode), s.Title, s.File, s.Hash, ts(s.StartedAt), ts(s.EndedAt),
			strings.Join(s.Authors, "; "), s.Credits},
		{}, {"path"}, {"step", "scene", "at", "choice", "decided_by"},
	}
	for i, p := range r.Path {
		rows = append(rows, []string{itoa(i + 1), p.Scene, ts(p.At), itoa(p.Choice), p.By})
	}
	rows = append(rows, []string{}, []string{"polls"}, []string{"poll", "scene", "kind", "state", "opened_at",
		"closed_at", "policy", "choice", "label", "count", "percent", "total", "invalid", "winner", "decided_by", "override"})
	for _, p := range r.Polls {
		rows = append(rows, pollRows(p, ts)...)
	}
	rows = append(rows, []string{}, []string{"votes"}, []string{"poll", "source", "voter", "sender", "text",
		"received_at", "stored_at", "result", "choice", "counted", "reason"})
	for _, v := range r.Votes {
		rows = append(rows, []string{strconv.FormatInt(v.Poll, 10), v.Source, v.Voter, v.Sender, v.Text,
			ts(v.ReceivedAt), ts(v.StoredAt), v.Result, itoa(v.Choice), strconv.FormatBool(v.Counted), v.Reason})
	}
	if err := c.WriteAll(rows); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// pollRows is one row per bar of a poll: its choices, or its rating values.
func pollRows(p ReportPoll, ts func(time.Time) string) [][]string {
	head := []string{strconv.FormatInt(p.ID, 10), p.Scene, string(p.Kind), p.State, ts(p.OpenedAt), ts(p.ClosedAt), p.Policy}
	tail := []string{strconv.Itoa(p.Total), strconv.Itoa(p.Invalid), strconv.Itoa(p.Winner), p.DecidedBy, p.Override}
	var out [][]string
	row := func(choice, label string, count int, pct float64) {
		r := append(append(append([]string{}, head...), choice, label, strconv.Itoa(count),
			strconv.FormatFloat(pct, 'f', 1, 64)), tail...)
		out = append(out, r)
	}
	if p.Rating != nil {
		for i, n := range p.Rating.Histogram {
			pct := 0.0
			if p.Rating.Count > 0 {
				pct = 100 * float64(n) / float64(p.Rating.Count)
			}
			row(strconv.Itoa(p.RatingMin+i), fmt.Sprintf("mean %.2f median %g nps %.0f", p.Rating.Mean, p.Rating.Median, p.Rating.NPS), n, pct)
		}
		return out
	}
	for _, c := range p.Choices {
		row(strconv.Itoa(c.Number), c.Label, c.Count, c.Percent)
	}
	return out
}
