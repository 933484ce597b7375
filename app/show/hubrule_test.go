package show_test

import (
	"context"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
)

// hubTalk is a hub-and-spoke talk: three topics that all come back to the
// menu, whose exit is the outro once every topic was presented.
func hubTalk(t *testing.T, rule string) *story.Story {
	t.Helper()
	src := `---
title: Hub talk
vote:
  number: "+1 503 555 0142"
  visited: ` + rule + `
---
:: intro
# Hi
-> menu

:: menu {exit: outro}
# Where shall we go?
1. Caching -> caching #cache
2. Queues -> queues
3. Tests -> tests

:: caching
# Caching
-> menu

:: queues
# Queues
-> menu

:: tests
# Tests
-> menu

:: outro
# Thanks
-> END
`
	s, ds := story.Parse("hub.md", []byte(src), "")
	if story.HasErrors(ds) {
		t.Fatal(ds)
	}
	return s
}

func hubFixture(t *testing.T, rule string) *fixture {
	f := newFixture(t, defaultOpts())
	f.st = hubTalk(t, rule)
	f.start(true)
	return f
}

// choose votes for choice by text, closes the poll and moves on once the
// grace window has passed on the fake clock.
func (f *fixture) choose(text string) {
	f.t.Helper()
	f.do("open", f.e.OpenPoll)
	f.text(1, text)
	if got := f.lastResult(); got.Result != show.ResultCounted {
		f.t.Fatalf("vote %q: %s (%s)", text, got.Result, got.Reason)
	}
	f.do("close", f.e.ClosePoll)
	f.clock.Advance(6 * time.Second)
	f.do("next", f.e.Next)
}

func (f *fixture) at(scene string) {
	f.t.Helper()
	if s := f.e.State(); s.Scene != scene {
		f.t.Fatalf("at %q, want %q", s.Scene, scene)
	}
}

// offered is the poll's choice numbers, greyed ones marked with a minus.
func (f *fixture) offered() []int {
	var out []int
	for _, c := range f.e.State().Poll.Choices {
		if c.Greyed {
			out = append(out, -c.Number)
		} else {
			out = append(out, c.Number)
		}
	}
	return out
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHubRuleHide(t *testing.T) {
	f := hubFixture(t, "hide")
	f.do("next", f.e.Next)
	f.at("menu")
	if got := f.offered(); !sameInts(got, []int{1, 2, 3}) {
		t.Fatalf("first visit offers %v, want 1 2 3", got)
	}
	f.choose("cache")
	f.at("caching")
	f.do("next", f.e.Next)
	f.at("menu")
	if got := f.offered(); !sameInts(got, []int{2, 3}) {
		t.Fatalf("after caching the menu offers %v, want 2 3", got)
	}
	f.do("open", f.e.OpenPoll)
	f.text(2, "1")
	if got := f.lastResult(); got.Result != show.ResultInvalid {
		t.Fatalf("a vote for the hidden choice: %s, want invalid", got.Result)
	}
	f.text(3, "2")
	f.do("close", f.e.ClosePoll)
	f.clock.Advance(6 * time.Second)
	f.do("next", f.e.Next)
	f.at("queues")
	f.do("next", f.e.Next)
	f.at("menu")
	// One choice left: no poll, Next takes it.
	if err := f.e.OpenPoll(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("open with one choice left: %v, want a conflict", err)
	}
	if n := f.e.State().Next; n == nil || n.Scene != "tests" {
		t.Fatalf("Next says %+v, want tests", n)
	}
	f.do("next", f.e.Next)
	f.at("tests")
	if p := f.e.State().Path; p[len(p)-2].Scene != "menu" || p[len(p)-2].Choice != 3 || p[len(p)-2].By != show.ByHub {
		t.Fatalf("the menu was left as %+v, want choice 3 by the hub rule", p[len(p)-2])
	}
	// None left: the exit.
	f.do("next", f.e.Next)
	f.at("menu")
	if n := f.e.State().Next; n == nil || n.Scene != "outro" {
		t.Fatalf("Next says %+v, want the exit outro", n)
	}
	f.do("next", f.e.Next)
	f.at("outro")
}

func TestHubRuleGrey(t *testing.T) {
	f := hubFixture(t, "grey")
	f.do("next", f.e.Next)
	f.choose("1")
	f.do("next", f.e.Next)
	f.at("menu")
	if got := f.offered(); !sameInts(got, []int{-1, 2, 3}) {
		t.Fatalf("after caching the menu offers %v, want 1 greyed, 2, 3", got)
	}
	f.do("open", f.e.OpenPoll)
	f.text(2, "cache")
	if got := f.lastResult(); got.Result != show.ResultInvalid {
		t.Fatalf("a vote for the greyed choice: %s, want invalid", got.Result)
	}
}

func TestHubRuleKeep(t *testing.T) {
	f := hubFixture(t, "keep")
	f.do("next", f.e.Next)
	f.choose("1")
	f.do("next", f.e.Next)
	f.at("menu")
	if got := f.offered(); !sameInts(got, []int{1, 2, 3}) {
		t.Fatalf("keep: the menu offers %v, want 1 2 3", got)
	}
	f.choose("1")
	f.at("caching")
}

// TestTakeExit: the speaker's "wrap up" leaves a hub by its exit from an
// open poll (the poll is abandoned, the path goes on at the exit), and a
// scene without an exit refuses it.
func TestTakeExit(t *testing.T) {
	f := hubFixture(t, "hide")
	if err := f.e.TakeExit(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("wrap up on the intro: %v, want a conflict (no exit)", err)
	}
	f.do("next", f.e.Next)
	f.at("menu")
	f.do("open", f.e.OpenPoll)
	f.text(1, "2")
	f.do("wrap up", f.e.TakeExit)
	f.at("outro")
	st := f.e.State()
	if st.Poll != nil {
		t.Errorf("the outro shows a poll: %+v", st.Poll)
	}
	if p := st.Path; len(p) < 2 || p[len(p)-2].Scene != "menu" || p[len(p)-1].Scene != "outro" {
		t.Fatalf("path %+v, want menu then outro", p)
	}
	if err := f.e.TakeExit(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("wrap up on the outro: %v, want a conflict", err)
	}
}
