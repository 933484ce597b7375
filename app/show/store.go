package show

import (
	"context"
	"time"

	"forkcast/app/vote"
)

// Store is the engine's durable storage; app/sqlite implements it. Every write
// goes through a Tx so that a text, its vote and the tally it moves commit
// together, and events are published only after Commit returns nil.
type Store interface {
	// Begin starts a write transaction. The caller must Commit or Rollback it;
	// Rollback after Commit is a no-op. It fails when the store is closed or busy
	// beyond its timeout.
	Begin(ctx context.Context) (Tx, error)
	// Setting returns a stored setting; ok is false when it is unset.
	Setting(ctx context.Context, key string) (value string, ok bool, err error)
	// LatestSession returns the newest session of mode for the story with hash
	// that has not ended, or nil when there is none.
	LatestSession(ctx context.Context, mode Mode, hash string) (*SessionRecord, error)
	// Snapshot returns what resuming session id needs: its path, the poll of
	// the current visit with its tallies and counted votes, opt-outs and the
	// last inbox id. It fails with ENOTFOUND for an unknown session.
	Snapshot(ctx context.Context, id int64) (*Snapshot, error)
	// VisitPoll returns the poll of visit id with its tallies and counted
	// votes, or nil when the visit has no poll.
	VisitPoll(ctx context.Context, visit int64) (*PollSnapshot, error)
	// Inbox returns the newest limit texts of session id, newest first.
	Inbox(ctx context.Context, id int64, limit int) ([]InboxEntry, error)
	// Purge removes stored phone numbers and old sessions as opts say.
	Purge(ctx context.Context, opts PurgeOptions) (PurgeResult, error)
}

// Tx is one write transaction of the store. Its methods fail when the
// statement fails (a constraint, a closed store); the caller then rolls back.
type Tx interface {
	Commit() error
	Rollback() error

	// PutSetting stores a setting, replacing any previous value.
	PutSetting(ctx context.Context, key, value string) error
	// CreateSession inserts s and sets s.ID.
	CreateSession(ctx context.Context, s *SessionRecord) error
	// EndSessions ends every open session of mode at at, so the new one is
	// the only one a restart resumes.
	EndSessions(ctx context.Context, mode Mode, at time.Time) error
	// SavePosition records session s's position, blank flag and story hash.
	SavePosition(ctx context.Context, s *SessionRecord) error
	// LogNav appends one move to the navigation log.
	LogNav(ctx context.Context, n NavRecord) error
	// PushVisit inserts v (a scene entered) and sets v.ID.
	PushVisit(ctx context.Context, v *VisitRecord) error
	// PopVisit marks visit id as left backwards (no longer on the path).
	PopVisit(ctx context.Context, id int64) error
	// LeaveVisit records how visit id was left: the fork choice and who decided.
	LeaveVisit(ctx context.Context, id int64, choice int, by string) error
	// SavePoll inserts p when p.ID is 0 (setting p.ID), else updates its
	// lifecycle fields (state, times, winner, tie, override).
	SavePoll(ctx context.Context, p *PollRecord) error
	// AddMessage inserts m into the inbox and sets m.ID. It returns false, and
	// stores nothing, when m.Source and m.ProviderID are already stored.
	AddMessage(ctx context.Context, m *MessageRecord) (bool, error)
	// AddVotes inserts votes; a vote's ID is its text's inbox id (a text is
	// read as one vote at most), so no id needs reading back.
	AddVotes(ctx context.Context, votes []VoteRecord) error
	// Uncount marks vote id as no longer counted, with the reason.
	Uncount(ctx context.Context, id int64, reason string) error
	// AddTally adds delta[choice] to poll's counts and invalid to its invalid count.
	AddTally(ctx context.Context, poll int64, delta map[int]int, invalid int) error
	// SetOptOut records (out) or clears a voter's STOP.
	SetOptOut(ctx context.Context, voter string, out bool, at time.Time) error
	// SaveNumber keeps a voter's raw number (only while replies are on).
	SaveNumber(ctx context.Context, voter, number string, at time.Time) error
}

// SessionRecord is a stored session.
type SessionRecord struct {
	ID        int64
	Mode      Mode
	StoryFile string
	StoryHash string
	Title     string
	StartedAt time.Time
	EndedAt   time.Time // zero while open
	Scene     string
	Slide     int
	Blank     bool
	UpdatedAt time.Time
	// Clock is the talk clock's elapsed time as of ClockAt; ClockState is
	// ClockIdle, ClockRunning or ClockStopped. ClockAt is kept in memory
	// only: a resumed session measures from the resume, so the time the app
	// was closed never counts.
	Clock      time.Duration
	ClockState string
	ClockAt    time.Time
	// EndScreen says the end screen is shown (Next went past the last
	// slide); EndedAt is then the time it was reached.
	EndScreen bool
	// Authors and Credits are the story's, for the exports.
	Authors []string
	Credits string
}

// Talk clock states.
const (
	ClockIdle    = ""        // not started: the first Next (or StartClock) starts it
	ClockRunning = "running" // counting
	ClockStopped = "stopped" // the talk reached its end
)

// NavRecord is one move in the navigation log.
type NavRecord struct {
	Session int64
	At      time.Time
	Action  string // NavStart, NavNext, ...
	Scene   string
	Slide   int
	Detail  string
}

// Navigation log actions.
const (
	NavStart  = "start"
	NavResume = "resume"
	NavNext   = "next"
	NavPrev   = "prev"
	NavGoto   = "goto"
	NavBlank  = "blank"
	NavReload = "reload"
)

// VisitRecord is one scene on the path: entered at At, left by Choice/By.
type VisitRecord struct {
	ID      int64
	Session int64
	Scene   string
	At      time.Time
	Choice  int
	By      string
}

// PollRecord is a stored poll and its lifecycle.
type PollRecord struct {
	ID          int64
	Session     int64
	Visit       int64
	Scene       string
	Kind        vote.PollKind
	State       string // PollOpen, PollClosed, PollDecided
	Choices     []vote.Choice
	Min, Max    int // rating polls
	Timer       time.Duration
	Grace       time.Duration
	Policy      string
	Ties        string
	HideResults bool
	OpenedAt    time.Time
	ClosesAt    time.Time // zero = closes by key
	ClosedAt    time.Time
	DecidedAt   time.Time
	Winner      int
	Tie         []int
	DecidedBy   string
	Override    string
	// OverridePrivate: the speaker kept the override's reason off the stage.
	OverridePrivate bool
	Invalid         int
	// Parser reads this poll's ballots (the story's languages, letters). It
	// is not stored: it comes from the story when the poll opens or is
	// restored.
	Parser vote.Parser
}

// MessageRecord is one inbox row.
type MessageRecord struct {
	ID         int64
	Session    int64
	Source     string
	ProviderID string
	Voter      string // HMAC key; "" when the sender is empty
	Sender     string // masked
	Text       string // raw, possibly invalid UTF-8
	PDU        string
	Partial    bool
	ReceivedAt time.Time
	StoredAt   time.Time
	Poll       int64
	Result     string
	Choice     int
	Reason     string
}

// VoteRecord is one text read as a ballot for a poll.
type VoteRecord struct {
	ID      int64 // = Inbox
	Poll    int64
	Inbox   int64
	Voter   string
	Choice  int // choice number, or the rating; 0 for an invalid text
	Counted bool
	Reason  string
	At      time.Time
}

// CountedVote is a voter's vote that currently counts in a poll.
type CountedVote struct {
	Voter  string
	Vote   int64
	Choice int
	// Sent is when the provider took the text (MessageRecord.ReceivedAt):
	// a voter's texts are ordered by it, not by arrival, so an older text
	// delivered late (held on a relay that was down, read from a SIM out of
	// order) never replaces a newer one under last-wins.
	Sent time.Time
}

// Snapshot is what resuming a session needs.
type Snapshot struct {
	Session   SessionRecord
	Path      []VisitRecord // visits still on the path, oldest first
	Poll      *PollSnapshot // poll of the last visit, nil if none
	OptOuts   []string      // voters who texted STOP
	LastInbox int64
}

// PollSnapshot is a stored poll with what counting in it needs.
type PollSnapshot struct {
	Poll    PollRecord
	Tallies map[int]int   // counts by choice (or rating)
	Counted []CountedVote // votes that count, one per voter
}

// PurgeOptions say what Purge removes.
type PurgeOptions struct {
	// NumbersBefore removes raw numbers (and raw PDUs, which contain them)
	// stored before this time; zero keeps them unless AllNumbers.
	NumbersBefore time.Time
	// AllNumbers removes every raw number and PDU.
	AllNumbers bool
	// SessionsBefore removes whole sessions (texts, votes, polls, path)
	// started before this time; zero keeps them.
	SessionsBefore time.Time
}

// PurgeResult counts what Purge removed.
type PurgeResult struct {
	Numbers  int64 `json:"numbers"`
	PDUs     int64 `json:"pdus"`
	Sessions int64 `json:"sessions"`
	Texts    int64 `json:"texts"`
}

// Inbox results (InboxEntry.Result).
const (
	ResultCounted   = "counted"
	ResultChanged   = "changed"
	ResultIgnored   = "ignored"
	ResultInvalid   = "invalid"
	ResultLate      = "late"
	ResultNoPoll    = "no-poll"
	ResultCommand   = "command"
	ResultDuplicate = "duplicate"
	// ResultUnreadable is a text its source could not read (vote.Message.Unreadable):
	// kept raw, never counted.
	ResultUnreadable = "unreadable"

	// ResultSuperseded is a vote sent before the voter's vote that counts,
	// arriving after it: under last-wins the newer text keeps counting.
	ResultSuperseded = "superseded"

	// ReasonChanged is the reason on a vote row that no longer counts
	// because the voter's vote changed.
	ReasonChanged = "changed"
)
