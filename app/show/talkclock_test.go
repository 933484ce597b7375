package show_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/testkit"
)

// clockIs checks the talk clock's state and reading.
func (f *fixture) clockIs(step string, state string, want time.Duration) {
	f.t.Helper()
	s := f.e.State()
	if s.ClockState != state || s.Clock != want {
		f.t.Fatalf("%s: clock %s %v, want %s %v", step, s.ClockState, s.Clock, state, want)
	}
}

// TestTalkClock: the clock waits for the first Next, counts while the show
// runs, pauses while the app is closed, stops at the end screen, and the end
// screen (with ended_at) survives a restart.
func TestTalkClock(t *testing.T) {
	o := defaultOpts()
	o.Grace = 0
	f := newFixture(t, o)
	f.clock.Advance(10 * time.Minute) // the app opened long before the talk
	f.clockIs("before the first Next", "idle", 0)
	f.do("next", f.e.Next)
	f.clockIs("at the first Next", "running", 0)
	f.clock.Advance(90 * time.Second)
	f.clockIs("after 90 s", "running", 90*time.Second)

	f.e.Close()                     // quit ...
	f.clock.Advance(14 * time.Hour) // ... overnight ...
	f.start(false)
	f.clockIs("resumed", "running", 90*time.Second) // the night does not count
	f.clock.Advance(30 * time.Second)
	f.do("next", f.e.Next) // to crisis
	f.clockIs("after a move", "running", 2*time.Minute)

	// Through the fork and the rating to the end screen.
	f.do("next", f.e.Next)
	f.do("open", f.e.Next)
	f.text(1, "2")
	f.do("arm", f.e.Next)
	f.do("close", f.e.Next)
	f.do("follow", f.e.Next)
	f.do("to rating", f.e.Next)
	f.do("open rating", f.e.Next)
	f.do("arm", f.e.Next)
	f.do("close", f.e.Next)
	f.clock.Advance(time.Minute)
	f.do("end", f.e.Next)
	if !f.e.State().Ended {
		t.Fatalf("not on the end screen: %+v", f.where())
	}
	f.clockIs("at the end", "stopped", 3*time.Minute)
	endAt := f.clock.Now()
	f.clock.Advance(10 * time.Minute) // applause, questions
	f.clockIs("after the end", "stopped", 3*time.Minute)

	id := f.e.State().Session.ID
	ses, err := f.db.Session(context.Background(), id)
	if err != nil || !ses.EndedAt.Equal(endAt) {
		t.Fatalf("ended_at=%v (%v), want %v", ses.EndedAt, err, endAt)
	}
	f.start(false)
	if s := f.e.State(); !s.Ended || s.Session.ID != id {
		t.Fatalf("after a restart: ended=%v session %d, want the end screen of session %d", s.Ended, s.Session.ID, id)
	}
	f.clockIs("end screen resumed", "stopped", 3*time.Minute)

	// Previous leaves the end screen: the talk (and its clock) goes on, ended_at clears.
	f.do("prev", f.e.Prev)
	f.clock.Advance(5 * time.Second)
	f.clockIs("back from the end", "running", 3*time.Minute+5*time.Second)
	if ses, _ := f.db.Session(context.Background(), id); !ses.EndedAt.IsZero() {
		t.Fatalf("ended_at=%v after leaving the end screen, want none", ses.EndedAt)
	}

	// A new session supersedes the ended one: a restart does not go back to it.
	f.do("end", f.e.Next)
	f.start(true)
	if s := f.e.State(); s.Session.ID == id || s.Ended {
		t.Fatalf("fresh start: session %d ended=%v, want a new session", s.Session.ID, s.Ended)
	}
	f.start(false)
	if s := f.e.State(); s.Session.ID == id {
		t.Fatalf("restart resumed the superseded session %d", id)
	}
}

// TestTalkClockStartReset: the speaker starts the clock by hand and resets it.
func TestTalkClockStartReset(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.do("start", f.e.StartClock)
	f.clock.Advance(time.Minute)
	f.do("start again", f.e.StartClock) // a running clock is left alone
	f.clockIs("started by hand", "running", time.Minute)
	f.do("next", f.e.Next)
	f.clockIs("next", "running", time.Minute)
	f.do("reset", f.e.ResetClock)
	f.clock.Advance(time.Minute)
	f.clockIs("reset", "idle", 0)
	f.start(false)
	f.clockIs("reset, resumed", "idle", 0)
	f.do("next", f.e.Next)
	f.clock.Advance(7 * time.Second)
	f.clockIs("after reset and next", "running", 7*time.Second)
	if s := f.e.State(); s.Session.Mode != show.Live {
		t.Fatalf("mode %s, want live: start and reset work in a live show", s.Session.Mode)
	}
}

// TestExportCarriesAuthorsAndEnd: a session's report (JSON and CSV) names the
// story's authors and credits and, once the end screen was reached, ended_at.
func TestExportCarriesAuthorsAndEnd(t *testing.T) {
	o := defaultOpts()
	o.Grace = 0
	f := newFixture(t, o)
	f.st.Authors = []string{"Ada Lovelace", "Grace Hopper"}
	f.st.Credits = "Photos: Django Software Foundation, CC BY-SA 4.0"
	f.start(true)
	for _, step := range []string{"intro 2", "crisis", "crisis 2", "open", "arm", "close", "follow", "rating", "open", "arm", "close"} {
		if step == "close" && f.e.State().Scene == "crisis" {
			f.text(1, "1")
		}
		f.do(step, f.e.Next)
	}
	f.clock.Advance(time.Minute)
	f.do("end", f.e.Next)
	ctx := context.Background()
	r, err := f.db.Report(ctx, f.e.State().Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Session
	if len(s.Authors) != 2 || s.Authors[1] != "Grace Hopper" || s.Credits != f.st.Credits || !s.EndedAt.Equal(f.clock.Now()) {
		t.Fatalf("report session %+v: want the authors, the credits and ended_at %v", s, f.clock.Now())
	}
	var csv strings.Builder
	if err := r.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ended_at,authors,credits", "Ada Lovelace; Grace Hopper", "Photos: Django Software Foundation"} {
		if !strings.Contains(csv.String(), want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv.String())
		}
	}
}

// TestTalkClockSurvivesCrash: a running talk clock is stored every
// ClockCheckpoint by the engine's own timer, so a crash (the engine dropped
// without Close, its store handle gone, as after kill -9) loses at most that
// much of it. Before the checkpoint the clock was stored on moves only and
// this crash took the whole two minutes.
func TestTalkClockSurvivesCrash(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, defaultOpts())
	f.e.Close() // the fixture's engine steps aside for one on its own handle

	crashDB, err := sqlite.Open(f.path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	e, err := show.New(ctx, show.Config{Story: f.st, Store: crashDB, Mode: show.Live, Region: "US", Now: f.clock.Now})
	if err != nil {
		t.Fatalf("new engine: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	if err := e.Next(ctx); err != nil {
		t.Fatalf("next: %v", err)
	}
	id := e.State().Session.ID
	f.clock.Advance(2*time.Minute + 3*time.Second)

	// The engine's timer (not the test) stores the clock: wait for the row to say so.
	want := 2*time.Minute + 3*time.Second
	testkit.Eventually(t, testkit.Patience, "the running clock's checkpoint in the sessions row", func() error {
		ses, err := f.db.Session(ctx, id)
		if err != nil {
			return fmt.Errorf("read session %d: %w", id, err)
		}
		if ses.Clock != want {
			return fmt.Errorf("stored clock %v, want %v", ses.Clock, want)
		}
		return nil
	})

	// Less than a checkpoint later nothing is written: Tick has run when it returns.
	f.clock.Advance(4 * time.Second)
	if err := e.Tick(ctx); err != nil {
		t.Fatalf("tick: %v", err)
	}
	if ses, _ := f.db.Session(ctx, id); ses.Clock != want {
		t.Fatalf("4 s after a checkpoint: stored clock %v, want %v still (one UPDATE per %v)", ses.Clock, want, show.ClockCheckpoint)
	}

	// kill -9: no Close, no clock saved; the handle dies with the process.
	if err := crashDB.Close(); err != nil {
		t.Fatalf("close the crashed handle: %v", err)
	}
	f.clock.Advance(time.Minute) // the restart takes a minute: it does not count
	f.e = nil
	f.start(false)
	s := f.e.State()
	if s.Session.ID != id {
		t.Fatalf("resumed session %d, want %d", s.Session.ID, id)
	}
	f.clockIs("resumed after the crash", "running", want)
	lost := want + 4*time.Second - s.Clock
	if lost > show.ClockCheckpoint {
		t.Fatalf("the crash lost %v of the clock, want at most %v", lost, show.ClockCheckpoint)
	}
	f.clock.Advance(10 * time.Second)
	f.clockIs("counting on", "running", want+10*time.Second)
}
