package sim

import (
	"math/rand/v2"
	"testing"

	"forkcast/app/vote"
)

// TestScriptBallotsRead: every "other script" form the simulator texts
// reads as the number it means with the engine's default ballot rules (no
// language declared), so these votes count.
func TestScriptBallotsRead(t *testing.T) {
	var choices []vote.Choice
	for n := 1; n <= 9; n++ {
		choices = append(choices, vote.Choice{Number: n})
	}
	r := rand.New(rand.NewPCG(1, 2))
	forms := map[string]bool{}
	for i := 0; i < 4000; i++ {
		n := 1 + r.IntN(10)
		text := scriptBallot(r, n)
		forms[text] = true
		var b vote.Ballot
		if n <= 9 {
			b = vote.ParseChoice(text, choices)
		} else {
			b = vote.ParseRating(text, 1, 10)
		}
		if got := b.Choice + b.Rating; got != n {
			t.Fatalf("scriptBallot(%d) = %q reads as %+v, want %d", n, text, b, n)
		}
	}
	if len(forms) < 100 {
		t.Errorf("%d distinct forms, want the 11 kinds for each of 1-10", len(forms))
	}
}
