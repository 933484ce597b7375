package story

import (
	"context"
	"sync"
)

// PathCountCap is where path counts stop: a talk of 10,000 chained forks has
// about 10^2089 paths, and a count above the cap says only "at least".
const PathCountCap = 1_000_000_000

// maxListedScenes bounds the scenes of all the paths Paths lists together,
// so the list of a talk with very long paths stays small (10,000 paths of
// 20 scenes, or 20 paths of 10,000).
const maxListedScenes = 200_000

// Analysis is the scene graph of a story, analysed once in time linear in the
// story's size (see AnalysisOf): which scenes the start reaches, which reach
// END, whether the way from start to END has loops, and an order for
// counting and timing paths without listing them.
type Analysis struct {
	s      *Story
	IDs    []string // scene ids, in file order (a duplicate id keeps its first scene)
	index  map[string]int
	scenes []*Scene
	succ   [][]gEdge
	start  int    // -1 when the story has no valid start
	reach  []bool // reachable from start
	canEnd []bool // END is reachable from it
	// live are the scenes on some way from start to END; topo lists them so
	// that every scene comes before those it leads to, when Cyclic is false.
	live   []bool
	topo   []int
	Cyclic bool // the way from start to END can loop

	mu    sync.Mutex
	paths map[int]listed // Paths' answers by limit
}

// gEdge is one way out of a scene: to scene index to, or to END (to < 0).
type gEdge struct {
	to     int
	choice int // the choice's number; 0 for a divert
}

type listed struct {
	paths    []Path
	complete bool
}

// analysisCache keeps the analyses of the last few stories by source hash: the
// console asks for the timing report again and again of the same talk.
var analysisCache = struct {
	sync.Mutex
	m     map[string]*Analysis
	order []string
}{m: map[string]*Analysis{}}

const analysisCacheSize = 8

// AnalysisOf returns the analysed graph of s, from a cache keyed by the
// story's hash (a story without a hash is analysed afresh). Safe for
// concurrent use; the Analysis must be treated as read-only.
func AnalysisOf(s *Story) *Analysis {
	if s.Hash == "" {
		return analyze(s)
	}
	analysisCache.Lock()
	g := analysisCache.m[s.Hash]
	analysisCache.Unlock()
	if g != nil && g.s == s {
		return g
	}
	g = analyze(s)
	analysisCache.Lock()
	defer analysisCache.Unlock()
	if _, ok := analysisCache.m[s.Hash]; !ok {
		analysisCache.order = append(analysisCache.order, s.Hash)
		if len(analysisCache.order) > analysisCacheSize {
			delete(analysisCache.m, analysisCache.order[0])
			analysisCache.order = analysisCache.order[1:]
		}
	}
	analysisCache.m[s.Hash] = g
	return g
}

func analyze(s *Story) *Analysis {
	g := &Analysis{s: s, index: make(map[string]int, len(s.Scenes)), start: -1, paths: map[int]listed{}}
	for _, sc := range s.Scenes {
		if _, dup := g.index[sc.ID]; !dup {
			g.index[sc.ID] = len(g.scenes)
			g.scenes = append(g.scenes, sc)
			g.IDs = append(g.IDs, sc.ID)
		}
	}
	n := len(g.scenes)
	g.succ = make([][]gEdge, n)
	preds := make([][]int, n)
	var ends []int
	for i, sc := range g.scenes {
		for k, t := range sc.Ways() {
			choice := 0 // a divert, or a fork's exit
			if sc.Fork != nil && k < len(sc.Fork.Choices) {
				choice = sc.Fork.Choices[k].Number
			}
			if t == End {
				g.succ[i] = append(g.succ[i], gEdge{to: -1, choice: choice})
				ends = append(ends, i)
			} else if j, ok := g.index[t]; ok {
				g.succ[i] = append(g.succ[i], gEdge{to: j, choice: choice})
				preds[j] = append(preds[j], i)
			}
		}
	}
	g.canEnd = spread(n, ends, func(i int) []int { return preds[i] })
	if i, ok := g.index[s.Start]; ok {
		g.start = i
		g.reach = spread(n, []int{i}, func(i int) []int {
			var out []int
			for _, e := range g.succ[i] {
				if e.to >= 0 {
					out = append(out, e.to)
				}
			}
			return out
		})
	} else {
		g.reach = make([]bool, n)
	}
	g.order()
	return g
}

// spread is the set of indexes reachable from seeds through next.
func spread(n int, seeds []int, next func(int) []int) []bool {
	seen := make([]bool, n)
	queue := make([]int, 0, len(seeds))
	for _, s := range seeds {
		if !seen[s] {
			seen[s] = true
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, j := range next(i) {
			if !seen[j] {
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	return seen
}

// order sorts the live scenes topologically (Kahn's algorithm) and sets
// Cyclic when some are left over: they sit on a loop.
func (g *Analysis) order() {
	n := len(g.scenes)
	g.live = make([]bool, n)
	indeg := make([]int, n)
	count := 0
	for i := range n {
		g.live[i] = g.reach[i] && g.canEnd[i]
		if g.live[i] {
			count++
		}
	}
	for i := range n {
		if !g.live[i] {
			continue
		}
		for _, e := range g.succ[i] {
			if e.to >= 0 && g.live[e.to] {
				indeg[e.to]++
			}
		}
	}
	var queue []int
	for i := range n {
		if g.live[i] && indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		g.topo = append(g.topo, i)
		for _, e := range g.succ[i] {
			if e.to >= 0 && g.live[e.to] {
				if indeg[e.to]--; indeg[e.to] == 0 {
					queue = append(queue, e.to)
				}
			}
		}
	}
	g.Cyclic = len(g.topo) < count
}

// Live reports whether scene id lies on some way from start to END.
func (g *Analysis) Live(id string) bool {
	i, ok := g.index[id]
	return ok && g.live[i]
}

// Span sums a weight over the paths from one point to another of an acyclic
// graph: how many paths there are (capped at PathCountCap) and the least and
// most weight among them.
type Span struct {
	Count    int64
	Min, Max int64
}

// add is the span of taking s then t.
func (s Span) then(t Span) Span {
	return Span{Count: capMul(s.Count, t.Count), Min: s.Min + t.Min, Max: s.Max + t.Max}
}

// or is the span of taking s or t.
func (s Span) or(t Span) Span {
	switch {
	case s.Count == 0:
		return t
	case t.Count == 0:
		return s
	}
	return Span{Count: min(s.Count+t.Count, PathCountCap+1), Min: min(s.Min, t.Min), Max: max(s.Max, t.Max)}
}

func capMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > (PathCountCap+1)/b {
		return PathCountCap + 1
	}
	return min(a*b, PathCountCap+1)
}

// Weighed is every path of an acyclic graph weighed with a weight per scene
// shown, in one pass each way (see Graph.Weigh).
type Weighed struct {
	g *Analysis
	// From[i] spans the paths from scene i (its weight included) to END;
	// To[i] those from start to arriving at scene i (its weight not
	// included). Scenes on no way from start to END have zero spans.
	From, To []Span
	w        []int64
}

// Weigh weighs the paths of g with weight(scene) per scene shown. It
// returns nil when the graph is cyclic (paths that loop have no least and
// most weight worth the name).
func (g *Analysis) Weigh(weight func(sc *Scene) int64) *Weighed {
	if g.Cyclic {
		return nil
	}
	n := len(g.scenes)
	x := &Weighed{g: g, From: make([]Span, n), To: make([]Span, n), w: make([]int64, n)}
	for _, i := range g.topo {
		x.w[i] = weight(g.scenes[i])
	}
	for k := len(g.topo) - 1; k >= 0; k-- {
		i := g.topo[k]
		x.From[i] = x.own(i).then(x.onwards(i, func(gEdge) bool { return true }))
	}
	if g.start >= 0 && g.live[g.start] {
		x.To[g.start] = Span{Count: 1}
	}
	for _, i := range g.topo {
		if x.To[i].Count == 0 {
			continue
		}
		here := x.To[i].then(x.own(i))
		for _, e := range g.succ[i] {
			if e.to >= 0 && g.live[e.to] {
				x.To[e.to] = x.To[e.to].or(here)
			}
		}
	}
	return x
}

// own is the span of scene i alone.
func (x *Weighed) own(i int) Span { return Span{Count: 1, Min: x.w[i], Max: x.w[i]} }

// onwards is the span of the paths after scene i (i excluded) through the
// edges that keep says.
func (x *Weighed) onwards(i int, keep func(gEdge) bool) Span {
	var s Span
	for _, e := range x.g.succ[i] {
		if keep(e) {
			s = s.or(x.edge(e))
		}
	}
	return s
}

// edge is the span of the paths that take edge e onwards.
func (x *Weighed) edge(e gEdge) Span {
	if e.to < 0 {
		return Span{Count: 1}
	}
	if !x.g.live[e.to] {
		return Span{}
	}
	return x.From[e.to]
}

// Choice is the span of the paths from start to END that leave scene id by
// choice (its number; 0 for a divert).
func (x *Weighed) Choice(id string, choice int) Span {
	i, ok := x.g.index[id]
	if !ok || x.To[i].Count == 0 {
		return Span{}
	}
	s := x.onwards(i, func(e gEdge) bool { return e.choice == choice })
	if s.Count == 0 {
		return Span{}
	}
	return x.To[i].then(x.own(i)).then(s)
}

// Start is the span of every path from start to END.
func (x *Weighed) Start() Span {
	if x.g.start < 0 {
		return Span{}
	}
	return x.From[x.g.start]
}

// Extreme returns the path from start to END of least weight (longest
// false) or most weight (longest true); ok is false when there is none.
// Of equal choices it takes the first.
func (x *Weighed) Extreme(longest bool) (p Path, ok bool) {
	g := x.g
	if g.start < 0 || !g.live[g.start] {
		return Path{}, false
	}
	for i := g.start; ; {
		sc := g.scenes[i]
		p.Scenes = append(p.Scenes, sc.ID)
		p.Slides += len(sc.Slides)
		for _, sl := range sc.Slides {
			p.Words += sl.Words
		}
		best, found := gEdge{}, false
		var bestW int64
		for _, e := range g.succ[i] {
			s := x.edge(e)
			if s.Count == 0 {
				continue
			}
			v := s.Min
			if longest {
				v = s.Max
			}
			if !found || (longest && v > bestW) || (!longest && v < bestW) {
				best, bestW, found = e, v, true
			}
		}
		p.Choices = append(p.Choices, best.choice)
		if best.to < 0 {
			p.Ending = sc.ID
			return p, true
		}
		i = best.to
	}
}

// Paths lists up to limit paths of the story in choice order, as the
// package function Paths does, and says whether the list is complete. The
// answer is kept per limit: callers must not change it. The search stops
// when ctx ends (the list so far is returned, incomplete).
func (g *Analysis) Paths(ctx context.Context, limit int) ([]Path, bool) {
	if limit <= 0 {
		limit = DefaultPathLimit
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if l, ok := g.paths[limit]; ok {
		return l.paths, l.complete
	}
	if g.start < 0 {
		return nil, true
	}
	w := &pathWalk{g: g, limit: limit, used: map[pathEdge]bool{}, ctx: ctx}
	w.walk(g.start)
	l := listed{paths: w.out, complete: !w.stopped && len(w.out) < limit}
	if ctx.Err() == nil {
		g.paths[limit] = l
	}
	return l.paths, l.complete
}
