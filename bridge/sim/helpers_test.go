package sim

import (
	"context"
	"sync"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// sink is a fake vote.Sink: ingest decides the outcome; nil accepts.
type sink struct {
	mu     sync.Mutex
	ingest func(msgs []vote.Message) error
	got    []vote.Message
	calls  int
}

func (s *sink) Ingest(ctx context.Context, msgs []vote.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.ingest != nil {
		if err := s.ingest(msgs); err != nil {
			return err
		}
	}
	s.got = append(s.got, msgs...)
	return nil
}

func (s *sink) messages() []vote.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]vote.Message(nil), s.got...)
}

var t0 = time.Date(2026, 5, 1, 14, 0, 0, 0, time.UTC)

// waiter is what both sources offer tests.
type waiter interface {
	vote.Source
	vote.PollWatcher
	WaitPoll(ctx context.Context, id int64, open bool) error
}

// fork returns an open rehearsal fork poll of n choices with a timer.
func fork(id int64, n int, opened time.Time, timer time.Duration) vote.PollInfo {
	p := vote.PollInfo{ID: id, Kind: vote.PollFork, Open: true, OpenedAt: opened, Rehearsal: true}
	if timer > 0 {
		p.ClosesAt = opened.Add(timer)
	}
	for i := 1; i <= n; i++ {
		p.Choices = append(p.Choices, vote.Choice{Number: i, Label: "choice", Keywords: []string{[]string{"breach", "surge", "bugs", "metrics"}[(i-1)%4]}})
	}
	return p
}

func closed(p vote.PollInfo) vote.PollInfo { p.Open = false; return p }

// drive runs src with an accepting sink through polls (each opened, then
// closed at its ClosesAt or 30 s after the open) and returns every message.
func drive(t *testing.T, src waiter, clock *testkit.Clock, polls ...vote.PollInfo) []vote.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s := &sink{}
	done := make(chan error, 1)
	runCtx, stop := context.WithCancel(ctx)
	go func() { done <- src.Run(runCtx, s) }()
	for _, p := range polls {
		clock.Set(p.OpenedAt)
		src.PollChanged(p)
		if err := src.WaitPoll(ctx, p.ID, true); err != nil {
			t.Fatal(err)
		}
		end := p.ClosesAt
		if end.IsZero() {
			end = p.OpenedAt.Add(30 * time.Second)
		}
		clock.Set(end)
		src.PollChanged(closed(p))
		if err := src.WaitPoll(ctx, p.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	stop()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	return s.messages()
}
