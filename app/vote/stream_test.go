package vote

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func sampleStream() Stream {
	return Stream{
		Session: StreamSession{Session: 4, Mode: "live", Story: "abc", Title: "Demo"},
		Polls: []StreamPoll{
			{Poll: 1, Scene: "crisis-1", Kind: "fork", DurationMs: 60000},
			{Poll: 2, Scene: "rating", Kind: "rating", DurationMs: 0},
		},
		Texts: []StreamText{
			{Poll: 1, OffsetMs: 500, Voter: "va", Text: "1"},
			{Poll: 1, OffsetMs: 1500, Voter: "vb", Text: "two"},
			{Poll: 1, OffsetMs: 30000, Voter: "va", Text: "2"},
			{Poll: 1, OffsetMs: 62000, Voter: "vc", Text: "1"},
			{Poll: 2, OffsetMs: 4000, Voter: "vb", Text: ""},
		},
	}
}

func TestStreamRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	s := sampleStream()
	w := NewStreamWriter(&buf)
	w.Session(s.Session)
	for _, p := range s.Polls {
		w.Poll(p)
	}
	for _, x := range s.Texts {
		if err := w.Text(x); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.HasPrefix(buf.String(), `{"type":"session","format":"forkcast-votes/1"`) {
		t.Errorf("first line %q, want the session line", strings.SplitN(buf.String(), "\n", 2)[0])
	}
	got, err := ReadStream(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := sampleStream()
	want.Session.Type, want.Session.Format = "session", StreamFormat
	for i := range want.Polls {
		want.Polls[i].Type = "poll"
	}
	for i := range want.Texts {
		want.Texts[i].Type = "text"
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
}

func TestReadStreamErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not json", "{\"type\":\"text\"\n", "line 1"},
		{"bad type", `{"type":"vote"}`, "unknown type"},
		{"bad format", `{"type":"session","format":"csv"}`, "format"},
		{"poll 0", `{"type":"poll","poll":0}`, "poll 0"},
		{"text poll 0", "\n" + `{"type":"text","poll":0,"text":"1"}`, "line 2"},
		{"negative duration", `{"type":"poll","poll":1,"durationMs":-5}`, "duration"},
	}
	for _, tt := range tests {
		_, err := ReadStream(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

// A failed write sticks: every later line fails with the same error.
func TestStreamWriterErrorSticks(t *testing.T) {
	w := NewStreamWriter(failWriter{})
	first := w.Session(StreamSession{})
	if first == nil {
		t.Fatal("writing to a failing writer succeeded")
	}
	if err := w.Text(StreamText{Poll: 1}); err != first {
		t.Errorf("the next write = %v, want the first error %v", err, first)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
