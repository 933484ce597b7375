package web

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"forkcast/app/rehearse"
	"forkcast/app/show"
	"forkcast/app/story"
)

const finishStory = `---
title: Hub
slot: 10m
vote:
  number: "+1 555 0100"
  visited: hide
---
:: intro
# Hi
-> menu

:: menu {exit: outro}
# Where next?
1. Short -> short
2. Long -> long

:: short
# Short
-> menu

:: long
# Long
---
# Longer
-> menu

:: outro
# Thanks
-> END
`

// exitController is a fake controller with the engine's TakeExit.
type exitController struct {
	*fakeController
	took int
}

func (c *exitController) TakeExit(context.Context) error { c.took++; return nil }

func TestForkFinishRoute(t *testing.T) {
	s, ds := story.Parse("hub.md", []byte(finishStory), "")
	if story.HasErrors(ds) {
		t.Fatal(ds)
	}
	t0 := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	fc := &fakeController{}
	xc := &exitController{fakeController: fc}
	srv, _ := newTest(t, fc, func(c *Config) {
		c.Controller = xc
		c.Story = func() *story.Story { return s }
	})
	h := srv.Handler()
	get := func() (*rehearse.ForkFinish, int) {
		w := do(t, h, req{method: "GET", target: "/api/finish", header: auth()})
		var f *rehearse.ForkFinish
		if w.Code == http.StatusOK {
			if err := json.Unmarshal(w.Body.Bytes(), &f); err != nil {
				t.Fatalf("body %q: %v", w.Body, err)
			}
		}
		return f, w.Code
	}
	if w := do(t, h, req{method: "GET", target: "/api/finish"}); w.Code != http.StatusUnauthorized {
		t.Errorf("GET /api/finish without the token: %d, want 401", w.Code)
	}
	fc.setState(show.State{Scene: "intro", StartedAt: t0, Now: t0})
	if f, code := get(); code != 200 || f != nil {
		t.Errorf("off a fork: %d %+v, want 200 null", code, f)
	}
	// Two minutes in: 8 minutes left, both topics fit.
	fc.setState(show.State{Scene: "menu", StartedAt: t0, Now: t0.Add(2 * time.Minute)})
	f, code := get()
	want := rehearse.Finish(s, rehearse.Timing(s, nil, rehearse.TimingOptions{}), "menu", 8*time.Minute)
	if code != 200 || f == nil || f.LeftMs != 8*60*1000 || f.ProposeExit || f.SpokesFit != want.SpokesFit || len(f.Choices) != 2 ||
		f.Choices[1].Ms != want.Choices[1].Ms || f.Exit != "outro" {
		t.Fatalf("at the menu 2 min in: %d %+v, want %+v", code, f, want)
	}
	// 10 s before the slot ends: the exit is proposed.
	fc.setState(show.State{Scene: "menu", StartedAt: t0, Now: t0.Add(10*time.Minute - 10*time.Second)})
	if f, _ := get(); f == nil || !f.ProposeExit || f.Choices[0].Fits {
		t.Errorf("10 s left: %+v, want the exit proposed and no choice fitting", f)
	}
	// The talk clock counts the time actually talked (#23): a session resumed
	// hours after it started, 3 minutes talked, has 7 minutes left.
	fc.setState(show.State{Scene: "menu", StartedAt: t0, Now: t0.Add(5 * time.Hour), Clock: 3 * time.Minute, ClockState: show.ClockRunning})
	if f, _ := get(); f == nil || f.LeftMs != 7*60*1000 || f.ProposeExit {
		t.Errorf("3 min on the talk clock, 5 h since the start: %+v, want 7 min left", f)
	}
	// No slot: nothing to measure against.
	s.Slot = 0
	if f, _ := get(); f == nil || f.LeftMs != -1 || f.ProposeExit || f.SpokesFit != -1 || f.Choices[0].Fits || f.Choices[0].Ms <= 0 {
		t.Errorf("without a slot: %+v, want times to the end but no left, fit or proposal", f)
	}
	if w := do(t, h, req{method: "POST", target: "/api/exit", header: auth()}); w.Code >= 300 || xc.took != 1 {
		t.Errorf("POST /api/exit: %d %s, took %d, want the engine's TakeExit once", w.Code, w.Body, xc.took)
	}
	if w := do(t, h, req{method: "POST", target: "/api/exit"}); w.Code != http.StatusUnauthorized || xc.took != 1 {
		t.Errorf("POST /api/exit without the token: %d (took %d), want 401", w.Code, xc.took)
	}
}
