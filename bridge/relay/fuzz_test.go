package relay

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSSEParser feeds arbitrary bytes to the client's event-stream parser
// (no panic, no endless loop, data never holds a CR or LF it was not given
// as a separate data line), and checks that any text the relay writes reads
// back intact.
func FuzzSSEParser(f *testing.F) {
	f.Add([]byte("id: 1\nevent: text\ndata: {}\n\n"), "1")
	f.Add([]byte("data: a\r\ndata: b\r\r: c\n\nid: \x00\n"), "x\ny")
	f.Add([]byte("retry: 1000\nevent: hello\ndata: {\"epoch\":\"e\"}\n\n"), "\u2028")
	f.Add([]byte("\r"), "")
	f.Fuzz(func(t *testing.T, stream []byte, text string) {
		p := NewEventReader(bytes.NewReader(stream))
		for i := 0; ; i++ {
			ev, err := p.Next()
			if err != nil {
				break
			}
			if i > len(stream) {
				t.Fatalf("more events than bytes")
			}
			if strings.ContainsAny(ev.Event, "\r\n") || strings.ContainsAny(ev.ID, "\r\n\x00") || strings.Contains(ev.Data, "\r") {
				t.Fatalf("line break leaked into a field: %q", ev)
			}
		}
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		WriteEvent(w, "42", "text", Text{ID: 42, MessageID: "SM1", Text: text})
		w.Flush()
		p = NewEventReader(&buf)
		ev, err := p.Next()
		if err != nil {
			t.Fatalf("reading back a written event: %v", err)
		}
		if _, err := p.Next(); !errors.Is(err, io.EOF) {
			t.Fatalf("a written event read back as more than one: %v", err)
		}
		if ev.ID != "42" || ev.Event != "text" {
			t.Fatalf("read back %q, want id 42 event text", ev)
		}
		var got Text
		if err := json.Unmarshal([]byte(ev.Data), &got); err != nil {
			t.Fatalf("read back data %q: %v", ev.Data, err)
		}
		if utf8.ValidString(text) && got.Text != text {
			t.Fatalf("text read back %q, want %q", got.Text, text)
		}
	})
}
