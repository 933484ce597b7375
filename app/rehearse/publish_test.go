package rehearse

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/testkit"
)

// TestPublishTimings: on the real engine and store, every move of a
// rehearsal publishes a timing report that holds the time just recorded, and
// the console needs no refetch to see it.
func TestPublishTimings(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "forkcast.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hub := show.NewHub()
	defer hub.Close()
	clk := &clock{t: t0}
	eng, err := show.New(ctx, show.Config{Story: loadStory(t, "testdata/timed.md"), Store: db, Mode: show.Rehearsal,
		NewSession: true, Now: clk.Now, Notifier: hub})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	c := NewConsole(ConsoleConfig{Show: eng, Store: db})
	in, stopIn := hub.Subscribe(16)
	defer stopIn()
	watch, stopWatch := hub.Subscribe(16)
	defer stopWatch()
	done := make(chan struct{})
	go func() { c.PublishTimings(ctx, in, hub, nil); close(done) }()

	// waitReport waits for a published report with want recorded slides.
	waitReport := func(want int) *Report {
		t.Helper()
		deadline := time.After(testkit.Patience)
		seen := -1
		for {
			select {
			case ev := <-watch:
				if ev.Name != show.EventTimings {
					continue
				}
				r := ev.Payload.(*Report)
				if seen = r.RecordedSlides; seen == want {
					return r
				}
			case <-deadline:
				t.Fatalf("no timing report with %d recorded slides within %v (last seen: %d)", want, testkit.Patience, seen)
			}
		}
	}
	clk.Advance(40 * time.Second)
	if err := eng.Next(ctx); err != nil {
		t.Fatal(err)
	}
	r := waitReport(1)
	if got := r.Slides[0].RecordedMs; got != 40_000 {
		t.Errorf("first slide recorded %d ms, want 40000", got)
	}
	clk.Advance(30 * time.Second)
	if err := eng.Next(ctx); err != nil {
		t.Fatal(err)
	}
	waitReport(2)
	cancel()
	select {
	case <-done:
	case <-time.After(testkit.Patience):
		t.Fatal("PublishTimings did not return when its context ended")
	}
}
