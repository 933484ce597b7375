package rehearse

import (
	"testing"
	"time"

	"forkcast/app/story"
)

// finishTalk is a hub with three topics of different lengths and an exit
// to a closing scene; every slide is estimated at 5 s + its words.
const finishTalk = `---
title: Finish
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
3. Medium -> medium

:: short
# Short
-> menu

:: long
# Long
---
# Longer
---
# Longest
---
# Still going
-> menu

:: medium
# Medium
---
# Medium 2
-> menu

:: outro
# Thanks
-> END
`

// fakeClock is the talk's clock as a test moves it.
type fakeClock struct{ start, now time.Time }

func (c *fakeClock) advance(d time.Duration) { c.now = c.now.Add(d) }
func (c *fakeClock) left(slot time.Duration) time.Duration {
	return slot - c.now.Sub(c.start)
}

func TestExitProposedWhenTimeRunsShort(t *testing.T) {
	s, ds := story.Parse("finish.md", []byte(finishTalk), "")
	if story.HasErrors(ds) {
		t.Fatal(ds)
	}
	r := Timing(s, nil, TimingOptions{})
	ms := func(scene string) int64 {
		var n int64
		for _, sl := range r.Slides {
			if sl.Scene == scene {
				n += sl.Ms
			}
		}
		return n
	}
	// The least way to the end through "short": short, the menu again,
	// then its exit, the outro.
	wantShort := ms("short") + ms("menu") + ms("outro")
	clk := &fakeClock{start: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)}
	clk.now = clk.start
	f := Finish(s, r, "menu", clk.left(s.Slot))
	if f == nil || f.ProposeExit || f.ExitMs != ms("outro") {
		t.Fatalf("at the start: %+v, want no proposal and the exit at %d ms", f, ms("outro"))
	}
	if f.Choices[0].Ms != wantShort || !f.Choices[0].Fits {
		t.Errorf("choice 1: %+v, want %d ms and fitting", f.Choices[0], wantShort)
	}
	if f.SpokesFit != 3 {
		t.Errorf("spokes that fit in 10 minutes: %d, want 3", f.SpokesFit)
	}
	// Move the clock until less than the shortest choice needs is left.
	clk.advance(s.Slot - time.Duration(wantShort-1)*time.Millisecond)
	f = Finish(s, r, "menu", clk.left(s.Slot))
	if !f.ProposeExit || f.Choices[0].Fits || f.SpokesFit != 0 {
		t.Errorf("with %v left: %+v, want the exit proposed, no choice fitting, no spoke", clk.left(s.Slot), f)
	}
	// Just enough for the short topic: no proposal, one spoke fits.
	clk.now = clk.start.Add(s.Slot - time.Duration(wantShort)*time.Millisecond)
	f = Finish(s, r, "menu", clk.left(s.Slot))
	if f.ProposeExit || !f.Choices[0].Fits || f.Choices[1].Fits || f.SpokesFit != 1 {
		t.Errorf("with %v left: %+v, want choice 1 fitting, choice 2 not, one spoke", clk.left(s.Slot), f)
	}
	if Finish(s, r, "short", time.Minute) != nil {
		t.Error("Finish of a scene without a fork is not nil")
	}
}
