package desktop

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// A stage window outlives a desktop app that is killed or crashes (only the
// app's close line ends it, stagechild.go), so the projector keeps the stage
// through a restart. The app records the window it started in a small file
// beside the database (Config.StageFile); the next app on that database
// reads it and adopts the window: the screens panel shows it up, S closes it
// (by a signal: the adopted window's input belongs to the dead app), and a
// window on a link that no longer works (a new port or token) is replaced by
// one on the current link, on the same display.

// stageRecord is the stage window file: which process, on which display,
// showing which link. The link itself (it holds the token) is not kept: its
// hash is enough to tell whether the window shows the current one.
type stageRecord struct {
	PID     int    `json:"pid"`
	Display int    `json:"display"` // from 0
	Link    string `json:"link_sha256"`
	// Started identifies the process beyond its id, which the system reuses
	// (on Linux, its start time in clock ticks since boot).
	Started string `json:"started"`
}

func linkHash(u string) string {
	h := sha256.Sum256([]byte(u))
	return hex.EncodeToString(h[:])
}

// recordStage writes the stage window file for child pid on display n showing
// u. A failure is logged: the window works, only a restart will not adopt it.
func (a *App) recordStage(pid, n int, u string) {
	if a.cfg.StageFile == "" {
		return
	}
	started, _ := processStarted(pid)
	b, _ := json.Marshal(stageRecord{PID: pid, Display: n, Link: linkHash(u), Started: started})
	tmp := a.cfg.StageFile + ".tmp"
	err := os.WriteFile(tmp, b, 0o600)
	if err == nil {
		err = os.Rename(tmp, a.cfg.StageFile)
	}
	if err != nil {
		a.cfg.Logger.Warn("present: the stage window file", "file", a.cfg.StageFile, "err", err)
	}
}

// forgetStage removes the stage window file, when it names pid.
func (a *App) forgetStage(pid int) {
	if a.cfg.StageFile == "" {
		return
	}
	if r, err := readStageRecord(a.cfg.StageFile); err == nil && r.PID != pid {
		return
	}
	if err := os.Remove(a.cfg.StageFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		a.cfg.Logger.Warn("present: the stage window file", "file", a.cfg.StageFile, "err", err)
	}
}

func readStageRecord(path string) (stageRecord, error) {
	var r stageRecord
	b, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil || r.PID <= 0 {
		return r, fmt.Errorf("%s: not a stage window record", filepath.Base(path))
	}
	return r, nil
}

// adoptStage adopts the stage window the last app on this database left up
// (it was killed or crashed), when there is one: see the top of this file.
// Everything it does is logged; it never fails.
func (a *App) adoptStage() {
	if a.cfg.StageFile == "" {
		return
	}
	r, err := readStageRecord(a.cfg.StageFile)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	a.presentMu.Lock()
	defer a.presentMu.Unlock()
	if err == nil {
		if why := stageGone(r); why != "" {
			err = errors.New(why)
		}
	}
	if err != nil {
		a.cfg.Logger.Info("present: no stage window left by the last run", "file", a.cfg.StageFile, "why", err)
		_ = os.Remove(a.cfg.StageFile)
		return
	}
	c := adoptChild(r)
	if a.stageChild() != nil {
		// Present was quicker and a new window is up: two stage windows
		// would fight over the projector, so the old one closes.
		a.cfg.Logger.Info("present: a new stage window is up; closing the one left by the last run", "pid", r.PID)
		if err := c.Close(); err != nil {
			a.cfg.Logger.Warn("present: the stage window left by the last run ended with an error", "pid", r.PID, "err", err)
		}
		return
	}
	a.mu.Lock()
	a.stage, a.stageDisplay = c, r.Display
	a.mu.Unlock()
	go a.watchStage(c)
	u, err := a.SecondScreenURL("stage")
	if err == nil && linkHash(u) == r.Link {
		a.cfg.Logger.Info("present: adopted the stage window left up by the last run", "display", r.Display+1, "pid", r.PID)
		a.emitStage()
		return
	}
	// Its page cannot reach this server (a new port or token): replace it.
	a.cfg.Logger.Info("present: the stage window left up by the last run shows an old link; reopening it", "display", r.Display+1, "pid", r.PID)
	a.closeStage(c)
	if err == nil {
		err = a.startStage(r.Display, u)
	}
	if err != nil {
		a.cfg.Logger.Warn("present: the stage window could not reopen on the current link", "err", err)
	}
}

// adoptedPoll is how often an adopted stage window is checked for life (it
// is not this process's child: nothing tells when it exits).
const adoptedPoll = 200 * time.Millisecond

// adoptChild makes a Child of the stage window r names, which is up and not
// this process's child: Close sends it SIGTERM (the stage-window command
// closes its window on it), Done closes once it is gone.
func adoptChild(r stageRecord) *Child {
	up := make(chan struct{})
	close(up)
	done := make(chan error, 1)
	go func() {
		for stageAlive(r) {
			time.Sleep(adoptedPoll) // polls a process that is not our child
		}
		done <- nil
	}()
	signal := func(s syscall.Signal) func() error {
		return func() error {
			if !stageAlive(r) {
				return nil
			}
			p, err := os.FindProcess(r.PID)
			if err != nil {
				return err
			}
			return p.Signal(s)
		}
	}
	return newChild(r.PID, up, done, signal(syscall.SIGTERM), signal(syscall.SIGKILL))
}

// stageAlive reports whether the process r names still runs and is the same
// process (a stage window, started when r says).
func stageAlive(r stageRecord) bool { return stageGone(r) == "" }

// stageGone says why the process r names is not its stage window ("" = it is).
func stageGone(r stageRecord) string {
	started, ok := processStarted(r.PID)
	switch {
	case !ok:
		return fmt.Sprintf("process %d has ended", r.PID)
	case r.Started != "" && started != r.Started:
		return fmt.Sprintf("process %d is another one (started at %s, not %s)", r.PID, started, r.Started)
	case !isStageWindow(r.PID):
		return fmt.Sprintf("process %d is not a stage window", r.PID)
	}
	return ""
}
