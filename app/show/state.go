package show

import (
	"context"
	"time"

	"forkcast/app/vote"
)

// This file is the contract between the engine and its two edges (the Wails
// facade in package app, the HTTP server in app/web): the state they show, the
// events they forward, and the actions they may call. JSON names here are
// mirrored in frontend/src/backend/types.ts.

// Event names, "noun:verb", mirrored in frontend/src/backend/events.ts.
const (
	EventState   = "state:changed"   // payload State: position, poll lifecycle, sources
	EventTally   = "tally:updated"   // payload Tally, coalesced to at most ~20 a second
	EventMessage = "message:stored"  // payload []InboxEntry (masked), coalesced
	EventHealth  = "source:health"   // payload []vote.Health
	EventStory   = "story:reloaded"  // payload StoryStatus (live reload, checker problems)
	EventTimings = "rehearse:timing" // payload rehearsal timing report (rehearsal only)
)

// Notifier receives events after the commit that caused them. Notify must not
// block: implementations queue or drop.
type Notifier interface {
	Notify(event string, payload any)
}

// NotifierFunc adapts a function to Notifier.
type NotifierFunc func(event string, payload any)

// Notify calls f.
func (f NotifierFunc) Notify(event string, payload any) { f(event, payload) }

// Mode is a session's kind; live and rehearsal data never mix.
type Mode string

// Session modes.
const (
	Live      Mode = "live"
	Rehearsal Mode = "rehearsal"
)

// Poll states.
const (
	PollReady   = "ready"   // at a fork, poll not opened yet
	PollOpen    = "open"    // counting
	PollClosed  = "closed"  // closed, winner pending (tie waiting for the speaker)
	PollDecided = "decided" // closed with a winner (by votes, tie rule or override)
)

// State is everything the stage and console show, as one JSON document.
type State struct {
	Session SessionInfo `json:"session"`
	Story   StoryInfo   `json:"story"`
	Scene   string      `json:"scene"`
	Slide   int         `json:"slide"`  // index within the scene, from 0
	Slides  int         `json:"slides"` // slides in the scene
	AtFork  bool        `json:"atFork"` // on the slide that carries the poll
	AtEnd   bool        `json:"atEnd"`  // on the last slide of an ending
	Next    *NextInfo   `json:"next"`   // what "next" would show; nil at a fork without winner
	Poll    *PollState  `json:"poll"`   // the poll of the current scene, nil if none
	Blank   bool        `json:"blank"`  // stage blanked by the speaker
	Ended   bool        `json:"ended"`  // the end screen is shown (Next past the end)
	// ConfirmClose says the next Next closes the open poll (the console shows
	// "press Next again"; the stage does not).
	ConfirmClose bool          `json:"confirmClose"`
	Path         []PathStep    `json:"path"`      // scenes visited so far, in order
	Sources      []vote.Health `json:"sources"`   // one per running source
	Now          time.Time     `json:"now"`       // server clock, to sync countdowns
	StartedAt    time.Time     `json:"startedAt"` // when the session started (not the talk clock)
	// Clock is the talk clock as of Now; it counts on from Now only while
	// ClockState is "running" ("idle": not started, "stopped": the talk ended).
	Clock      time.Duration `json:"clock"`
	ClockState string        `json:"clockState"`
	Version    int64         `json:"version"` // increases with every change
}

// SessionInfo identifies the running session.
type SessionInfo struct {
	ID        int64     `json:"id"`
	Mode      Mode      `json:"mode"`
	StartedAt time.Time `json:"startedAt"`
	Resumed   bool      `json:"resumed"` // restarted after a crash or quit
}

// StoryInfo is the story's header as the stage needs it.
type StoryInfo struct {
	Title  string        `json:"title"`
	Hash   string        `json:"hash"`
	Number string        `json:"number"` // default phone number
	Slot   time.Duration `json:"slot"`
}

// NextInfo says where "next" goes: the next slide of this scene or another scene.
type NextInfo struct {
	Scene string `json:"scene"`
	Slide int    `json:"slide"`
	End   bool   `json:"end"`
}

// PathStep is one scene on the path taken, with how it was left.
type PathStep struct {
	Scene  string    `json:"scene"`
	At     time.Time `json:"at"`
	Choice int       `json:"choice,omitempty"` // choice that led out of this scene, if a fork
	By     string    `json:"by,omitempty"`     // "votes", "tie-rule", "presenter", "override"
}

// PollState is the current scene's poll.
type PollState struct {
	ID          int64         `json:"id"`
	Scene       string        `json:"scene"`
	Kind        vote.PollKind `json:"kind"`
	State       string        `json:"state"` // PollReady, PollOpen, PollClosed, PollDecided
	Number      string        `json:"number"`
	Choices     []ChoiceTally `json:"choices"`
	Total       int           `json:"total"`   // counted votes (distinct voters)
	Invalid     int           `json:"invalid"` // texts during the poll that did not count
	OpenedAt    time.Time     `json:"openedAt,omitzero"`
	ClosesAt    time.Time     `json:"closesAt,omitzero"` // zero = closes by key
	ClosedAt    time.Time     `json:"closedAt,omitzero"`
	Timer       time.Duration `json:"timer"`
	Policy      string        `json:"policy"`
	Ties        string        `json:"ties"`
	HideResults bool          `json:"hideResults"`
	Winner      int           `json:"winner,omitempty"` // choice number; 0 = none yet
	Tie         []int         `json:"tie,omitempty"`    // tied choices waiting for the speaker
	DecidedBy   string        `json:"decidedBy,omitempty"`
	Override    string        `json:"override,omitempty"` // reason given for an override
	// OverridePrivate keeps Override off the stage (console and exports only).
	OverridePrivate bool         `json:"overridePrivate,omitempty"`
	Rating          *RatingStats `json:"rating,omitempty"`
}

// ChoiceTally is one bar.
type ChoiceTally struct {
	Number   int      `json:"number"`
	Label    string   `json:"label"`
	Keywords []string `json:"keywords,omitempty"`
	Target   string   `json:"target"`
	Count    int      `json:"count"`
	Percent  float64  `json:"percent"`
	// Greyed marks a choice the hub rule shows greyed out: already
	// visited in this show, not votable.
	Greyed bool `json:"greyed,omitempty"`
}

// RatingStats summarise a rating poll.
type RatingStats struct {
	Histogram []int   `json:"histogram"` // index 0 = rating Min
	Count     int     `json:"count"`
	Mean      float64 `json:"mean"`
	Median    float64 `json:"median"`
	NPS       float64 `json:"nps"` // promoters (9-10) minus detractors (1-6), percent
}

// Tally is the coalesced live count of the open poll.
type Tally struct {
	Poll    int64         `json:"poll"`
	Choices []ChoiceTally `json:"choices"`
	Total   int           `json:"total"`
	Invalid int           `json:"invalid"`
	Rating  *RatingStats  `json:"rating,omitempty"`
	Seq     int64         `json:"seq"` // engine's ingest sequence at this tally
	At      time.Time     `json:"at"`
}

// InboxEntry is a stored text as the console's log shows it (number masked).
type InboxEntry struct {
	ID         int64     `json:"id"`
	Source     string    `json:"source"`
	Sender     string    `json:"sender"` // masked, e.g. "+1 ••• ••• 0142"
	Text       string    `json:"text"`
	ReceivedAt time.Time `json:"receivedAt"`
	StoredAt   time.Time `json:"storedAt"`
	Poll       int64     `json:"poll,omitempty"`
	Result     string    `json:"result"` // "counted", "changed", "ignored", "invalid", "late", "no-poll", "command", "duplicate", "superseded", "unreadable"
	Choice     int       `json:"choice,omitempty"`
	Reason     string    `json:"reason,omitempty"` // why it did not count, readable
}

// StoryStatus reports a live reload of the story file.
type StoryStatus struct {
	File     string    `json:"file"`
	Hash     string    `json:"hash"`
	Loaded   time.Time `json:"loaded"`
	Problems []string  `json:"problems,omitempty"` // file:line:col: error|warning: message
	OK       bool      `json:"ok"`
}

// Controller is what the edges (Wails facade, HTTP API) may do to the show.
// Every action fails with a coded *Error (see errors.go) a speaker can read.
type Controller interface {
	State() State
	Next(ctx context.Context) error
	Prev(ctx context.Context) error
	Goto(ctx context.Context, scene string) error
	OpenPoll(ctx context.Context) error
	ClosePoll(ctx context.Context) error
	// Pick chooses the winner: breaks a tie, or overrides the vote when reason is given.
	Pick(ctx context.Context, choice int, reason string) error
	// PickPrivate overrides the vote with a reason the stage never shows.
	PickPrivate(ctx context.Context, choice int, reason string) error
	SetBlank(ctx context.Context, on bool) error
	Inbox(ctx context.Context, limit int) ([]InboxEntry, error)
}
