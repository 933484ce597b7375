package show

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	"forkcast/app/vote"
)

// Restart delays of a source whose Run returned.
const (
	minBackoff = time.Second
	maxBackoff = 30 * time.Second
)

// runState is what Run shares with the rest of the engine.
type runState struct {
	mu       sync.Mutex
	sources  map[string]vote.Source
	replyq   chan reply
	lastPoll *vote.PollInfo
	limiter  replyLimiter
}

// Run runs each source's Run (restarting it with backoff when it returns or
// panics), pushes the reply policy to sources that answer by themselves, tells
// poll watchers when polls open and close, and polls every source's Health
// each second (EventHealth when it changed). It returns nil once ctx has ended
// or the engine is closed and every source has returned.
func (e *Engine) Run(ctx context.Context, sources ...vote.Source) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-e.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	e.run.mu.Lock()
	if e.run.sources == nil {
		e.run.sources = map[string]vote.Source{}
	}
	for _, s := range sources {
		e.run.sources[s.Name()] = s
	}
	e.run.replyq = make(chan reply, 256)
	e.run.lastPoll = nil
	replyq := e.run.replyq
	e.run.mu.Unlock()

	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.runSource(ctx, s)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		e.replyLoop(ctx, replyq)
	}()
	e.pushReplyPolicy()
	e.pollChanged()
	e.healthLoop(ctx, sources)
	wg.Wait()
	e.run.mu.Lock()
	for _, s := range sources {
		delete(e.run.sources, s.Name())
	}
	e.run.replyq = nil
	e.run.mu.Unlock()
	return nil
}

// runSource runs src until ctx ends, restarting it after an error or a panic.
func (e *Engine) runSource(ctx context.Context, src vote.Source) {
	backoff := minBackoff
	for {
		start := time.Now()
		err := e.runOnce(ctx, src)
		if ctx.Err() != nil {
			return
		}
		if time.Since(start) > time.Minute {
			backoff = minBackoff
		}
		e.log.Warn("source stopped; restarting", "source", src.Name(), "err", err, "in", backoff)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// runOnce runs src once, turning a panic into an error.
func (e *Engine) runOnce(ctx context.Context, src vote.Source) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("source %s panicked: %v", src.Name(), r)
		}
	}()
	return src.Run(ctx, e)
}

// healthLoop polls Health every second until ctx ends.
func (e *Engine) healthLoop(ctx context.Context, sources []vote.Source) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		e.checkHealth(ctx, sources)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// checkHealth publishes the sources' health when it changed and stores each
// source's state transitions with the session.
func (e *Engine) checkHealth(ctx context.Context, sources []vote.Source) {
	hs := make([]vote.Health, 0, len(sources))
	for _, s := range sources {
		h := s.Health()
		if h.Source == "" {
			h.Source = s.Name()
		}
		hs = append(hs, h)
	}
	e.mu.Lock()
	changed := !reflect.DeepEqual(hs, e.health)
	var evs []HealthEvent
	if changed {
		evs = healthChanges(e.health, hs, e.ses.ID, e.now())
		e.health = hs
	}
	e.mu.Unlock()
	if changed {
		e.logHealth(ctx, evs)
		e.notify.Notify(EventHealth, slices.Clone(hs))
	}
}

// pollChanged tells poll watchers about the current poll when it changed.
func (e *Engine) pollChanged() {
	info := e.pollInfo()
	e.run.mu.Lock()
	if e.run.lastPoll != nil && reflect.DeepEqual(*e.run.lastPoll, info) {
		e.run.mu.Unlock()
		return
	}
	e.run.lastPoll = &info
	ws := implementers[vote.PollWatcher](e.run.sources)
	e.run.mu.Unlock()
	for _, w := range ws {
		w.PollChanged(info)
	}
}

// pollInfo describes the current poll for sources.
func (e *Engine) pollInfo() vote.PollInfo {
	e.mu.RLock()
	defer e.mu.RUnlock()
	info := vote.PollInfo{Rehearsal: e.cfg.Mode == Rehearsal}
	if p := e.poll; p != nil {
		info.ID, info.Kind, info.Open = p.rec.ID, p.rec.Kind, p.rec.State == PollOpen
		info.Choices = slices.Clone(p.rec.Choices)
		info.OpenedAt, info.ClosesAt = p.rec.OpenedAt, p.rec.ClosesAt
		info.Parser, info.Min, info.Max = p.rec.Parser, p.rec.Min, p.rec.Max
		info.Parser.Languages = slices.Clone(p.rec.Parser.Languages)
	}
	return info
}

// implementers returns the sources that also implement T (a PollWatcher, a
// ReplyPolicySetter).
func implementers[T any](sources map[string]vote.Source) []T {
	var out []T
	for _, s := range sources {
		if x, ok := s.(T); ok {
			out = append(out, x)
		}
	}
	return out
}
