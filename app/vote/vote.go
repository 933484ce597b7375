// Package vote is the domain leaf of Forkcast: an inbound text (Message), the
// interfaces every vote source implements (Source, Sink), what a poll looks like
// to a source (PollInfo), and ballot parsing. It imports only the standard
// library and golang.org/x/text, so every adapter can depend on it.
package vote

import (
	"context"
	"time"
)

// Message is one inbound text as a source received it.
//
// Source and ProviderID together identify it: a redelivery of the same pair is a
// no-op in the store. ProviderID is the provider's id (Twilio's MessageSid), a
// hash of the raw PDU for a modem, or a generated id for the simulator.
type Message struct {
	Source     string    `json:"source"`     // source name, e.g. "modem", "relay", "sim"
	ProviderID string    `json:"providerId"` // unique within Source
	Sender     string    `json:"-"`          // raw sender number as received; never shown
	Text       string    `json:"text"`       // decoded text, possibly invalid UTF-8 (kept raw)
	PDU        string    `json:"pdu,omitempty"`
	ReceivedAt time.Time `json:"receivedAt"` // when the source received it (for the grace window)
	Partial    bool      `json:"partial,omitempty"`
	// Unreadable says the source could not read it as a received text and
	// kept it raw: Text is empty, PDU holds what arrived, Sender is set when
	// that part could be read. It is stored and shown, never counted.
	Unreadable bool `json:"unreadable,omitempty"`
}

// Sink is what a Source hands messages to (the engine).
type Sink interface {
	// Ingest stores msgs durably, then parses and counts them. It returns nil
	// only after the commit that stores every one of them; a source acknowledges
	// to its provider (deletes from the SIM, advances the relay cursor) only then.
	// It fails when the store fails or ctx ends; the source must then retry later.
	Ingest(ctx context.Context, msgs []Message) error
}

// Source delivers messages to a Sink until its context ends.
type Source interface {
	// Name is a short stable name used in logs, health and the inbox ("modem", "relay", "sim").
	Name() string
	// Run delivers messages to sink until ctx ends; it reconnects by itself after
	// transient faults and returns ctx.Err() on a clean stop, or an error it
	// cannot recover from (a bad configuration).
	Run(ctx context.Context, sink Sink) error
	// Health reports the source's current state; safe for concurrent use.
	Health() Health
}

// Health is a source's state as the console shows it.
type Health struct {
	Source   string            `json:"source"`
	Kind     string            `json:"kind"`   // "modem", "relay", "sim", "replay"
	State    string            `json:"state"`  // HealthOK, HealthConnecting, HealthDegraded, HealthDown, HealthStopped
	Detail   string            `json:"detail"` // one sentence a speaker can act on
	LastText time.Time         `json:"lastText,omitzero"`
	Received int64             `json:"received"`
	Metrics  map[string]string `json:"metrics,omitempty"` // e.g. "signal": "-71 dBm", "lag": "120 ms", "rate": "40/s"
}

// Health states.
const (
	HealthOK         = "ok"
	HealthConnecting = "connecting"
	HealthDegraded   = "degraded"
	HealthDown       = "down"
	HealthStopped    = "stopped"
)

// PollKind tells a fork poll from a rating poll.
type PollKind string

// Poll kinds.
const (
	PollFork   PollKind = "fork"
	PollRating PollKind = "rating"
)

// Choice is one numbered option of a fork as ballot parsing sees it.
type Choice struct {
	Number   int      `json:"number"`
	Label    string   `json:"label"`
	Keywords []string `json:"keywords,omitempty"`
}

// PollInfo is what a source that reacts to polls (the simulator, the relay's
// reply policy) learns when a poll opens or closes.
type PollInfo struct {
	ID        int64     `json:"id"`
	Kind      PollKind  `json:"kind"`
	Open      bool      `json:"open"`
	Choices   []Choice  `json:"choices,omitempty"` // fork polls only
	OpenedAt  time.Time `json:"openedAt,omitzero"`
	ClosesAt  time.Time `json:"closesAt,omitzero"` // zero when closed by key
	Rehearsal bool      `json:"rehearsal"`
	// Parser reads ballots as the engine does for this poll (the story's
	// languages and letters), so a relay's automatic reply agrees with the count.
	Parser Parser `json:"parser,omitzero"`
	// Min and Max bound a rating poll (1 and 10 when zero).
	Min int `json:"min,omitempty"`
	Max int `json:"max,omitempty"`
}

// PollWatcher is implemented by sources that react to polls opening and closing.
// PollChanged must not block.
type PollWatcher interface {
	PollChanged(p PollInfo)
}

// Replies are the texts sent back to a voter, each empty when that reply is off.
// All are off by default.
type Replies struct {
	Accepted string `json:"accepted,omitempty"` // a vote was counted
	Closed   string `json:"closed,omitempty"`   // a text arrived when no poll was open
	Invalid  string `json:"invalid,omitempty"`  // a text during a poll that is not a vote
	Rating   string `json:"rating,omitempty"`   // a rating was counted (thanks + links)
	Help     string `json:"help,omitempty"`     // answer to HELP
}

// Replier is implemented by sources that can text a voter back (the modem).
type Replier interface {
	// Reply queues text for to; it fails when the source is down or to has opted out.
	Reply(ctx context.Context, to, text string) error
}

// ReplyPolicySetter is implemented by sources that answer texts themselves from a
// policy pushed to them (the relay answers each webhook with TwiML at once).
type ReplyPolicySetter interface {
	SetReplies(ctx context.Context, r Replies) error
}
