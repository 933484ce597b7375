package desktop

import (
	"errors"
	"fmt"
	"time"
)

// EventStageWindow is emitted to the window when the stage window comes up or
// goes away; its payload is a StageWindow.
const EventStageWindow = "stage:window"

// StageWindow says whether the native stage window is up, and where.
type StageWindow struct {
	Up      bool `json:"up"`
	Display int  `json:"display"` // from 0; the last one used when not up
	// Native says this window can open a stage window (false: Present uses a browser).
	Native bool `json:"native"`
}

// stageWaitDefault is how long Present waits for the stage window to say it
// is up (a cold start on a busy two-core machine takes a few seconds).
const stageWaitDefault = 20 * time.Second

// stageState reports the stage window; it never fails.
func (a *App) stageState() StageWindow {
	a.mu.Lock()
	defer a.mu.Unlock()
	return StageWindow{Up: a.stage != nil, Display: a.stageDisplay, Native: a.cfg.StageWindow != nil}
}

// StageWindow reports whether the native stage window is up (the console's
// screens panel shows it). It never fails.
func (a *App) StageWindow() (StageWindow, error) { return a.stageState(), nil }

func (a *App) stageChild() *Child {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.stage
}

// startStage starts the stage window on display n showing u and waits until
// it is up. It fails with errNoStageWindow when this app has none, and with
// the reason (logged) when the child cannot start, exits or stays silent.
func (a *App) startStage(n int, u string) error {
	if a.cfg.StageWindow == nil {
		return errNoStageWindow
	}
	name, args := a.cfg.StageWindow(n)
	c, err := a.launcher().StartChild(name, args, u)
	if err == nil {
		wait := a.cfg.StageWait
		if wait <= 0 {
			wait = stageWaitDefault
		}
		select {
		case <-c.Up:
		case <-c.Done:
			err = c.Err()
			if err == nil {
				err = errors.New("exited at once")
			}
			err = fmt.Errorf("the stage window exited before it was up: %w", err)
		case <-time.After(wait):
			err = fmt.Errorf("%w (%s)", errStageTimeout, wait)
			if cerr := c.Close(); cerr != nil {
				a.cfg.Logger.Warn("present: the silent stage window ended", "err", cerr)
			}
		}
	}
	if err != nil {
		pid := 0
		if c != nil {
			pid = c.PID
		}
		a.cfg.Logger.Warn("present: the stage window failed", "cmd", name, "pid", pid, "err", err)
		return err
	}
	a.mu.Lock()
	a.stage, a.stageDisplay = c, n
	a.mu.Unlock()
	a.cfg.Logger.Info("present: the stage is on display", "display", n+1, "how", "window", "pid", c.PID)
	a.recordStage(c.PID, n, u)
	a.emitStage()
	go a.watchStage(c)
	return nil
}

// watchStage forgets the stage window once its process has exited (closed by
// the speaker, crashed, killed), so that Present opens a new one.
func (a *App) watchStage(c *Child) {
	<-c.Done
	a.mu.Lock()
	mine := a.stage == c
	if mine {
		a.stage = nil
	}
	a.mu.Unlock()
	if !mine {
		return // closeStage already said so
	}
	a.forgetStage(c.PID)
	if err := c.Err(); err != nil {
		a.cfg.Logger.Warn("present: the stage window died", "pid", c.PID, "err", err)
	} else {
		a.cfg.Logger.Info("present: the stage window closed", "pid", c.PID)
	}
	a.emitStage()
}

// closeStage closes the stage window c and waits until it is reaped.
func (a *App) closeStage(c *Child) {
	a.mu.Lock()
	if a.stage == c {
		a.stage = nil
	}
	a.mu.Unlock()
	if err := c.Close(); err != nil {
		a.cfg.Logger.Warn("present: the stage window ended with an error", "pid", c.PID, "err", err)
	}
	a.forgetStage(c.PID)
	a.cfg.Logger.Info("present: the stage window closed", "pid", c.PID)
	a.emitStage()
}

func (a *App) emitStage() {
	if a.rt != nil {
		a.rt.EventsEmit(EventStageWindow, a.stageState())
	}
}

// restartStage reopens the stage window, when it is up, on the stage link as
// it is now (a new token: the old link no longer works). A failure is logged
// and leaves the stage window closed: the panel shows it.
func (a *App) restartStage() {
	a.presentMu.Lock()
	defer a.presentMu.Unlock()
	c := a.stageChild()
	if c == nil {
		return
	}
	n := a.stageState().Display
	a.closeStage(c)
	u, err := a.SecondScreenURL("stage")
	if err == nil {
		err = a.startStage(n, u)
	}
	if err != nil {
		a.cfg.Logger.Warn("present: the stage window could not reopen on the new token", "err", err)
	}
}
