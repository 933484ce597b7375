package show

import (
	"context"
	"time"

	"forkcast/app/story"
)

// ByExit is how a fork was left when the speaker took its exit (#14, the
// console's "wrap up" key): the nav log's detail.
const ByExit = "exit"

// TakeExit is the speaker's "wrap up": from any slide of a fork that names
// an exit ({exit: scene} or {exit: END}), it leaves the fork by that exit
// at once, whatever the poll (an open poll is closed as abandoned, as when
// the speaker jumps away). An exit to END shows the end screen. It fails
// with ECONFLICT when the current scene has no exit, the stage is blanked
// or the talk has ended, and with ENOTFOUND when the exit is not a scene of
// the story.
func (e *Engine) TakeExit(ctx context.Context) error {
	now, err := e.writeTurn(ctx)
	if err != nil {
		return err
	}
	defer e.wmu.Unlock()
	if e.ended {
		return Errorf(ECONFLICT, "This is the end of the talk.")
	}
	if e.ses.Blank {
		return Errorf(ECONFLICT, "The stage is blanked: bring it back first.")
	}
	sc := e.scene()
	if sc.Fork == nil || sc.Exit == "" {
		return Errorf(ECONFLICT, "This scene has no exit to take.")
	}
	if sc.Exit == story.End {
		return e.setEnded(ctx, now, true)
	}
	target := e.st.Scene(sc.Exit)
	if target == nil {
		return Errorf(ENOTFOUND, "The exit %q is not a scene of this story.", sc.Exit)
	}
	return e.navigateHeld(ctx, now, func(now time.Time) (*move, error) {
		return &move{action: NavNext, scene: target, detail: ByExit,
			push: &VisitRecord{Session: e.ses.ID, Scene: target.ID, At: now}}, nil
	})
}
