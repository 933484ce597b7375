package show

import (
	"context"
	"fmt"
	"time"

	"forkcast/app/story"
)

// startSession resumes the newest open session of the mode and story hash,
// or starts a new one.
func (e *Engine) startSession(ctx context.Context) error {
	if !e.cfg.NewSession {
		rec, err := e.store.LatestSession(ctx, e.cfg.Mode, e.st.Hash)
		if err != nil {
			return fmt.Errorf("find session to resume: %w", err)
		}
		if rec != nil {
			return e.resume(ctx, rec.ID)
		}
	}
	return e.newSession(ctx)
}

// newSession ends the open sessions of the mode and starts one at the start scene.
func (e *Engine) newSession(ctx context.Context) error {
	now := e.now()
	start := e.st.Scene(e.st.Start)
	ses := SessionRecord{
		Mode: e.cfg.Mode, StoryFile: e.st.File, StoryHash: e.st.Hash, Title: e.st.Title, Authors: e.st.Authors, Credits: e.st.Credits,
		StartedAt: now, Scene: start.ID, UpdatedAt: now,
	}
	v := VisitRecord{Scene: start.ID, At: now}
	var poll *pollRun
	err := e.write(ctx, func(tx Tx) error {
		if err := tx.EndSessions(ctx, e.cfg.Mode, now); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, &ses); err != nil {
			return err
		}
		v.Session = ses.ID
		if err := tx.PushVisit(ctx, &v); err != nil {
			return err
		}
		var err error
		if poll, err = e.arrive(ctx, tx, ses.ID, v.ID, start, 0, now); err != nil {
			return err
		}
		return tx.LogNav(ctx, NavRecord{Session: ses.ID, At: now, Action: NavStart, Scene: start.ID})
	})
	if err != nil {
		return fmt.Errorf("start %s session: %w", e.cfg.Mode, err)
	}
	e.mu.Lock()
	e.ses, e.path, e.poll, e.resumed = ses, []VisitRecord{v}, poll, false
	e.numbers = map[string]bool{}
	e.version++
	e.mu.Unlock()
	e.log.Info("session started", "session", ses.ID, "mode", ses.Mode, "story", e.st.File)
	e.pollChanged()
	return nil
}

// resume restores session id from the store: position, path, the current
// poll with its tally and counted votes, opt-outs; then applies the timers
// that fell due while the app was down.
func (e *Engine) resume(ctx context.Context, id int64) error {
	snap, err := e.store.Snapshot(ctx, id)
	if err != nil {
		return fmt.Errorf("resume session %d: %w", id, err)
	}
	ses := snap.Session
	opt := make(map[string]bool, len(snap.OptOuts))
	for _, v := range snap.OptOuts {
		opt[v] = true
	}
	var poll *pollRun
	if snap.Poll != nil {
		poll = restorePoll(snap.Poll, e.st.Scene(snap.Poll.Poll.Scene))
	}
	ses.ClockAt = e.now() // the time the app was closed does not count
	e.mu.Lock()
	e.ses, e.path, e.poll, e.optOut, e.seq, e.resumed = ses, snap.Path, poll, opt, snap.LastInbox, true
	e.ended = ses.EndScreen
	e.version++
	e.mu.Unlock()
	sc := e.st.Scene(ses.Scene)
	if sc == nil || len(snap.Path) == 0 || snap.Path[len(snap.Path)-1].Scene != ses.Scene {
		// The position no longer fits the story: go on from its start.
		return e.restartAt(ctx, &ses, e.st.Scene(e.st.Start))
	}
	e.ses.Slide = clamp(ses.Slide, 0, len(sc.Slides)-1)
	ses = e.ses
	now := e.now()
	err = e.write(ctx, func(tx Tx) error {
		return tx.LogNav(ctx, NavRecord{Session: ses.ID, At: now, Action: NavResume, Scene: ses.Scene, Slide: ses.Slide})
	})
	if err != nil {
		return fmt.Errorf("resume session %d: %w", id, err)
	}
	e.log.Info("session resumed", "session", ses.ID, "scene", ses.Scene, "slide", ses.Slide)
	if err := e.advance(ctx, now); err != nil {
		return fmt.Errorf("resume session %d: %w", id, err)
	}
	e.pollChanged()
	return nil
}

// restartAt puts session ses on a fresh visit of scene sc (after a story
// change removed the scene it was on).
func (e *Engine) restartAt(ctx context.Context, ses *SessionRecord, sc *story.Scene) error {
	now := e.now()
	v := VisitRecord{Session: ses.ID, Scene: sc.ID, At: now}
	ses.Scene, ses.Slide, ses.UpdatedAt = sc.ID, 0, now
	foldClock(ses, now)
	ses.EndScreen, ses.EndedAt = false, time.Time{}
	ses.StoryHash, ses.StoryFile, ses.Title = e.st.Hash, e.st.File, e.st.Title
	ses.Authors, ses.Credits = e.st.Authors, e.st.Credits
	var poll *pollRun
	abandoned := e.abandonPoll(now)
	err := e.write(ctx, func(tx Tx) error {
		if abandoned != nil {
			if err := tx.SavePoll(ctx, abandoned); err != nil {
				return err
			}
		}
		if err := tx.PushVisit(ctx, &v); err != nil {
			return err
		}
		var err error
		if poll, err = e.arrive(ctx, tx, ses.ID, v.ID, sc, 0, now); err != nil {
			return err
		}
		if err := tx.SavePosition(ctx, ses); err != nil {
			return err
		}
		return tx.LogNav(ctx, NavRecord{Session: ses.ID, At: now, Action: NavReload, Scene: sc.ID, Detail: "scene gone"})
	})
	if err != nil {
		return fmt.Errorf("restart session %d at %s: %w", ses.ID, sc.ID, err)
	}
	e.mu.Lock()
	e.ses, e.poll, e.resumed = *ses, poll, true
	e.path = append(e.path, v)
	e.version++
	e.mu.Unlock()
	return nil
}

// ResetRehearsal ends the rehearsal session and starts a new one from the
// story's start. It fails with ECONFLICT in a live show.
func (e *Engine) ResetRehearsal(ctx context.Context) error {
	if e.cfg.Mode != Rehearsal {
		return Errorf(ECONFLICT, "Only a rehearsal can be reset.")
	}
	if err := e.lockWriter(); err != nil {
		return err
	}
	defer e.wmu.Unlock()
	if err := e.newSession(ctx); err != nil {
		return err
	}
	e.publishState()
	return nil
}

// ReloadStory switches to a new version of the story (live reload). The
// position stays when its scene still exists (the slide clamped), else the
// show goes to the new start scene; an open poll keeps its choices as they
// were when it opened. It fails with EINVALID for an empty story.
func (e *Engine) ReloadStory(s *story.Story) error {
	if s == nil || len(s.Scenes) == 0 || s.Scene(s.Start) == nil {
		return Errorf(EINVALID, "The new story has no start scene.")
	}
	if err := e.lockWriter(); err != nil {
		return err
	}
	defer e.wmu.Unlock()
	ctx := context.Background()
	old := e.st
	e.mu.Lock()
	e.st = s
	e.mu.Unlock()
	ses := e.ses
	sc := s.Scene(ses.Scene)
	if sc == nil {
		if err := e.restartAt(ctx, &ses, s.Scene(s.Start)); err != nil {
			e.mu.Lock()
			e.st = old
			e.mu.Unlock()
			return err
		}
	} else {
		now := e.now()
		ses.Slide = clamp(ses.Slide, 0, len(sc.Slides)-1)
		ses.StoryHash, ses.StoryFile, ses.Title, ses.UpdatedAt = s.Hash, s.File, s.Title, now
		ses.Authors, ses.Credits = s.Authors, s.Credits
		foldClock(&ses, now)
		var abandoned *PollRecord
		if !hasPoll(sc) {
			abandoned = e.abandonPoll(now) // the scene lost its fork
		}
		err := e.write(ctx, func(tx Tx) error {
			if abandoned != nil {
				if err := tx.SavePoll(ctx, abandoned); err != nil {
					return err
				}
			}
			if err := tx.SavePosition(ctx, &ses); err != nil {
				return err
			}
			return tx.LogNav(ctx, NavRecord{Session: ses.ID, At: now, Action: NavReload, Scene: ses.Scene, Slide: ses.Slide, Detail: s.Hash})
		})
		if err != nil {
			e.mu.Lock()
			e.st = old
			e.mu.Unlock()
			return err
		}
		e.mu.Lock()
		e.ses = ses
		if abandoned != nil {
			e.poll = e.poll.withRec(*abandoned)
		}
		e.version++
		e.mu.Unlock()
	}
	e.pushReplyPolicy()
	e.pollChanged()
	e.publishState()
	return nil
}

func clamp(x, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return min(max(x, lo), hi)
}
