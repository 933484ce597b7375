package rehearse

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"forkcast/app/vote"
)

// WriteText writes the coverage for a terminal: the percentage, each branch
// and how it was taken, the runs, and the problems. It fails when w fails.
func (c *Coverage) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Walk of %q: %d of %d fork choices covered (%.1f%%), %d of %d scenes shown, %d runs, %d simulated texts.\n",
		c.Title, c.Covered, c.Choices, c.Percent, c.Visited, c.Scenes, len(c.Runs), c.Texts)
	if len(c.Branches) > 0 {
		b.WriteString("\nBranches:\n")
	}
	for _, br := range c.Branches {
		mark := "ok"
		if br.Taken == 0 {
			mark = "NOT TAKEN"
		}
		how := ""
		if br.Taken > 0 {
			how = fmt.Sprintf(" taken %d× (%d by the votes)", br.Taken, br.ByVote)
		}
		fmt.Fprintf(&b, "  %-9s %s → %d %q → %s%s\n", mark, br.Scene, br.Choice, br.Label, br.Target, how)
	}
	b.WriteString("\nRuns:\n")
	for i, r := range c.Runs {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, strings.Join(r.Scenes, " > "))
		for _, p := range r.Polls {
			fmt.Fprintf(&b, "       poll %s: %d votes (%s), %d invalid", p.Scene, p.Total, countsText(p.Kind, p.Counts), p.Invalid)
			if p.Winner > 0 {
				fmt.Fprintf(&b, ", winner %d by %s", p.Winner, p.DecidedBy)
			}
			b.WriteString("\n")
		}
	}
	if len(c.Problems) > 0 {
		b.WriteString("\nProblems:\n")
		for _, p := range c.Problems {
			fmt.Fprintf(&b, "  - %s\n", p)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// countsText reads a poll's counts as words, in order: "choice 1: 109,
// choice 2: 48" for a fork, "rated 9: 5, rated 10: 3" for a rating; "none"
// when nobody voted.
func countsText(kind vote.PollKind, counts map[int]int) string {
	what := "choice"
	if kind == vote.PollRating {
		what = "rated"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d: %d", what, k, counts[k]))
		}
	}
	if len(parts) == 0 {
		return "none counted"
	}
	return strings.Join(parts, ", ")
}
