package rehearse

import (
	"strings"
	"testing"

	"forkcast/app/vote"
)

// TestCoverageTextCounts: a walk's polls read as words, in order, for forks and ratings.
func TestCoverageTextCounts(t *testing.T) {
	c := &Coverage{Title: "T", Runs: []WalkRun{{Scenes: []string{"a", "b"}, Polls: []PollResult{
		{Scene: "a", Kind: vote.PollFork, Counts: map[int]int{2: 48, 1: 109}, Total: 157, Invalid: 3, Winner: 1, DecidedBy: "votes"},
		{Scene: "b", Kind: vote.PollRating, Counts: map[int]int{10: 3, 9: 5, 4: 0}, Total: 8},
		{Scene: "c", Kind: vote.PollFork, Counts: map[int]int{}},
	}}}}
	var b strings.Builder
	if err := c.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"poll a: 157 votes (choice 1: 109, choice 2: 48), 3 invalid, winner 1 by votes",
		"poll b: 8 votes (rated 9: 5, rated 10: 3), 0 invalid",
		"poll c: 0 votes (none counted), 0 invalid",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("coverage text lacks %q:\n%s", want, b.String())
		}
	}
}
