package web

import (
	"io"
	"testing"
	"time"

	"forkcast/app/show"
)

// BenchmarkWriteTallyEvent is the per-stream cost of one coalesced tally on the SSE wire.
func BenchmarkWriteTallyEvent(b *testing.B) {
	t := show.Tally{Poll: 1, Total: 1234, Invalid: 12, Seq: 99999, At: time.Now(), Choices: []show.ChoiceTally{
		{Number: 1, Label: "Security breach", Keywords: []string{"breach", "security"}, Target: "security", Count: 700, Percent: 56.7},
		{Number: 2, Label: "Traffic surge", Keywords: []string{"surge"}, Target: "traffic", Count: 534, Percent: 43.3},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if err := writeEvent(io.Discard, show.EventTally, t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetState is GET /api/state through the whole handler (auth, JSON).
func BenchmarkGetState(b *testing.B) {
	fc := &fakeController{}
	fc.setState(show.State{Scene: "crisis-1", Slides: 3, AtFork: true, Poll: &show.PollState{ID: 1, State: show.PollOpen,
		Choices: []show.ChoiceTally{{Number: 1, Label: "A", Count: 10}, {Number: 2, Label: "B", Count: 20}}}})
	s, _ := newTest(b, fc, nil)
	b.ReportAllocs()
	for b.Loop() {
		w := do(b, s.Handler(), req{method: "GET", target: "/api/state"})
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}
