package story

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomDAG is a talk of n scenes with 1..3 ways on each, forward only,
// some to END, and 1..3 slides per scene.
func randomDAG(r *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteString(fm)
	for i := range n {
		fmt.Fprintf(&b, ":: s%d\n", i)
		for k := range 1 + r.IntN(3) {
			if k > 0 {
				b.WriteString("---\n")
			}
			fmt.Fprintf(&b, "# Slide %d\n", k)
		}
		target := func() string {
			if i == n-1 || r.IntN(5) == 0 {
				return End
			}
			return fmt.Sprintf("s%d", i+1+r.IntN(min(4, n-1-i)))
		}
		ways := 1 + r.IntN(3)
		if ways == 1 {
			fmt.Fprintf(&b, "-> %s\n\n", target())
			continue
		}
		for c := range ways {
			fmt.Fprintf(&b, "%d. Way %d -> %s\n", c+1, c+1, target())
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestWeighMatchesEveryPath checks the one-pass counts and ranges against
// the listing of every path, on random talks without loops.
func TestWeighMatchesEveryPath(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 21))
	for round := range 200 {
		src := randomDAG(r, 2+r.IntN(12))
		s, _ := Parse("dag.md", []byte(src), "")
		a := AnalysisOf(s)
		if a.Cyclic {
			t.Fatalf("round %d: a forward-only talk is cyclic:\n%s", round, src)
		}
		paths := Paths(s, 1_000_000)
		x := a.Weigh(slidesOf)
		all := x.Start()
		want := Span{}
		for _, p := range paths {
			want = want.or(Span{Count: 1, Min: int64(p.Slides), Max: int64(p.Slides)})
		}
		if all != want {
			t.Fatalf("round %d: Weigh = %+v, listing = %+v\n%s", round, all, want, src)
		}
		for _, longest := range []bool{false, true} {
			p, ok := x.Extreme(longest)
			if ok != (len(paths) > 0) || ok && int64(p.Slides) != map[bool]int64{false: want.Min, true: want.Max}[longest] {
				t.Fatalf("round %d: Extreme(%v) = %+v %v, want %d slides", round, longest, p, ok, want)
			}
		}
		for _, sc := range s.Scenes {
			for _, c := range choicesOf(sc) {
				got, want := x.Choice(sc.ID, c), Span{}
				for _, p := range paths {
					for i, id := range p.Scenes {
						if id == sc.ID && p.Choices[i] == c {
							want = want.or(Span{Count: 1, Min: int64(p.Slides), Max: int64(p.Slides)})
						}
					}
				}
				if got != want {
					t.Fatalf("round %d: Choice(%s, %d) = %+v, listing = %+v\n%s", round, sc.ID, c, got, want, src)
				}
			}
		}
	}
}

func choicesOf(sc *Scene) []int {
	if sc.Fork == nil {
		return []int{0}
	}
	var out []int
	for _, c := range sc.Fork.Choices {
		out = append(out, c.Number)
	}
	return out
}

func TestPathCountsSaturate(t *testing.T) {
	var b strings.Builder
	b.WriteString(fm)
	for i := range 200 {
		next := func(k int) string {
			if k >= 200 {
				return End
			}
			return fmt.Sprintf("f%d", k)
		}
		fmt.Fprintf(&b, ":: f%d\n# F\n1. A -> %s\n2. B -> %s\n\n", i, next(i+1), next(i+2))
	}
	s, _ := Parse("c.md", []byte(b.String()), "")
	if got := AnalysisOf(s).Weigh(slidesOf).Start(); got.Count != PathCountCap+1 || got.Min != 100 || got.Max != 200 {
		t.Errorf("200 chained forks: %+v, want the count capped at %d, 100..200 slides", got, PathCountCap+1)
	}
	if sum := Summarize(s, 0); sum.Paths != DefaultPathLimit || !sum.PathsTruncated || sum.Shortest != 100 || sum.Longest != 200 {
		t.Errorf("Summarize = %+v", sum)
	}
}
