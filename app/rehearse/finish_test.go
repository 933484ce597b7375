package rehearse

import (
	"strings"
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

// TestReportOfAHubTalk: the report of a talk with loops times its hub (each
// spoke's way round, the exit's time to the end, every spoke then the exit
// against the slot) and the terminal report shows that, not paths.
func TestReportOfAHubTalk(t *testing.T) {
	s, ds := story.Parse("finish.md", []byte(finishTalk), "")
	if story.HasErrors(ds) {
		t.Fatal(ds)
	}
	r := Timing(s, nil, TimingOptions{})
	ms := map[string]int64{}
	for _, sl := range r.Slides {
		ms[sl.Scene] += sl.Ms
	}
	if len(r.Hubs) != 1 {
		t.Fatalf("hubs %+v, want the menu", r.Hubs)
	}
	h := r.Hubs[0]
	want := HubTiming{Scene: "menu", HubMs: ms["menu"], FromMs: ms["intro"] + ms["menu"], Exit: "outro", ExitMs: ms["outro"],
		Spokes: []SpokeTimed{
			{Choice: 1, Label: "Short", Target: "short", MinMs: ms["short"], MaxMs: ms["short"]},
			{Choice: 2, Label: "Long", Target: "long", MinMs: ms["long"], MaxMs: ms["long"]},
			{Choice: 3, Label: "Medium", Target: "medium", MinMs: ms["medium"], MaxMs: ms["medium"]},
		}}
	want.AllMs = want.FromMs + ms["short"] + ms["long"] + ms["medium"] + 3*ms["menu"] + ms["outro"]
	want.Fit = 3 // the whole talk is well under 10 minutes
	if h.Scene != want.Scene || h.HubMs != want.HubMs || h.FromMs != want.FromMs || h.Exit != want.Exit ||
		h.ExitMs != want.ExitMs || h.AllMs != want.AllMs || h.Fit != want.Fit || len(h.Spokes) != 3 {
		t.Fatalf("hub\n got %+v\nwant %+v", h, want)
	}
	for i, sp := range h.Spokes {
		if sp != want.Spokes[i] {
			t.Errorf("spoke %d = %+v, want %+v", i, sp, want.Spokes[i])
		}
	}
	// A slot that holds the start, the short and medium topics and the
	// exit, but not the long one.
	s.Slot = time.Duration(want.AllMs-ms["long"]-ms["menu"]) * time.Millisecond
	r = Timing(s, nil, TimingOptions{})
	if got := r.Hubs[0].Fit; got != 2 {
		t.Errorf("spokes that fit in %v: %d, want 2", s.Slot, got)
	}
	var buf strings.Builder
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{"Hubs (1)", "menu (", `"Long" -> long`, "exit -> outro: " + dur(ms["outro"]) + " to the end",
		"every spoke once, then the exit: " + dur(want.AllMs), "2 of 3 spokes fit the slot"} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "Paths (") || strings.Contains(out, "Shortest:") {
		t.Errorf("the report of a hub talk lists paths:\n%s", out)
	}
}
