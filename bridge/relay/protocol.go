package relay

import (
	"bufio"
	"encoding/json"
	"time"

	"forkcast/app/vote"
)

// The laptop's side of the protocol (docs/relay.md): a server-sent event
// stream on GET StreamPath, cumulative acknowledgements on POST AckPath, and
// the reply policy on PUT RepliesPath. The types below are the JSON bodies;
// the server (bridge/relay/server) writes what the client here reads.
const (
	StreamPath  = "/v1/stream"
	AckPath     = "/v1/ack"
	RepliesPath = "/v1/replies"
)

// Event names on the stream.
const (
	EventHello = "hello" // opens every stream: a Hello
	EventText  = "text"  // one stored text: a Text, with the text's id as the event id
	EventPing  = "ping"  // the heartbeat: a Ping
)

// Text is one text on the stream.
type Text struct {
	ID         int64     `json:"id"`
	Provider   string    `json:"provider"`
	MessageID  string    `json:"messageId"` // what the laptop dedupes on
	From       string    `json:"from"`
	To         string    `json:"to"`
	Text       string    `json:"text"`
	ReceivedAt time.Time `json:"receivedAt"`
}

// Hello opens every stream.
type Hello struct {
	Epoch     string `json:"epoch"` // the relay store's identity: ids restart with a new one
	Heartbeat int64  `json:"heartbeatMs"`
	After     int64  `json:"after"` // the resume point the relay used
	Pending   int64  `json:"pending"`
}

// Ping is the heartbeat.
type Ping struct {
	Time    time.Time `json:"time"`
	Pending int64     `json:"pending"`
}

// Ack is the body of POST AckPath: every text up to Through is stored.
type Ack struct {
	Through int64 `json:"through"`
}

// Policy is what the laptop pushes with PUT RepliesPath: the reply texts for
// what is happening now, and the poll they apply to. Every reply is off
// (empty) by default.
type Policy struct {
	Replies vote.Replies `json:"replies"`
	// Poll is the poll the laptop last reported (open or closed); nil means
	// unknown, and then only HELP is answered.
	Poll *vote.PollInfo `json:"poll,omitempty"`
}

// MaxReplyLen bounds one reply text (Twilio's limit for a message body).
const MaxReplyLen = 1600

// Valid reports the first reply text over MaxReplyLen, if any.
func (p Policy) Valid() (string, bool) {
	r := p.Replies
	for name, v := range map[string]string{"accepted": r.Accepted, "closed": r.Closed,
		"invalid": r.Invalid, "rating": r.Rating, "help": r.Help} {
		if len([]rune(v)) > MaxReplyLen {
			return name, false
		}
	}
	return "", true
}

// WriteEvent writes one server-sent event to w. data is JSON, which never
// holds a raw line break, so it is a single data line. Errors stick to w and
// show at its next Flush.
func WriteEvent(w *bufio.Writer, id, event string, data any) {
	b, _ := json.Marshal(data)
	if id != "" {
		w.WriteString("id: " + id + "\n")
	}
	w.WriteString("event: " + event + "\ndata: ")
	w.Write(b)
	w.WriteString("\n\n")
}
