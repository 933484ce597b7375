package show_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/vote"
)

// TestStoryKnowsTheLanguages: the codes the story format accepts are the
// languages ballots have words for.
func TestStoryKnowsTheLanguages(t *testing.T) {
	if got, want := story.Languages, vote.Languages(); !reflect.DeepEqual(got, want) {
		t.Errorf("story.Languages = %v, vote.Languages() = %v", got, want)
	}
}

// roomStory declares French and German number words and letter ballots,
// the scene ids testStory's toFork expects.
const roomStory = `---
title: Room
languages: [fr, de]
vote:
  number: "+1 555 0100"
  letters: true
---
:: intro
# A
---
# B
-> crisis

:: crisis [fork]
# Q
---
# Q
1. Security -> END #breach
2. Traffic -> END #surge
`

// TestStoryBallotOptions: the story's languages and letters reach the
// engine's ballot parser, and still do after a restart that restores the
// open poll from the store.
func TestStoryBallotOptions(t *testing.T) {
	st, ds := story.Parse("room.md", []byte(roomStory), "")
	for _, d := range ds {
		if d.Severity == story.SevError {
			t.Fatalf("story: %v", d)
		}
	}
	path := filepath.Join(t.TempDir(), "forkcast.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, db: db, path: path, clock: newClock(), rec: &recorder{}, st: st}
	f.start(false)
	f.toFork()
	f.do("open", f.e.OpenPoll)
	steps := []struct {
		phone        int
		text, result string
		choice       int
	}{
		{1, "deux", show.ResultCounted, 2},
		{2, "Zwei!", show.ResultCounted, 2},
		{3, "B", show.ResultCounted, 2},
		{4, "option a", show.ResultCounted, 1},
		{5, "٢", show.ResultCounted, 2},
		{6, "two", show.ResultInvalid, 0}, // English is not declared
		{7, "A or B", show.ResultInvalid, 0},
	}
	for i, s := range steps {
		if i == 4 {
			f.start(false) // restart: the open poll comes back from the store
		}
		f.text(s.phone, s.text)
		got := f.lastResult()
		if got.Result != s.result || got.Choice != s.choice {
			t.Fatalf("text %q: %s choice %d (%s), want %s choice %d", s.text, got.Result, got.Choice, got.Reason, s.result, s.choice)
		}
	}
	if c := f.counts(); c[1] != 1 || c[2] != 4 {
		t.Errorf("counts = %v, want 1:1 2:4", c)
	}
}
