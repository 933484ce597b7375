package web

import (
	"context"
	"sync"
	"sync/atomic"

	"forkcast/app/show"
)

// fakeController is a show.Controller made of function fields; nil fields succeed.
type fakeController struct {
	mu            sync.Mutex
	state         show.State
	NextFn        func(ctx context.Context) error
	PrevFn        func(ctx context.Context) error
	GotoFn        func(ctx context.Context, scene string) error
	OpenPollFn    func(ctx context.Context) error
	ClosePollFn   func(ctx context.Context) error
	PickFn        func(ctx context.Context, choice int, reason string) error
	PickPrivateFn func(ctx context.Context, choice int, reason string) error
	SetBlankFn    func(ctx context.Context, on bool) error
	InboxFn       func(ctx context.Context, limit int) ([]show.InboxEntry, error)
}

var _ show.Controller = (*fakeController)(nil)

func (f *fakeController) State() show.State {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state
}

func (f *fakeController) setState(st show.State) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.state = st
}

func (f *fakeController) Next(ctx context.Context) error {
	if f.NextFn == nil {
		return nil
	}
	return f.NextFn(ctx)
}

func (f *fakeController) Prev(ctx context.Context) error {
	if f.PrevFn == nil {
		return nil
	}
	return f.PrevFn(ctx)
}

func (f *fakeController) Goto(ctx context.Context, scene string) error {
	if f.GotoFn == nil {
		return nil
	}
	return f.GotoFn(ctx, scene)
}

func (f *fakeController) OpenPoll(ctx context.Context) error {
	if f.OpenPollFn == nil {
		return nil
	}
	return f.OpenPollFn(ctx)
}

func (f *fakeController) ClosePoll(ctx context.Context) error {
	if f.ClosePollFn == nil {
		return nil
	}
	return f.ClosePollFn(ctx)
}

func (f *fakeController) PickPrivate(ctx context.Context, choice int, reason string) error {
	if f.PickPrivateFn == nil {
		return nil
	}
	return f.PickPrivateFn(ctx, choice, reason)
}

func (f *fakeController) Pick(ctx context.Context, choice int, reason string) error {
	if f.PickFn == nil {
		return nil
	}
	return f.PickFn(ctx, choice, reason)
}

func (f *fakeController) SetBlank(ctx context.Context, on bool) error {
	if f.SetBlankFn == nil {
		return nil
	}
	return f.SetBlankFn(ctx, on)
}

func (f *fakeController) Inbox(ctx context.Context, limit int) ([]show.InboxEntry, error) {
	if f.InboxFn == nil {
		return nil, nil
	}
	return f.InboxFn(ctx, limit)
}

// countingHub wraps a real hub and counts live subscriptions.
type countingHub struct {
	hub  *show.Hub
	live atomic.Int64
	subs atomic.Int64
}

func (c *countingHub) Subscribe(buf int) (<-chan show.Event, func()) {
	ch, cancel := c.hub.Subscribe(buf)
	c.live.Add(1)
	c.subs.Add(1)
	var once sync.Once
	return ch, func() {
		once.Do(func() { c.live.Add(-1) })
		cancel()
	}
}
