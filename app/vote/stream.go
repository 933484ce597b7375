package vote

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// StreamFormat names the vote-stream file format, version 1: JSON Lines,
// one object per line, each with a "type":
//
//	{"type":"session","format":"forkcast-votes/1","session":12,"mode":"live","story":"<sha256>","title":"..."}
//	{"type":"poll","poll":1,"scene":"crisis-1","kind":"fork","durationMs":60000}
//	{"type":"text","poll":1,"offsetMs":812,"voter":"v3f9a1c2e","text":"2"}
//
// The session line comes first and is optional. Polls are numbered from 1 in
// the order they opened; durationMs is how long the poll was open (0 when
// unknown). A text's offsetMs counts from its poll's opening (a late text's
// offset is past durationMs); voter is a pseudonym, the same for every text of
// one phone and never a number. Texts received while no poll was open are
// not part of a stream. Unknown fields are ignored.
const StreamFormat = "forkcast-votes/1"

// StreamSession is the optional first line of a stream.
type StreamSession struct {
	Type    string `json:"type"` // "session"
	Format  string `json:"format"`
	Session int64  `json:"session,omitempty"`
	Mode    string `json:"mode,omitempty"`
	Story   string `json:"story,omitempty"` // the story's hash
	Title   string `json:"title,omitempty"`
}

// StreamPoll describes one poll of the recording.
type StreamPoll struct {
	Type       string `json:"type"` // "poll"
	Poll       int    `json:"poll"`
	Scene      string `json:"scene,omitempty"`
	Kind       string `json:"kind,omitempty"` // "fork" or "rating"
	DurationMs int64  `json:"durationMs"`
}

// StreamText is one text received during (or just after) a poll.
type StreamText struct {
	Type     string `json:"type"` // "text"
	Poll     int    `json:"poll"`
	OffsetMs int64  `json:"offsetMs"`
	Voter    string `json:"voter"`
	Text     string `json:"text"`
}

// Stream is a whole vote-stream file in memory.
type Stream struct {
	Session StreamSession
	Polls   []StreamPoll // by poll number
	Texts   []StreamText // by poll, then offset, then file order
}

// StreamWriter writes a vote-stream file line by line, in the order its
// methods are called (a session line first, then each poll followed by its
// texts), filling in each line's type. Errors stick: after a failed write,
// every method returns the same error.
type StreamWriter struct {
	enc *json.Encoder
	err error
}

// NewStreamWriter writes a stream to w.
func NewStreamWriter(w io.Writer) *StreamWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &StreamWriter{enc: enc}
}

// Session writes the session line, with the format filled in. It fails when
// the writer fails.
func (sw *StreamWriter) Session(s StreamSession) error {
	s.Type, s.Format = "session", StreamFormat
	return sw.line(s)
}

// Poll writes a poll line. It fails when the writer fails.
func (sw *StreamWriter) Poll(p StreamPoll) error {
	p.Type = "poll"
	return sw.line(p)
}

// Text writes a text line. It fails when the writer fails.
func (sw *StreamWriter) Text(t StreamText) error {
	t.Type = "text"
	return sw.line(t)
}

func (sw *StreamWriter) line(v any) error {
	if sw.err == nil {
		if err := sw.enc.Encode(v); err != nil {
			sw.err = fmt.Errorf("write vote stream: %w", err)
		}
	}
	return sw.err
}

// ReadStream reads a vote-stream file. A poll with texts but no poll line gets
// duration 0. It fails with the line number on a line that is not JSON, an
// unknown type or format, a poll number < 1 or a negative duration.
func ReadStream(r io.Reader) (Stream, error) {
	var s Stream
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	polls := map[int]StreamPoll{}
	line := 0
	for sc.Scan() {
		line++
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var rec streamLine
		if err := json.Unmarshal([]byte(b), &rec); err != nil {
			return s, fmt.Errorf("line %d: %w", line, err)
		}
		switch rec.Type {
		case "session":
			if rec.Format != StreamFormat {
				return s, fmt.Errorf("line %d: format %q, want %q", line, rec.Format, StreamFormat)
			}
			s.Session = StreamSession{Type: rec.Type, Format: rec.Format, Session: rec.Session, Mode: rec.Mode, Story: rec.Story, Title: rec.Title}
		case "poll":
			p := StreamPoll{Type: rec.Type, Poll: rec.Poll, Scene: rec.Scene, Kind: rec.Kind, DurationMs: rec.DurationMs}
			if p.Poll < 1 || p.DurationMs < 0 {
				return s, fmt.Errorf("line %d: poll %d with duration %d ms", line, p.Poll, p.DurationMs)
			}
			polls[p.Poll] = p
		case "text":
			t := StreamText{Type: rec.Type, Poll: rec.Poll, OffsetMs: rec.OffsetMs, Voter: rec.Voter, Text: rec.Text}
			if t.Poll < 1 {
				return s, fmt.Errorf("line %d: text for poll %d, want ≥ 1", line, t.Poll)
			}
			if _, ok := polls[t.Poll]; !ok {
				polls[t.Poll] = StreamPoll{Type: "poll", Poll: t.Poll}
			}
			s.Texts = append(s.Texts, t)
		default:
			return s, fmt.Errorf("line %d: unknown type %q (want session, poll or text)", line, rec.Type)
		}
	}
	if err := sc.Err(); err != nil {
		return s, fmt.Errorf("line %d: %w", line+1, err)
	}
	for _, p := range polls {
		s.Polls = append(s.Polls, p)
	}
	sort.Slice(s.Polls, func(i, j int) bool { return s.Polls[i].Poll < s.Polls[j].Poll })
	sort.SliceStable(s.Texts, func(i, j int) bool {
		a, b := s.Texts[i], s.Texts[j]
		if a.Poll != b.Poll {
			return a.Poll < b.Poll
		}
		return a.OffsetMs < b.OffsetMs
	})
	if len(s.Polls) == 0 && line > 0 && s.Session.Format == "" {
		return s, errors.New("not a vote stream: no session, poll or text lines")
	}
	return s, nil
}

// streamLine is any line of a stream.
type streamLine struct {
	Type       string `json:"type"`
	Format     string `json:"format"`
	Session    int64  `json:"session"`
	Mode       string `json:"mode"`
	Story      string `json:"story"`
	Title      string `json:"title"`
	Poll       int    `json:"poll"`
	Scene      string `json:"scene"`
	Kind       string `json:"kind"`
	DurationMs int64  `json:"durationMs"`
	OffsetMs   int64  `json:"offsetMs"`
	Voter      string `json:"voter"`
	Text       string `json:"text"`
}
