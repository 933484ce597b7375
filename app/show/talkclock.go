package show

import (
	"context"
	"time"
)

// This file is the talk clock. It keeps elapsed time, not a start time: the
// elapsed time is stored with the session at every move, every
// ClockCheckpoint while it runs and at Close, and a resumed session counts on
// from what was stored, so the time the app was closed never counts and a
// crash (kill -9, power cut) loses at most ClockCheckpoint of it. The clock
// starts at the first Next (or StartClock), stops at the end screen, and
// ResetClock puts it back to 0:00, not started.

// ClockCheckpoint is how often a running talk clock is stored between moves:
// the most a crash can take off it. Each checkpoint is one UPDATE of the
// session's row.
const ClockCheckpoint = 5 * time.Second

// clockElapsed is ses's talk clock at now.
func clockElapsed(ses *SessionRecord, now time.Time) time.Duration {
	if ses.ClockState != ClockRunning || ses.ClockAt.IsZero() || now.Before(ses.ClockAt) {
		return ses.Clock
	}
	return ses.Clock + now.Sub(ses.ClockAt)
}

// foldClock brings ses's stored elapsed time up to now, before a write.
func foldClock(ses *SessionRecord, now time.Time) {
	ses.Clock, ses.ClockAt = clockElapsed(ses, now), now
}

// setClock sets ses's clock state at now, folding the time counted so far.
func setClock(ses *SessionRecord, now time.Time, state string) {
	foldClock(ses, now)
	ses.ClockState = state
}

// StartClock starts the talk clock (or restarts it after the end of the
// talk). A running clock is left alone. It fails only when the store fails.
func (e *Engine) StartClock(ctx context.Context) error {
	now, err := e.writeTurn(ctx)
	if err != nil {
		return err
	}
	defer e.wmu.Unlock()
	if e.ses.ClockState == ClockRunning {
		return nil
	}
	return e.saveClockHeld(ctx, now, func(ses *SessionRecord) { setClock(ses, now, ClockRunning) })
}

// ResetClock puts the talk clock back to 0:00, not started: the next Next
// (or StartClock) starts it. It fails only when the store fails.
func (e *Engine) ResetClock(ctx context.Context) error {
	now, err := e.writeTurn(ctx)
	if err != nil {
		return err
	}
	defer e.wmu.Unlock()
	return e.saveClockHeld(ctx, now, func(ses *SessionRecord) {
		ses.Clock, ses.ClockAt, ses.ClockState = 0, now, ClockIdle
	})
}

// startClockHeld starts a clock that was never started (the first advance);
// the caller holds the writer lock.
func (e *Engine) startClockHeld(ctx context.Context, now time.Time) error {
	if e.ses.ClockState != ClockIdle {
		return nil
	}
	return e.saveClockHeld(ctx, now, func(ses *SessionRecord) { setClock(ses, now, ClockRunning) })
}

// saveClockHeld applies change to a copy of the session, stores it and
// publishes the new state; the caller holds the writer lock.
func (e *Engine) saveClockHeld(ctx context.Context, now time.Time, change func(*SessionRecord)) error {
	ses := e.ses
	change(&ses)
	ses.UpdatedAt = now
	if err := e.write(ctx, func(tx Tx) error { return tx.SavePosition(ctx, &ses) }); err != nil {
		return err
	}
	e.mu.Lock()
	e.ses = ses
	e.version++
	e.mu.Unlock()
	e.publishState()
	return nil
}

// saveClock stores the clock as it stands, so a crash loses little of it; Close calls it.
func (e *Engine) saveClock(ctx context.Context) error {
	if err := e.lockWriter(); err != nil {
		return err
	}
	defer e.wmu.Unlock()
	return e.checkpointClockHeld(ctx, e.now())
}

// clockCheckpointDue reports whether a running clock was last stored
// ClockCheckpoint or more before now; the caller holds mu or wmu.
func (e *Engine) clockCheckpointDue(now time.Time) bool {
	return e.ses.ID != 0 && e.ses.ClockState == ClockRunning && !e.ses.ClockAt.IsZero() &&
		now.Sub(e.ses.ClockAt) >= ClockCheckpoint
}

// checkpointClockHeld stores a running clock's reading at now, without an
// event (the reading does not change, only where it is counted from); the
// caller holds the writer lock.
func (e *Engine) checkpointClockHeld(ctx context.Context, now time.Time) error {
	if e.ses.ID == 0 || e.ses.ClockState != ClockRunning {
		return nil
	}
	ses := e.ses
	foldClock(&ses, now)
	if err := e.write(ctx, func(tx Tx) error { return tx.SavePosition(ctx, &ses) }); err != nil {
		return err
	}
	e.mu.Lock()
	e.ses = ses
	e.mu.Unlock()
	return nil
}

// ClockControl is the talk clock's two buttons, for the edges (HTTP API,
// desktop window); the Engine implements it.
type ClockControl interface {
	StartClock(ctx context.Context) error
	ResetClock(ctx context.Context) error
}

var _ ClockControl = (*Engine)(nil)
