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

// BenchmarkLoadIntoEngine drives the real engine (SQLite, group commit) with
// the simulator's load mode: 10,000 phones, 10,000 texts per poll handed over
// in batches of 500, and reports the texts per second stored and counted.
func BenchmarkLoadIntoEngine(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "load.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := loadStory(b, "testdata/quick.md") // timer 1.5 s
	clk := &clock{t: t0}
	eng, err := show.New(ctx, show.Config{Story: s, Store: db, Mode: show.Rehearsal, NewSession: true, Now: clk.Now, Retention: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	const perPoll = 10000
	aud, err := sim.New(sim.Config{Load: true, Rate: perPoll / 1.5, Instant: true, Batch: 500, Now: clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- eng.Run(runCtx, aud) }()
	defer func() { stop(); <-done }()
	if err := awaitRunning(ctx, aud, 5*time.Second); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		clk.Advance(time.Minute)
		if i > 0 {
			if err := eng.ResetRehearsal(ctx); err != nil {
				b.Fatal(err)
			}
		}
		if err := eng.OpenPoll(ctx); err != nil {
			b.Fatal(err)
		}
		if err := aud.WaitPoll(ctx, eng.State().Poll.ID, true); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if got := eng.State().Poll.Total; got < 5000 {
		b.Fatalf("last poll counted %d votes, want most of 10,000 phones", got)
	}
	b.ReportMetric(float64(perPoll*b.N)/elapsed.Seconds(), "texts/s")
}
