package rehearse

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/bridge/sim"
)

// TestTimingFromTheEngine rehearses testdata/timed.md twice on the real
// engine with a fake clock, reads the navigation log back from the database
// and checks the report's numbers exactly (the same times as timedLog).
func TestTimingFromTheEngine(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "forkcast.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := loadStory(t, "testdata/timed.md")
	clk := &clock{t: t0}
	eng, err := show.New(ctx, show.Config{Story: s, Store: db, Mode: show.Rehearsal, NewSession: true, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	sec := time.Second
	step := func(d time.Duration, action func(context.Context) error) {
		t.Helper()
		clk.Advance(d)
		if err := action(ctx); err != nil {
			t.Fatalf("at %v: %v", clk.Now().Sub(t0), err)
		}
	}
	pick := func(choice int) func(context.Context) error {
		return func(ctx context.Context) error { return eng.Pick(ctx, choice, "rehearsing") }
	}
	// Session 1: intro 40 s, 30 s; the fork 30 s (poll opened and picked); short.
	step(40*sec, eng.Next)
	step(30*sec, eng.Next)
	step(10*sec, eng.OpenPoll)
	step(10*sec, pick(1))
	step(10*sec, eng.Next)
	// Session 2: intro 50 s, 30 s; the fork 50 s, blanked for a while; long 30 s.
	step(60*sec, eng.ResetRehearsal)
	step(50*sec, eng.Next)
	step(30*sec, eng.Next)
	step(10*sec, func(ctx context.Context) error { return eng.SetBlank(ctx, true) })
	step(20*sec, func(ctx context.Context) error { return eng.SetBlank(ctx, false) })
	step(20*sec, pick(2))
	step(0, eng.Next)
	step(30*sec, eng.Next)
	step(5*sec, eng.Prev) // long/1 for 5 s, then back to long/0 for 5 s: stays add up
	step(5*sec, eng.Next)

	nav, sessions, err := ReadRehearsals(ctx, path, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions) != 2 {
		t.Fatalf("sessions %v, want 2", sessions)
	}
	r := Timing(s, nav, TimingOptions{Sessions: sessions})
	want := map[SlideKey]int64{
		{"intro", 0}: 45000, {"intro", 1}: 30000, {"pick", 0}: 40000, {"long", 0}: 35000, {"long", 1}: 5000,
	}
	for _, sl := range r.Slides {
		w, rec := want[SlideKey{sl.Scene, sl.Slide}]
		if rec && (sl.Source != "recorded" || sl.Ms != w) || !rec && sl.Source != "estimate" {
			t.Errorf("slide %s/%d: %d ms %s, want %d ms recorded (0 = estimate)", sl.Scene, sl.Slide, sl.Ms, sl.Source, w)
		}
	}
	long := r.Paths[1]
	if long.Ms != 45000+30000+40000+35000+5000 || long.RecordedSlides != 5 || !long.Overrun || long.OverMs != 15000 {
		t.Errorf("long path %+v, want 155000 ms over 5 recorded slides, 15 s over the slot", long)
	}
}

// TestReplayReproducesTallies walks a story with a simulated audience,
// exports the walk's vote stream from the database, walks it again with the
// stream replayed, and compares every poll's tally.
func TestReplayReproducesTallies(t *testing.T) {
	ctx := context.Background()
	s := loadStory(t, "../../../stories/demo.md")
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := Walk(ctx, WalkOptions{Story: s, Audience: simAudience("audience=250,seed=21,late=0.1,change=0.2,invalid=0.1,dup=0.05"), Store: db, Start: t0})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	var sessions []int64
	for _, r := range orig.Runs {
		sessions = append(sessions, r.Session)
	}
	var buf bytes.Buffer
	if err := ExportStream(ctx, path, sessions, &buf); err != nil {
		t.Fatal(err)
	}
	stream, err := sim.ReadStream(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("sim cannot read the exported stream: %v", err)
	}
	if len(stream.Texts) == 0 || stream.Session.Session != sessions[0] {
		t.Fatalf("exported %d texts, session %d; want texts of session %d", len(stream.Texts), stream.Session.Session, sessions[0])
	}
	replay := func(now func() time.Time) (Audience, error) {
		return sim.NewReplay(sim.ReplayConfig{Stream: &stream, Instant: true, Now: now})
	}
	again, err := Walk(ctx, WalkOptions{Story: s, Audience: replay, Start: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Runs) != len(orig.Runs) {
		t.Fatalf("replayed walk made %d runs, want %d", len(again.Runs), len(orig.Runs))
	}
	polls := 0
	for i := range orig.Runs {
		a, b := orig.Runs[i].Polls, again.Runs[i].Polls
		if len(a) != len(b) {
			t.Fatalf("run %d: %d polls replayed, want %d", i, len(b), len(a))
		}
		for j := range a {
			polls++
			if !reflect.DeepEqual(a[j].Counts, b[j].Counts) || a[j].Total != b[j].Total || a[j].Invalid != b[j].Invalid || a[j].Winner != b[j].Winner {
				t.Errorf("run %d poll %d (%s): replayed %v total %d invalid %d winner %d; recorded %v total %d invalid %d winner %d",
					i, j, a[j].Scene, b[j].Counts, b[j].Total, b[j].Invalid, b[j].Winner, a[j].Counts, a[j].Total, a[j].Invalid, a[j].Winner)
			}
		}
	}
	if polls < 3 {
		t.Errorf("compared %d polls, want at least 3", polls)
	}
}
