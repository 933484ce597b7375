package show

import (
	"context"
	"time"

	"forkcast/app/story"
)

// move is a change of position computed by a navigation action before it is
// written: the new position, a visit pushed or popped, the poll after the move.
type move struct {
	action string
	scene  *story.Scene
	slide  int
	push   *VisitRecord // a scene entered
	pop    bool         // the current visit left backwards
	leave  *VisitRecord // the current visit left forward through a fork
	poll   *pollRun     // the poll after the move (nil: none)
	closed *PollRecord  // a poll closed because its visit was left
	detail string
}

// planNext moves to the next slide of the scene, or from its last slide to
// the next scene: at a fork, the winner's target. It fails with ECONFLICT at
// a fork without a winner and at the end of the talk.
func (e *Engine) planNext(now time.Time) (*move, error) {
	sc := e.scene()
	if e.ses.Slide < len(sc.Slides)-1 {
		return &move{action: NavNext, scene: sc, slide: e.ses.Slide + 1, poll: e.poll}, nil
	}
	target, choice, by, err := e.exit(sc)
	if err != nil {
		return nil, err
	}
	m := &move{action: NavNext, scene: e.st.Scene(target), detail: by}
	if choice != 0 {
		v := e.visit()
		v.Choice, v.By = choice, by
		m.leave = &v
	}
	m.push = &VisitRecord{Session: e.ses.ID, Scene: target, At: now}
	return m, nil
}

// exit returns where the last slide of sc leads.
func (e *Engine) exit(sc *story.Scene) (target string, choice int, by string, err error) {
	if sc.Fork != nil && e.poll == nil {
		if t, c, ok := e.hubDivert(sc); ok {
			return e.divertTo(t, c)
		}
	}
	if sc.Fork != nil {
		p := e.poll
		switch {
		case p == nil:
			return "", 0, "", Errorf(ECONFLICT, "Open the poll first: this fork needs a winner.")
		case p.rec.State == PollOpen:
			return "", 0, "", Errorf(ECONFLICT, "The poll is still open: close it first.")
		case p.rec.Winner == 0 && len(p.rec.Tie) > 0:
			return "", 0, "", Errorf(ECONFLICT, "The vote is tied: pick the winner.")
		case p.rec.Winner == 0:
			return "", 0, "", Errorf(ECONFLICT, "The poll is counting late texts: the winner comes in a moment.")
		}
		for _, c := range sc.Fork.Choices {
			if c.Number == p.rec.Winner {
				if c.Target == story.End {
					return "", 0, "", Errorf(ECONFLICT, "This is the end of the talk.")
				}
				if e.st.Scene(c.Target) == nil {
					return "", 0, "", Errorf(ENOTFOUND, "Choice %d leads to %q, which is not in the story.", c.Number, c.Target)
				}
				return c.Target, c.Number, p.rec.DecidedBy, nil
			}
		}
		return "", 0, "", Errorf(ECONFLICT, "The winner, choice %d, is no longer on this fork.", p.rec.Winner)
	}
	if sc.Next == "" || sc.Next == story.End {
		return "", 0, "", Errorf(ECONFLICT, "This is the end of the talk.")
	}
	if e.st.Scene(sc.Next) == nil {
		return "", 0, "", Errorf(ENOTFOUND, "Scene %q is not in the story.", sc.Next)
	}
	return sc.Next, 0, "", nil
}

// planPrev moves back one slide, and from a scene's first slide back along
// the path to the last slide of the scene before. It fails with ECONFLICT on
// the first slide of the talk.
func (e *Engine) planPrev(ctx context.Context) (*move, error) {
	if e.ses.Slide > 0 {
		return &move{action: NavPrev, scene: e.scene(), slide: e.ses.Slide - 1, poll: e.poll}, nil
	}
	if len(e.path) < 2 {
		return nil, Errorf(ECONFLICT, "This is the first slide.")
	}
	v := e.path[len(e.path)-2]
	prev := e.st.Scene(v.Scene)
	if prev == nil {
		return nil, Errorf(ENOTFOUND, "The previous scene %q is no longer in the story.", v.Scene)
	}
	// The poll of the scene we go back to comes back with its result.
	ps, err := e.store.VisitPoll(ctx, v.ID)
	if err != nil {
		return nil, &Error{Code: EINTERNAL, Message: "Could not read the previous poll.", Err: err}
	}
	var poll *pollRun
	if ps != nil {
		poll = restorePoll(ps, prev)
	}
	return &move{action: NavPrev, scene: prev, slide: len(prev.Slides) - 1, pop: true, poll: poll}, nil
}

// Goto jumps to the first slide of scene, as a new step on the path. It fails
// with ENOTFOUND for a scene not in the story.
func (e *Engine) Goto(ctx context.Context, scene string) error {
	return e.navigate(ctx, func(now time.Time) (*move, error) {
		sc := e.st.Scene(scene)
		if sc == nil {
			return nil, Errorf(ENOTFOUND, "There is no scene %q in this story.", scene)
		}
		return &move{action: NavGoto, scene: sc, push: &VisitRecord{Session: e.ses.ID, Scene: sc.ID, At: now}}, nil
	})
}

// SetBlank blanks or unblanks the stage. It fails only when the store fails.
func (e *Engine) SetBlank(ctx context.Context, on bool) error {
	if err := e.lockWriter(); err != nil {
		return err
	}
	defer e.wmu.Unlock()
	return e.setBlankHeld(ctx, e.now(), on)
}

// setBlankHeld is SetBlank for a caller that holds the writer lock.
func (e *Engine) setBlankHeld(ctx context.Context, now time.Time, on bool) error {
	ses := e.ses
	ses.Blank, ses.UpdatedAt = on, now
	foldClock(&ses, now)
	detail := "off"
	if on {
		detail = "on"
	}
	err := e.write(ctx, func(tx Tx) error {
		if err := tx.SavePosition(ctx, &ses); err != nil {
			return err
		}
		return tx.LogNav(ctx, NavRecord{Session: ses.ID, At: now, Action: NavBlank, Scene: ses.Scene, Slide: ses.Slide, Detail: detail})
	})
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.ses = ses
	e.armed = 0
	e.version++
	e.mu.Unlock()
	e.publishState()
	return nil
}

// navigate runs a navigation action: due timers first, then plan computes the
// move from the current state, which is written in one transaction and
// applied to memory after the commit.
func (e *Engine) navigate(ctx context.Context, plan func(now time.Time) (*move, error)) error {
	now, err := e.writeTurn(ctx)
	if err != nil {
		return err
	}
	defer e.wmu.Unlock()
	return e.navigateHeld(ctx, now, plan)
}

// navigateHeld is navigate for a caller that holds the writer lock.
func (e *Engine) navigateHeld(ctx context.Context, now time.Time, plan func(now time.Time) (*move, error)) error {
	m, err := plan(now)
	if err != nil {
		return err
	}
	ses := e.ses
	ses.Scene, ses.Slide, ses.UpdatedAt = m.scene.ID, m.slide, now
	foldClock(&ses, now)
	if ses.ClockState == ClockStopped || (ses.ClockState == ClockIdle && m.action != NavPrev) {
		ses.ClockState = ClockRunning // an advance starts the clock; leaving the end goes on
	}
	ses.EndScreen, ses.EndedAt = false, time.Time{}
	if m.push != nil || m.pop {
		m.closed = e.abandonPoll(now)
	}
	err = e.write(ctx, func(tx Tx) error { return e.writeMove(ctx, tx, &ses, m, now) })
	if err != nil {
		return err
	}
	e.applyMove(ses, m)
	e.publishState()
	e.pollChanged()
	return nil
}

// abandonPoll closes the current poll when its visit is left while it is open.
func (e *Engine) abandonPoll(now time.Time) *PollRecord {
	if e.poll == nil || e.poll.rec.State != PollOpen {
		return nil
	}
	// Decided when the scene is shown again (advance), like any closed poll.
	rec := closeRec(e.poll.rec, now)
	return &rec
}

func (e *Engine) writeMove(ctx context.Context, tx Tx, ses *SessionRecord, m *move, now time.Time) error {
	if m.closed != nil {
		if err := tx.SavePoll(ctx, m.closed); err != nil {
			return err
		}
	}
	if m.leave != nil {
		if err := tx.LeaveVisit(ctx, m.leave.ID, m.leave.Choice, m.leave.By); err != nil {
			return err
		}
	}
	visit := e.visit().ID
	switch {
	case m.pop:
		if err := tx.PopVisit(ctx, visit); err != nil {
			return err
		}
		visit = e.path[len(e.path)-2].ID
		// Going back through a fork undoes the way it was left.
		if err := tx.LeaveVisit(ctx, visit, 0, ""); err != nil {
			return err
		}
	case m.push != nil:
		if err := tx.PushVisit(ctx, m.push); err != nil {
			return err
		}
		visit = m.push.ID
	}
	p, err := e.arriveWith(ctx, tx, ses.ID, visit, m.scene, m.slide, now, m.poll)
	if err != nil {
		return err
	}
	m.poll = p
	if err := tx.SavePosition(ctx, ses); err != nil {
		return err
	}
	return tx.LogNav(ctx, NavRecord{Session: ses.ID, At: now, Action: m.action, Scene: ses.Scene, Slide: ses.Slide, Detail: m.detail})
}

// applyMove makes a committed move the current state.
func (e *Engine) applyMove(ses SessionRecord, m *move) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if m.leave != nil {
		e.path[len(e.path)-1] = *m.leave
	}
	switch {
	case m.pop:
		e.path = e.path[:len(e.path)-1]
		last := &e.path[len(e.path)-1]
		last.Choice, last.By = 0, ""
	case m.push != nil:
		e.path = append(e.path, *m.push)
	}
	e.ses, e.poll = ses, m.poll
	e.armed, e.ended = 0, false
	e.version++
}

// arrive opens the poll of sc when slide is its poll slide (the last) and the
// scene's poll opens on arrival; it returns the new poll or nil.
func (e *Engine) arrive(ctx context.Context, tx Tx, session, visit int64, sc *story.Scene, slide int, now time.Time) (*pollRun, error) {
	return e.arriveWith(ctx, tx, session, visit, sc, slide, now, nil)
}

// arriveWith is arrive for a visit whose poll may already exist (cur).
func (e *Engine) arriveWith(ctx context.Context, tx Tx, session, visit int64, sc *story.Scene, slide int, now time.Time, cur *pollRun) (*pollRun, error) {
	if cur != nil || sc.Vote.Open != story.OpenOnArrive || !hasPoll(sc) || slide != len(sc.Slides)-1 {
		return cur, nil
	}
	if _, _, divert := e.hubDivert(sc); divert {
		return nil, nil // the hub rule left one choice or none: no poll
	}
	rec := e.newPoll(session, visit, sc, now)
	if err := tx.SavePoll(ctx, &rec); err != nil {
		return nil, err
	}
	return &pollRun{rec: rec, counts: map[int]int{}, votes: map[string]CountedVote{}}, nil
}

func hasPoll(sc *story.Scene) bool { return sc != nil && (sc.Fork != nil || sc.Rating != nil) }
