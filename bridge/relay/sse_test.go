package relay

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestSSEReader(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []Event
	}{
		{"one event", "id: 1\nevent: text\ndata: {}\n\n", []Event{{"1", "text", "{}"}}},
		{"CRLF and CR line ends", "id: 2\r\nevent: a\r\ndata: x\r\n\r\nevent: b\rdata: y\r\r",
			[]Event{{"2", "a", "x"}, {"2", "b", "y"}}},
		{"comments and retry ignored", ": hi\nretry: 10\ndata: z\n\n", []Event{{"", "message", "z"}}},
		{"multi-line data", "data: a\ndata: b\ndata\n\n", []Event{{"", "message", "a\nb\n"}}},
		{"no space after colon", "data:x\nevent:e\n\n", []Event{{"", "e", "x"}}},
		{"only one leading space stripped", "data:  x\n\n", []Event{{"", "message", " x"}}},
		{"event without data is not dispatched", "event: ping\n\ndata: d\n\n", []Event{{"", "message", "d"}}},
		{"id with NUL ignored", "id: 3\ndata: a\n\nid: 4\x00\ndata: b\n\n", []Event{{"3", "message", "a"}, {"3", "message", "b"}}},
		{"id persists", "id: 5\ndata: a\n\ndata: b\n\n", []Event{{"5", "message", "a"}, {"5", "message", "b"}}},
		{"cut-off event dropped", "data: a\n\ndata: b", []Event{{"", "message", "a"}}},
		{"unknown field ignored", "foo: bar\ndata: a\n\n", []Event{{"", "message", "a"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// One byte at a time too: a CR at the end of a read must wait for a possible LF.
			for _, r := range []io.Reader{strings.NewReader(c.in), iotest.OneByteReader(strings.NewReader(c.in))} {
				got := readAll(t, r)
				if len(got) != len(c.want) {
					t.Fatalf("events = %q, want %q", got, c.want)
				}
				for i := range got {
					if got[i] != c.want[i] {
						t.Fatalf("event %d = %q, want %q", i, got[i], c.want[i])
					}
				}
			}
		})
	}
}

func readAll(t *testing.T, r io.Reader) []Event {
	t.Helper()
	p := NewEventReader(r)
	var out []Event
	for {
		ev, err := p.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("next: %v", err)
		}
		out = append(out, ev)
	}
}

func TestSSEReaderLineTooLong(t *testing.T) {
	p := NewEventReader(strings.NewReader("data: " + strings.Repeat("x", maxSSELine+1) + "\n\n"))
	if _, err := p.Next(); err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("next on an over-long line = %v, want a line-too-long error", err)
	}
}

func TestWriteEventRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	in := Text{ID: 9, MessageID: "SM9", Text: "line\nbreak\r and \u2028 and \x00"}
	WriteEvent(w, "9", "text", in)
	w.Flush()
	got := readAll(t, &buf)
	if len(got) != 1 || got[0].ID != "9" || got[0].Event != "text" || !strings.Contains(got[0].Data, `line\nbreak\r`) {
		t.Fatalf("round trip = %q, want one text event with id 9 and escaped line breaks", got)
	}
}
