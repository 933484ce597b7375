package sim

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"forkcast/app/vote"
)

// core is what Audience and Replay share: poll events, the runs of texts
// still due, the send loop, WaitPoll and health.
type core struct {
	name, kind string
	batch      int
	rate       float64 // cap in texts/s; 0 = none
	instant    bool
	allowLive  bool
	now        func() time.Time
	wake       chan struct{}
	// plan makes the run of texts for the ordinal-th poll; called with mu held.
	plan func(p vote.PollInfo, ordinal uint64) *pollRun
	// describe is the health detail when all is well; called with mu held.
	describe func(open int) string
	metrics  func(m map[string]string)

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every step, for WaitPoll
	events   []vote.PollInfo
	runs     []*pollRun
	seen     map[int64]bool // poll id → closed
	ordinal  uint64
	running  bool
	inflight bool
	retry    []vote.Message
	tokens   float64
	tokensAt time.Time
	sent     int64
	lastText time.Time
	state    string
	detail   string
	meter    meter
}

func newCore(name, kind string, now func() time.Time) *core {
	if now == nil {
		now = time.Now
	}
	return &core{
		name: name, kind: kind, now: now, batch: 200,
		wake: make(chan struct{}, 1), changed: make(chan struct{}),
		seen: map[int64]bool{}, state: vote.HealthStopped,
	}
}

// Name returns the source's name ("sim" or "replay").
func (c *core) Name() string { return c.name }

// PollChanged records that a poll opened or closed; it never blocks. Polls of
// a live session are ignored unless AllowLive was set.
func (c *core) PollChanged(p vote.PollInfo) {
	c.mu.Lock()
	c.events = append(c.events, p)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Run sends texts to sink until ctx ends and returns ctx.Err(). A batch the
// sink refuses is retried (after 250 ms) before anything else, so no text is
// lost; it fails at once when sink is nil or the source is already running.
func (c *core) Run(ctx context.Context, sink vote.Sink) error {
	if sink == nil {
		return fmt.Errorf("%s: no sink", c.name)
	}
	c.mu.Lock()
	if c.running {
		c.mu.Unlock()
		return fmt.Errorf("%s: %w", c.name, errRunning)
	}
	c.running, c.state = true, vote.HealthOK
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.running, c.state, c.inflight = false, vote.HealthStopped, false
		c.broadcast()
		c.mu.Unlock()
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch, wait := c.take()
		if len(batch) > 0 {
			err := sink.Ingest(ctx, batch)
			c.done(batch, err)
			if err == nil {
				continue
			}
			wait = 250 * time.Millisecond
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-c.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

var errRunning = errors.New("already running")

// take returns the next batch to send, or how long to wait for one.
func (c *core) take() ([]vote.Message, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	c.applyEvents(now)
	if len(c.retry) > 0 {
		b := c.retry
		c.retry, c.inflight = nil, true
		return b, 0
	}
	limit := c.allowance(now)
	var batch []vote.Message
	for len(batch) < limit {
		run, due, ok := c.nextRun()
		if !ok || (!c.instant && due.After(now)) {
			break
		}
		batch = append(batch, run.pop(c.name))
	}
	c.pruneRuns()
	if len(batch) > 0 {
		c.inflight = true
		c.spend(len(batch))
		return batch, 0
	}
	c.broadcast()
	wait := 500 * time.Millisecond
	if _, due, ok := c.nextRun(); ok && !c.instant {
		wait = min(wait, max(time.Millisecond, due.Sub(now)))
	}
	if limit == 0 {
		wait = min(wait, 20*time.Millisecond)
	}
	return nil, wait
}

// done records the outcome of sending batch.
func (c *core) done(batch []vote.Message, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inflight = false
	if err != nil {
		c.retry = batch
		c.state, c.detail = vote.HealthDegraded, "The engine refused texts: "+err.Error()
		c.broadcast()
		return
	}
	now := c.now()
	c.sent += int64(len(batch))
	c.lastText = now
	c.meter.add(now, len(batch))
	c.state, c.detail = vote.HealthOK, ""
	c.broadcast()
}

// broadcast wakes WaitPoll callers; mu is held.
func (c *core) broadcast() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// allowance is how many texts the rate cap lets through now; mu is held.
func (c *core) allowance(now time.Time) int {
	if c.rate <= 0 || c.instant {
		return c.batch
	}
	capacity := max(1, c.rate/10)
	if c.tokensAt.IsZero() {
		c.tokens = capacity
	} else {
		c.tokens = min(capacity, c.tokens+now.Sub(c.tokensAt).Seconds()*c.rate)
	}
	c.tokensAt = now
	return min(c.batch, int(c.tokens))
}

func (c *core) spend(n int) {
	if c.rate > 0 && !c.instant {
		c.tokens -= float64(n)
	}
}

// applyEvents plans opened polls and closes closed ones; mu is held.
func (c *core) applyEvents(now time.Time) {
	if len(c.events) == 0 {
		return
	}
	for _, p := range c.events {
		if !p.Rehearsal && !c.allowLive {
			c.detail = "Ignoring a live poll: simulated texts go only to rehearsals."
			continue
		}
		// The engine has one current poll: one it no longer shows (the speaker
		// moved on, or reset the rehearsal) is over.
		for _, r := range c.runs {
			if !r.closed && r.info.ID != p.ID {
				c.seen[r.info.ID] = true
				r.close(now)
			}
		}
		closed, known := c.seen[p.ID]
		switch {
		case p.ID == 0:
		case p.Open && !known:
			c.seen[p.ID] = false
			c.ordinal++
			if p.OpenedAt.IsZero() {
				p.OpenedAt = now
			}
			if r := c.plan(p, c.ordinal); r != nil {
				c.runs = append(c.runs, r)
			}
		case !p.Open && !closed:
			c.seen[p.ID] = true
			for _, r := range c.runs {
				if r.info.ID == p.ID {
					r.close(now)
				}
			}
		}
	}
	c.events = nil
	c.pruneRuns()
	c.broadcast()
}

// nextRun returns the run whose next text is due first; mu is held.
func (c *core) nextRun() (*pollRun, time.Time, bool) {
	var best *pollRun
	var at time.Time
	for _, r := range c.runs {
		if t, ok := r.next(); ok && (best == nil || t.Before(at)) {
			best, at = r, t
		}
	}
	return best, at, best != nil
}

func (c *core) pruneRuns() {
	keep := c.runs[:0]
	for _, r := range c.runs {
		if _, ok := r.next(); ok || !r.closed {
			keep = append(keep, r)
		}
	}
	clear(c.runs[len(keep):])
	c.runs = keep
}

// WaitPoll blocks until the source has seen poll id open (or closed, when
// open is false) and has handed the sink every text due so far: with
// Instant, every text of that phase. It fails when ctx ends first.
func (c *core) WaitPoll(ctx context.Context, id int64, open bool) error {
	for {
		c.mu.Lock()
		closed, known := c.seen[id]
		ready := known && (open || closed) && len(c.events) == 0 && !c.inflight && len(c.retry) == 0
		if ready {
			_, due, ok := c.nextRun()
			ready = !ok || (!c.instant && due.After(c.now()))
		}
		ch := c.changed
		c.mu.Unlock()
		if ready {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: wait for poll %d: %w", c.name, id, ctx.Err())
		case <-ch:
		}
	}
}

// Health reports state, rate (texts/s over the last 5 s) and texts sent.
func (c *core) Health() vote.Health {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	open := 0
	for _, r := range c.runs {
		if !r.closed {
			open++
		}
	}
	detail := c.detail
	if detail == "" {
		detail = c.describe(open)
	}
	m := map[string]string{
		"rate":  fmt.Sprintf("%.0f/s", c.meter.rate(now)),
		"sent":  fmt.Sprint(c.sent),
		"polls": fmt.Sprint(c.ordinal),
	}
	c.metrics(m)
	return vote.Health{
		Source: c.name, Kind: c.kind, State: c.state, Detail: detail,
		LastText: c.lastText, Received: c.sent, Metrics: m,
	}
}
