package cli

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"forkcast/app/show"
	"forkcast/app/testkit"
)

// TestE2EOtherScriptVotesCount runs `forkcast serve` in-process (engine,
// real SQLite file, HTTP API) with a simulated audience that texts every
// vote in another script or form (scripts=1: ٢ ۲ २ ২ ๒ 二 貳 ② ２ 2️⃣ "Two"),
// and checks that every one of them is counted, none invalid.
func TestE2EOtherScriptVotesCount(t *testing.T) {
	dir := t.TempDir()
	s := startE2EShow(t, "--story", e2eStory(t, dir), "--db", dir+"/show.db",
		"--source", "sim:audience=200,turnout=1,scripts=1,keywords=0,invalid=0,change=0,dup=0,stop=0,late=0,instant=1,seed=11")
	s.openFirstFork(t)
	var entries []show.InboxEntry
	testkit.WaitFor(t, 30*time.Second, "200 texts in the inbox", func() bool {
		entries = s.inbox(t)
		return len(entries) >= 200
	})
	scripts := map[string]int{}
	for _, e := range entries {
		if e.Result != show.ResultCounted {
			t.Errorf("text %q: %s (%s), want counted", e.Text, e.Result, e.Reason)
		}
		scripts[scriptOf(e.Text)]++
	}
	for _, want := range []string{"Arabic", "Devanagari", "Bengali", "Thai", "Han", "Latin", "other"} {
		if scripts[want] == 0 {
			t.Errorf("no %s text among %d (by script: %v): the sim no longer sends them", want, len(entries), scripts)
		}
	}
	var st show.State
	testkit.WaitFor(t, testkit.Patience, "the state to count 200 votes", func() bool {
		st = s.state(t)
		return st.Poll != nil && st.Poll.Total == 200
	})
	if st.Poll.Invalid != 0 {
		t.Errorf("poll invalid = %d, want 0", st.Poll.Invalid)
	}
	t.Logf("200 votes counted, by script: %v", scripts)
}

// scriptOf names the script of the first letter or digit of text that is
// not ASCII: "Latin" for a word like "Two", "other" for symbols (②, 2️⃣, ２).
func scriptOf(text string) string {
	for _, r := range text {
		for _, name := range []string{"Arabic", "Devanagari", "Bengali", "Thai", "Han"} {
			if unicode.Is(unicode.Scripts[name], r) {
				return name
			}
		}
	}
	if strings.IndexFunc(text, unicode.IsLetter) >= 0 && strings.IndexFunc(text, func(r rune) bool { return r > unicode.MaxASCII }) < 0 {
		return "Latin"
	}
	return "other"
}
