package story

import (
	"strings"
	"testing"

	"forkcast/app/testkit"
)

// spokes is a hub-and-spoke talk in the Twine speakers' shape: a menu of
// topics, each with a sub-choice, every one coming back; no choice ends the
// talk, the fork's exit does once every topic was presented.
const spokes = `---
title: Spokes
vote:
  number: "+1 555 0100"
  visited: hide
---
:: intro
# Hi
-> menu

:: menu {exit: outro}
# Where shall we go?
1. Caching -> caching
2. Queues -> queues
3. Tests -> tests

:: caching
# Caching
1. Redis -> redis
2. Memcached -> memcached

:: redis
# Redis
---
# More Redis
-> menu

:: memcached
# Memcached
-> menu

:: queues
# Queues
-> menu

:: tests
# Tests
---
# Flaky ones
---
# Fixed
-> menu

:: outro
# Thanks
-> END
`

func TestHubTalkChecksCleanAndSummarisesHubs(t *testing.T) {
	s, ds := Parse("spokes.md", []byte(spokes), "")
	testkit.SameLines(t, lines(ds), nil)
	if s.Scene("menu").Vote.Visited != VisitedHide || s.Scene("menu").Exit != "outro" {
		t.Errorf("menu: visited %q exit %q, want hide and outro", s.Scene("menu").Vote.Visited, s.Scene("menu").Exit)
	}
	sum := Summarize(s, 0)
	want := `8 scenes, 11 slides, 2 forks, 1 ending; 1 hub: "menu" (3 spokes of 1-3 slides, visited hidden, exit to outro)`
	if got := sum.String(); got != want {
		t.Errorf("summary = %q\nwant      %q", got, want)
	}
	// caching's way round is 2 (caching + memcached) to 3 (caching + redis's two).
	if sp := sum.Hubs[0].Spokes[0]; sp.Target != "caching" || sp.Min != 2 || sp.Max != 3 || !sp.Ranged {
		t.Errorf("spoke 1 = %+v", sp)
	}
	g := Graph(s)
	if !g.Nodes[1].Hub || g.Nodes[2].Hub {
		t.Errorf("hub flags: %+v", g.Nodes)
	}
}

func TestLoopWithoutAWayOut(t *testing.T) {
	src := fm + ":: menu\n# Pick\n1. A -> a\n2. B -> b\n\n:: a\n# A\n-> menu\n\n:: b\n# B\n-> menu\n"
	_, ds := Parse("loop.md", []byte(src), "")
	testkit.SameLines(t, lines(ds), []string{
		`6:4: error: no path from start scene "menu" reaches END: every way on loops back; end a final scene with "-> END" or give a fork a choice "-> END"`,
	})
	// An exit is a way out.
	src = fm + ":: menu {exit: END, visited: grey}\n# Pick\n1. A -> a\n2. B -> b\n\n:: a\n# A\n-> menu\n\n:: b\n# B\n-> menu\n"
	_, ds = Parse("loop.md", []byte(src), "")
	testkit.SameLines(t, lines(ds), nil)
}

func TestHubOptionsAreChecked(t *testing.T) {
	src := fm + ":: a {exit: b, visited: hidden}\n# A\n-> b\n\n:: b {exit: nowhere}\n# B\n1. X -> END\n2. Y -> END\n"
	_, ds := Parse("opts.md", []byte(src), "")
	got := lines(ds)
	for _, want := range []string{`option "exit" has no effect: scene "a" has no fork`, `unknown target "nowhere"`, `visited`} {
		found := false
		for _, l := range got {
			found = found || strings.Contains(l, want)
		}
		if !found {
			t.Errorf("diagnostics %q lack %q", got, want)
		}
	}
}
