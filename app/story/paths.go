package story

import "fmt"

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
	from   *Scene
	choice int // index into Targets
}

// Paths returns up to limit distinct paths from start to END, in choice
// order. A path takes each edge (a divert or a choice) at most once, so a
// loop back to a hub is walked at most once per path. It returns nil for a
// story with no valid start; limit <= 0 means DefaultPathLimit.
func Paths(s *Story, limit int) []Path {
	if limit <= 0 {
		limit = DefaultPathLimit
	}
	start := s.Scene(s.Start)
	if start == nil {
		return nil
	}
	w := &pathWalk{s: s, limit: limit, used: map[pathEdge]bool{}, canEnd: canReachEnd(s)}
	w.walk(start)
	return w.out
}

type pathWalk struct {
	s       *Story
	limit   int
	steps   int
	used    map[pathEdge]bool
	canEnd  map[string]bool
	scenes  []*Scene
	choices []int
	out     []Path
}

func (w *pathWalk) walk(sc *Scene) {
	w.steps++
	if len(w.out) >= w.limit || w.steps > maxPathSteps || !w.canEnd[sc.ID] {
		return
	}
	w.scenes = append(w.scenes, sc)
	defer func() { w.scenes = w.scenes[:len(w.scenes)-1] }()
	for i, t := range sc.Targets() {
		choice := 0
		if sc.Fork != nil {
			choice = sc.Fork.Choices[i].Number
		}
		w.choices = append(w.choices, choice)
		if t == End {
			w.emit(sc)
		} else if next := w.s.Scene(t); next != nil && !w.used[pathEdge{sc, i}] {
			w.used[pathEdge{sc, i}] = true
			w.walk(next)
			delete(w.used, pathEdge{sc, i})
		}
		w.choices = w.choices[:len(w.choices)-1]
		if len(w.out) >= w.limit {
			return
		}
	}
}

func (w *pathWalk) emit(last *Scene) {
	p := Path{Ending: last.ID, Choices: append([]int(nil), w.choices...)}
	for _, sc := range w.scenes {
		p.Scenes = append(p.Scenes, sc.ID)
		p.Slides += len(sc.Slides)
		for _, sl := range sc.Slides {
			p.Words += sl.Words
		}
	}
	w.out = append(w.out, p)
}

// canReachEnd is the set of scene ids from which END can be reached.
func canReachEnd(s *Story) map[string]bool {
	preds := map[string][]string{}
	var ends []string
	for _, sc := range s.Scenes {
		if s.Scene(sc.ID) != sc {
			continue
		}
		for _, t := range sc.Targets() {
			if t == End {
				ends = append(ends, sc.ID) // a scene twice is harmless
			} else {
				preds[t] = append(preds[t], sc.ID)
			}
		}
	}
	return leadsTo(ends, preds)
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
}

// Summarize counts s and its paths (up to limit, see Paths). It cannot fail.
func Summarize(s *Story, limit int) Summary {
	var sum Summary
	for _, sc := range s.Scenes {
		sum.Scenes++
		sum.Slides += len(sc.Slides)
		if sc.Fork != nil {
			sum.Forks++
		}
		if contains(sc.Targets(), End) {
			sum.Endings++
		}
	}
	if limit <= 0 {
		limit = DefaultPathLimit
	}
	paths := Paths(s, limit)
	sum.Paths = len(paths)
	sum.PathsTruncated = len(paths) >= limit
	for i, p := range paths {
		if i == 0 || p.Slides < sum.Shortest {
			sum.Shortest = p.Slides
		}
		sum.Longest = max(sum.Longest, p.Slides)
	}
	return sum
}

// String is the one-line summary `forkcast check` prints, e.g. "12 scenes,
// 30 slides, 3 forks, 2 endings; 8 paths, shortest 14 slides, longest 22".
func (s Summary) String() string {
	paths := fmt.Sprintf("%d path%s", s.Paths, plural(s.Paths))
	if s.PathsTruncated {
		paths = fmt.Sprintf("%d+ paths (stopped counting)", s.Paths)
	}
	out := fmt.Sprintf("%d scene%s, %d slide%s, %d fork%s, %d ending%s; %s", s.Scenes, plural(s.Scenes),
		s.Slides, plural(s.Slides), s.Forks, plural(s.Forks), s.Endings, plural(s.Endings), paths)
	if s.Paths > 0 {
		out += fmt.Sprintf(", shortest %d slide%s, longest %d slide%s", s.Shortest, plural(s.Shortest), s.Longest, plural(s.Longest))
	}
	return out
}
