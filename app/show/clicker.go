package show

import (
	"context"
	"time"

	"forkcast/app/story"
)

// This file is what the speaker's two buttons do. A presentation clicker has
// Next and Previous (PageDown and PageUp) and little else, so Next walks the
// whole show: slides, then the fork's poll (open, close, follow the winner),
// then the end screen; Previous steps back. A blanked stage comes back on
// either press without moving, as presentation tools do.

// Next is the speaker's "go on". It un-blanks a blanked stage; on a fork's or
// rating's last slide it opens the poll when none was opened, closes the open
// poll on a second press (the first arms the close, shown on the console) or
// at once when the scene says confirm-close: false; on a decided fork it
// follows the winner; at the end of the talk it shows the end screen. It
// fails with ECONFLICT when the show cannot go on yet (a tie to break, late
// texts still counting) and when the end screen is already shown.
func (e *Engine) Next(ctx context.Context) error {
	now, err := e.writeTurn(ctx)
	if err != nil {
		return err
	}
	defer e.wmu.Unlock()
	if err := e.startClockHeld(ctx, now); err != nil { // the first advance starts the talk clock
		return err
	}
	if e.ses.Blank {
		return e.setBlankHeld(ctx, now, false)
	}
	if e.ended {
		return Errorf(ECONFLICT, "This is the end of the talk.")
	}
	sc := e.scene()
	_, _, divert := e.hubDivert(sc) // the hub rule left one choice or none: Next goes on without a poll
	if e.ses.Slide == len(sc.Slides)-1 && hasPoll(sc) && !(divert && e.poll == nil) {
		switch p := e.poll; {
		case p == nil:
			return e.pollActionHeld(ctx, now, e.planOpen)
		case p.rec.State == PollOpen && (sc.Vote.CloseAtOnce || e.armed == p.rec.ID):
			return e.pollActionHeld(ctx, now, e.planClose)
		case p.rec.State == PollOpen:
			e.setArmed(p.rec.ID)
			return nil
		}
	}
	if e.atEndLocked(sc) {
		return e.setEnded(ctx, now, true)
	}
	return e.navigateHeld(ctx, now, e.planNext)
}

// Prev is the speaker's "go back". It un-blanks a blanked stage and leaves
// the end screen without moving; otherwise it steps back one slide, along the
// path taken. It fails with ECONFLICT on the first slide of the talk.
func (e *Engine) Prev(ctx context.Context) error {
	now, err := e.writeTurn(ctx)
	if err != nil {
		return err
	}
	defer e.wmu.Unlock()
	if e.ses.Blank {
		return e.setBlankHeld(ctx, now, false)
	}
	if e.ended {
		return e.setEnded(ctx, now, false)
	}
	return e.navigateHeld(ctx, now, func(time.Time) (*move, error) { return e.planPrev(ctx) })
}

// atEndLocked reports whether Next from here leaves the talk: the last slide
// of a scene that diverts to END, or of a fork whose winner leads to END.
func (e *Engine) atEndLocked(sc *story.Scene) bool {
	if e.ses.Slide < len(sc.Slides)-1 {
		return false
	}
	if sc.Fork == nil {
		return sc.Next == "" || sc.Next == story.End
	}
	if e.poll == nil || e.poll.rec.Winner == 0 {
		return false
	}
	for _, c := range sc.Fork.Choices {
		if c.Number == e.poll.rec.Winner {
			return c.Target == story.End
		}
	}
	return false
}

// setArmed records that the next Next closes poll id, and tells everyone.
func (e *Engine) setArmed(id int64) {
	e.mu.Lock()
	e.armed = id
	e.version++
	e.mu.Unlock()
	e.publishState()
}

// setEnded shows or leaves the end screen, stores it (ended_at is set while
// it is shown, so a restart shows it again), stops or restarts the talk
// clock, and tells everyone. The caller holds the writer lock.
func (e *Engine) setEnded(ctx context.Context, now time.Time, on bool) error {
	ses := e.ses
	ses.EndScreen, ses.UpdatedAt = on, now
	if on {
		ses.EndedAt = now
		setClock(&ses, now, ClockStopped)
	} else {
		ses.EndedAt = time.Time{}
		setClock(&ses, now, ClockRunning)
	}
	if err := e.write(ctx, func(tx Tx) error { return tx.SavePosition(ctx, &ses) }); err != nil {
		return err
	}
	e.mu.Lock()
	e.ses, e.ended = ses, on
	e.version++
	e.mu.Unlock()
	e.publishState()
	return nil
}
