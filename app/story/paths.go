package story

import (
	"context"
	"fmt"
)

// DefaultPathLimit bounds Paths when the caller passes limit <= 0.
const DefaultPathLimit = 10000

// maxPathSteps bounds the search itself, whatever the limit, so a dense
// graph cannot stall `forkcast check`.
const maxPathSteps = 2_000_000

// Path is one way through a talk from start to END. Choices[i] is the choice
// number taken when leaving Scenes[i] (0 for a divert). Slides and Words add
// up every scene shown, counting a scene again when a path returns to it.
type Path struct {
	Scenes  []string `json:"scenes"`
	Choices []int    `json:"choices"`
	Slides  int      `json:"slides"`
	Words   int      `json:"words"`
	Ending  string   `json:"ending"` // the scene that leads to END
}

type pathEdge struct {
	from   int // scene index in the Analysis
	choice int // index into its edges
}

// Paths returns up to limit distinct paths from start to END, in choice
// order. A path takes each edge (a divert or a choice) at most once, so a
// loop back to a hub is walked at most once per path. The search is bounded
// (maxPathSteps, and maxListedScenes for the paths' scenes together), so a
// story with very many or very long paths gets fewer than limit. It returns
// nil for a story with no valid start; limit <= 0 means DefaultPathLimit.
// The answer is shared with the story's other callers: do not change it.
func Paths(s *Story, limit int) []Path {
	ps, _ := AnalysisOf(s).Paths(context.Background(), limit)
	return ps
}

type pathWalk struct {
	g       *Analysis
	ctx     context.Context
	limit   int
	steps   int
	listed  int // scenes of the paths in out, together
	stopped bool
	used    map[pathEdge]bool
	scenes  []int
	choices []int
	out     []Path
}

func (w *pathWalk) full() bool {
	return w.stopped || len(w.out) >= w.limit
}

func (w *pathWalk) walk(i int) {
	w.steps++
	if w.steps > maxPathSteps || w.steps%4096 == 0 && w.ctx.Err() != nil {
		w.stopped = true
	}
	if w.full() || !w.g.canEnd[i] {
		return
	}
	w.scenes = append(w.scenes, i)
	defer func() { w.scenes = w.scenes[:len(w.scenes)-1] }()
	for k, e := range w.g.succ[i] {
		w.choices = append(w.choices, e.choice)
		if e.to < 0 {
			w.emit(i)
		} else if !w.used[pathEdge{i, k}] {
			w.used[pathEdge{i, k}] = true
			w.walk(e.to)
			delete(w.used, pathEdge{i, k})
		}
		w.choices = w.choices[:len(w.choices)-1]
		if w.full() {
			return
		}
	}
}

func (w *pathWalk) emit(last int) {
	if w.listed+len(w.scenes) > maxListedScenes {
		w.stopped = true
		return
	}
	w.listed += len(w.scenes)
	p := Path{Ending: w.g.IDs[last], Choices: append([]int(nil), w.choices...), Scenes: make([]string, len(w.scenes))}
	for k, i := range w.scenes {
		sc := w.g.scenes[i]
		p.Scenes[k] = sc.ID
		p.Slides += len(sc.Slides)
		for _, sl := range sc.Slides {
			p.Words += sl.Words
		}
	}
	w.out = append(w.out, p)
}

// Summary counts a story's parts for `forkcast check` and the console.
type Summary struct {
	Scenes         int  `json:"scenes"`
	Slides         int  `json:"slides"`
	Forks          int  `json:"forks"`
	Endings        int  `json:"endings"` // scenes that lead to END
	Paths          int  `json:"paths"`
	PathsTruncated bool `json:"pathsTruncated"` // Paths stopped at the limit
	Shortest       int  `json:"shortestSlides"`
	Longest        int  `json:"longestSlides"`
	// Loops is set when the way from start to END can loop: the summary
	// then reports Hubs instead of paths (Paths, Shortest and Longest 0).
	Loops bool  `json:"loops"`
	Hubs  []Hub `json:"hubs,omitempty"`
}

// Summarize counts s and its paths. In a talk without loops the paths are
// counted and measured without being listed (time linear in the story's
// size), and a count of limit or more is reported as limit, truncated; a
// talk with loops reports its hubs and spokes instead (path counts mean
// nothing there). It cannot fail.
func Summarize(s *Story, limit int) Summary {
	var sum Summary
	for _, sc := range s.Scenes {
		sum.Scenes++
		sum.Slides += len(sc.Slides)
		if sc.Fork != nil {
			sum.Forks++
		}
		if contains(sc.Ways(), End) {
			sum.Endings++
		}
	}
	if limit <= 0 {
		limit = DefaultPathLimit
	}
	g := AnalysisOf(s)
	if x := g.Weigh(slidesOf); x != nil {
		all := x.Start()
		sum.Paths = int(min(all.Count, int64(limit)))
		sum.PathsTruncated = all.Count >= int64(limit)
		if all.Count > 0 {
			sum.Shortest, sum.Longest = int(all.Min), int(all.Max)
		}
		return sum
	}
	sum.Loops = true
	sum.Hubs = g.Hubs(slidesOf)
	return sum
}

// slidesOf is a scene's slide count, the weight Summarize measures paths by.
func slidesOf(sc *Scene) int64 { return int64(len(sc.Slides)) }

// String is the one-line summary `forkcast check` prints, e.g. "12 scenes,
// 30 slides, 3 forks, 2 endings; 8 paths, shortest 14 slides, longest 22".
func (s Summary) String() string {
	paths := fmt.Sprintf("%d path%s", s.Paths, plural(s.Paths))
	if s.PathsTruncated {
		paths = fmt.Sprintf("%d+ paths (stopped counting)", s.Paths)
	}
	if s.Loops {
		paths = hubsText(s.Hubs)
	}
	out := fmt.Sprintf("%d scene%s, %d slide%s, %d fork%s, %d ending%s; %s", s.Scenes, plural(s.Scenes),
		s.Slides, plural(s.Slides), s.Forks, plural(s.Forks), s.Endings, plural(s.Endings), paths)
	if s.Paths > 0 {
		out += fmt.Sprintf(", shortest %d slide%s, longest %d slide%s", s.Shortest, plural(s.Shortest), s.Longest, plural(s.Longest))
	}
	return out
}
