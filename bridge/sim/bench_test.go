package sim

import (
	"context"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// BenchmarkPlan plans one poll of a 300-phone audience.
func BenchmarkPlan(b *testing.B) {
	c := Config{Audience: 300}.withDefaults()
	p := fork(1, 3, t0, time.Minute)
	for i := 0; b.Loop(); i++ {
		c.plan(p, uint64(i), Bias{})
	}
}

// BenchmarkLoadMode measures how fast load mode makes texts and hands them
// to a sink that accepts at once: the simulator's own ceiling.
func BenchmarkLoadMode(b *testing.B) {
	const perPoll = 20000
	clock := &testkit.Clock{}
	cfg := Config{Load: true, Rate: perPoll, Instant: true, Batch: 500, Now: clock.Now}
	a, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx, &sink{ingest: func([]vote.Message) error { return nil }})
	b.ResetTimer()
	start := time.Now()
	for i := int64(1); i <= int64(b.N); i++ {
		p := fork(i, 4, t0, time.Second) // one second at Rate: perPoll texts
		a.PollChanged(p)
		if err := a.WaitPoll(ctx, i, true); err != nil {
			b.Fatal(err)
		}
		a.PollChanged(closed(p))
	}
	b.ReportMetric(float64(perPoll*b.N)/time.Since(start).Seconds(), "texts/s")
}
