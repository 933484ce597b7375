package sim

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
)

func sampleStream() vote.Stream {
	return vote.Stream{
		Session: vote.StreamSession{Session: 4, Mode: "live", Story: "abc", Title: "Demo"},
		Polls: []vote.StreamPoll{
			{Poll: 1, Scene: "crisis-1", Kind: "fork", DurationMs: 60000},
			{Poll: 2, Scene: "rating", Kind: "rating", DurationMs: 0},
		},
		Texts: []vote.StreamText{
			{Poll: 1, OffsetMs: 500, Voter: "va", Text: "1"},
			{Poll: 1, OffsetMs: 1500, Voter: "vb", Text: "two"},
			{Poll: 1, OffsetMs: 30000, Voter: "va", Text: "2"},
			{Poll: 1, OffsetMs: 62000, Voter: "vc", Text: "1"},
			{Poll: 2, OffsetMs: 4000, Voter: "vb", Text: ""},
		},
	}
}

func TestReplayRebasesOntoPolls(t *testing.T) {
	s := sampleStream()
	clock := &testkit.Clock{}
	r, err := NewReplay(ReplayConfig{Stream: &s, Speed: 10, Instant: true, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	opened := t0.Add(time.Hour)
	p1 := fork(21, 2, opened, 6*time.Second)
	p2 := vote.PollInfo{ID: 22, Kind: vote.PollRating, Open: true, OpenedAt: opened.Add(time.Minute), Rehearsal: true}
	msgs := drive(t, r, clock, p1, p2)
	type row struct {
		id, text string
		at       time.Duration
		sender   string
	}
	var got []row
	for _, m := range msgs {
		got = append(got, row{m.ProviderID, m.Text, m.ReceivedAt.Sub(opened), m.Sender})
	}
	// speed 10: offsets / 10; the late text follows the close (+6 s) by 2 s / 10.
	want := []row{
		{"replay-21-0", "1", 50 * time.Millisecond, Phone(0)},
		{"replay-21-1", "two", 150 * time.Millisecond, Phone(1)},
		{"replay-21-2", "2", 3 * time.Second, Phone(0)},
		{"replay-21-3", "1", 6*time.Second + 200*time.Millisecond, Phone(2)},
		{"replay-22-0", "", time.Minute + 400*time.Millisecond, Phone(1)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("replayed:\n got %v\nwant %v", got, want)
	}
	if h := r.Health(); h.Source != "replay" || h.Received != 5 || h.Metrics["speed"] != "10x" {
		t.Errorf("health %+v: want source replay, 5 received, speed 10x", h)
	}
}

func TestNewReplayFromFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "votes.jsonl")
	var buf bytes.Buffer
	s := sampleStream()
	w := vote.NewStreamWriter(&buf)
	w.Session(s.Session)
	for _, p := range s.Polls {
		w.Poll(p)
	}
	for _, x := range s.Texts {
		if err := w.Text(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseReplaySpec(path + ",speed=10")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReplay(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.Stream().Texts); got != 5 {
		t.Errorf("%d texts read, want 5", got)
	}
	r, err = NewReplay(ReplayConfig{File: path + ",speed=4"})
	if err != nil {
		t.Fatal(err)
	}
	if r.speed != 4 {
		t.Errorf("NewReplay(File: %q): speed %v, err %v; want the spec read, speed 4", path+",speed=4", r.speed, err)
	}
	if _, err := NewReplay(ReplayConfig{File: filepath.Join(dir, "missing.jsonl")}); err == nil {
		t.Error("NewReplay of a missing file: nil error")
	}
	for _, spec := range []string{"", ",speed=2", "f,speed=0", "f,speed=x", "f,pace=2"} {
		if _, err := ParseReplaySpec(spec); err == nil {
			t.Errorf("ParseReplaySpec(%q): nil error", spec)
		}
	}
}
