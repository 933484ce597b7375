package rehearse

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/bridge/sim"
)

// TestSimOnTheWallClock runs the simulated audience in real time against the
// real engine: a 1.5 s poll gets its burst, is closed by its timer, and the
// texts sent after the close are kept as late.
func TestSimOnTheWallClock(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "rt.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hub := show.NewHub()
	eng, err := show.New(ctx, show.Config{Story: loadStory(t, "testdata/quick.md"), Store: db, Notifier: hub, Mode: show.Rehearsal})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	aud, err := sim.New(sim.Config{Audience: 100, Burst: 500 * time.Millisecond, Late: 0.2, Bias: sim.Bias{Entries: []sim.BiasEntry{{Choice: 1, Weight: 80}}}, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- eng.Run(runCtx, aud) }()
	defer func() { stop(); <-done }()
	if err := awaitRunning(ctx, aud, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := eng.OpenPoll(ctx); err != nil {
		t.Fatal(err)
	}
	w := &walker{eng: eng}
	p, err := w.await(ctx, func(p *show.PollState) bool { return p.State == show.PollDecided })
	if err != nil {
		t.Fatalf("poll not decided: %v", err)
	}
	if p.Winner != 1 || p.Total < 50 || p.DecidedBy != show.ByVotes {
		t.Errorf("poll %+v: want choice 1 to win by votes with ≥ 50 of ~80 voters", p)
	}
	time.Sleep(2 * time.Second) // the late texts trail the close by up to 10 s; most come within 2 s
	entries, err := eng.Inbox(ctx, 500)
	if err != nil {
		t.Fatal(err)
	}
	late := 0
	for _, e := range entries {
		if e.Result == show.ResultLate {
			late++
		}
	}
	if late == 0 {
		t.Errorf("no late texts among %d stored, want some (late=0.2)", len(entries))
	}
	if h := aud.Health(); h.State != "ok" || h.Received == 0 {
		t.Errorf("audience health %+v: want ok with texts sent", h)
	}
}
