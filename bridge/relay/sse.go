package relay

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

// maxSSELine bounds one line of the stream; a longer one is a protocol error.
const maxSSELine = 1 << 20

// Event is one dispatched server-sent event.
type Event struct {
	ID    string // the last event id seen on the stream at dispatch
	Event string // "message" when the stream named none
	Data  string
}

// EventReader parses a text/event-stream as the HTML standard describes it:
// lines end in CRLF, LF or CR; ":" starts a comment; fields are event, data,
// id and retry; a blank line dispatches; an event cut off by the end of the
// stream is dropped.
type EventReader struct {
	sc     *bufio.Scanner
	lastID string
}

// NewEventReader reads events from r.
func NewEventReader(r io.Reader) *EventReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxSSELine)
	sc.Split(splitSSELine)
	return &EventReader{sc: sc}
}

// Next returns the next event. It fails with io.EOF at the end of the stream,
// or with the reader's error, or when a line is longer than maxSSELine.
func (p *EventReader) Next() (Event, error) {
	var event string
	var data strings.Builder
	hasData := false
	for p.sc.Scan() {
		line := p.sc.Bytes()
		if len(line) == 0 {
			if !hasData {
				event = ""
				continue
			}
			if event == "" {
				event = "message"
			}
			return Event{ID: p.lastID, Event: event, Data: data.String()}, nil
		}
		if line[0] == ':' {
			continue
		}
		field, value := line, []byte(nil)
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], line[i+1:]
			value = bytes.TrimPrefix(value, []byte(" "))
		}
		switch string(field) {
		case "event":
			event = string(value)
		case "data":
			if hasData {
				data.WriteByte('\n')
			}
			data.Write(value)
			hasData = true
		case "id":
			if bytes.IndexByte(value, 0) < 0 {
				p.lastID = string(value)
			}
		}
	}
	if err := p.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return Event{}, errors.New("event stream: line too long")
		}
		return Event{}, err
	}
	return Event{}, io.EOF
}

// splitSSELine splits on CRLF, LF or a lone CR.
func splitSSELine(data []byte, atEOF bool) (int, []byte, error) {
	i := bytes.IndexAny(data, "\r\n")
	switch {
	case i < 0:
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	case data[i] == '\n':
		return i + 1, data[:i], nil
	case i+1 < len(data):
		if data[i+1] == '\n' {
			return i + 2, data[:i], nil
		}
		return i + 1, data[:i], nil
	case atEOF:
		return i + 1, data[:i], nil
	}
	return 0, nil, nil // a CR at the end of the buffer: is a LF next?
}
