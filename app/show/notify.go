package show

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// maxPendingMessages bounds the texts one message event carries.
const maxPendingMessages = 500

// coalescer turns commits into at most one tally and one message event per
// interval: the first change after a quiet spell goes out at once, later
// ones wait for the next step of the interval.
type coalescer struct {
	e        *Engine
	interval time.Duration
	mu       sync.Mutex
	dirty    bool
	msgs     []InboxEntry
	last     time.Time
	timer    *time.Timer
	stopped  bool
}

func newCoalescer(e *Engine, interval time.Duration) *coalescer {
	return &coalescer{e: e, interval: interval}
}

// messages queues stored texts and, when tally is set, a tally event.
func (c *coalescer) messages(entries []InboxEntry, tally bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.msgs) == 0 {
		c.msgs = entries // the batch's own slice: no copy in the common case
	} else {
		c.msgs = append(c.msgs, entries...)
	}
	if n := len(c.msgs); n > maxPendingMessages {
		c.msgs = c.msgs[n-maxPendingMessages:] // the flush drops the rest
	}
	c.dirty = c.dirty || tally
	c.schedule()
}

// schedule arms the flush timer unless one is pending; c.mu is held. Like a
// ticker, flushes fall on a grid of interval steps from the last one, so a
// late timer does not stretch the period; after a quiet spell the first
// change goes out at once.
func (c *coalescer) schedule() {
	if c.timer != nil || c.stopped {
		return
	}
	now := time.Now()
	at := c.last.Add(c.interval)
	if at.Before(now) {
		at = now
	}
	c.timer = time.AfterFunc(at.Sub(now), func() { c.flush(at) })
}

// flush publishes what is pending; at is the slot it was scheduled for.
func (c *coalescer) flush(at time.Time) {
	c.mu.Lock()
	msgs, dirty := c.msgs, c.dirty
	c.msgs, c.dirty, c.timer, c.last = nil, false, nil, at
	stopped := c.stopped
	c.mu.Unlock()
	if stopped {
		return
	}
	if len(msgs) > 0 {
		c.e.notify.Notify(EventMessage, msgs)
	}
	if dirty {
		if t, ok := c.e.Tally(); ok {
			c.e.notify.Notify(EventTally, t)
		}
	}
}

// stop cancels a pending flush; nothing is published after it.
func (c *coalescer) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	if c.timer != nil {
		c.timer.Stop()
	}
}

// publishState sends the whole state; called after every committed action.
func (e *Engine) publishState() {
	e.notify.Notify(EventState, e.State())
}

// State returns the whole show state as the stage and console render it.
func (e *Engine) State() State {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.stateLocked()
}

// Tally returns the live count of the current poll; ok is false when the
// scene has no poll opened.
func (e *Engine) Tally() (Tally, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.poll == nil {
		return Tally{}, false
	}
	ps := e.pollStateLocked()
	return Tally{Poll: ps.ID, Choices: ps.Choices, Total: ps.Total, Invalid: ps.Invalid, Rating: ps.Rating,
		Seq: e.seq, At: e.now()}, true
}

// Inbox returns the newest limit texts of the session, newest first, numbers
// masked. It fails with EINTERNAL when the store fails.
func (e *Engine) Inbox(ctx context.Context, limit int) ([]InboxEntry, error) {
	e.mu.RLock()
	id := e.ses.ID
	e.mu.RUnlock()
	switch {
	case limit <= 0:
		limit = 100
	case limit > 1000:
		limit = 1000
	}
	out, err := e.store.Inbox(ctx, id, limit)
	if err != nil {
		return nil, &Error{Code: EINTERNAL, Message: "Could not read the texts.", Err: err}
	}
	return out, nil
}

// timerLoop applies due poll timers a few times a second, so a countdown
// closes on time even when no text or key arrives.
func (e *Engine) timerLoop() {
	defer e.wg.Done()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
			e.tick()
		}
	}
}

// tick applies due timers (poll deadlines, the talk clock's checkpoint); a
// failure is logged and retried at the next tick.
func (e *Engine) tick() {
	if !e.timerDue() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.Tick(ctx); err != nil && err != ErrClosed {
		e.log.Error("timer", "err", err)
	}
}

// Tick applies the timers due now: it closes an open poll at its deadline,
// decides a closed one when its grace window has ended, and stores a running
// talk clock ClockCheckpoint after it was last stored. The engine ticks by
// itself a few times a second; call Tick after moving a fake clock
// (Config.Now) to see the effect at once. It fails when the store fails or
// the engine is closed.
func (e *Engine) Tick(ctx context.Context) error {
	now, err := e.writeTurn(ctx)
	if err != nil {
		return err
	}
	defer e.wmu.Unlock()
	if e.clockCheckpointDue(now) {
		if err := e.checkpointClockHeld(ctx, now); err != nil {
			return fmt.Errorf("checkpoint the talk clock: %w", err)
		}
	}
	return nil
}

// timerDue reports cheaply whether advance has anything to do.
func (e *Engine) timerDue() bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	now := e.now()
	if e.clockCheckpointDue(now) {
		return true
	}
	p := e.poll
	if p == nil {
		return false
	}
	r := &p.rec
	switch {
	case r.State == PollOpen:
		return !r.ClosesAt.IsZero() && !now.Before(r.ClosesAt)
	case r.State == PollClosed:
		return r.Winner == 0 && len(r.Tie) == 0 && !now.Before(r.ClosedAt.Add(r.Grace))
	}
	return false
}
