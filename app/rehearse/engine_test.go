package rehearse

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
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

	nav, sessions, err := ReadRehearsals(ctx, db, s, nil)
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
