package story

import (
	"fmt"
	"strings"
)

// maxHubWork bounds the work of Hubs over all hubs together (scenes and
// ways visited), so a story of many nested loops stays cheap; hubs past the
// budget are listed without spoke ranges.
const maxHubWork = 4_000_000

// Hub is a fork that the talk comes back to: a loop's return point in the
// way from start (a hub-and-spoke talk's "adventure choices"). Its spokes
// are the choices that lead back to it, its exits the other ways out.
type Hub struct {
	Scene  string  `json:"scene"`
	Spokes []Spoke `json:"spokes"`
	Exits  int     `json:"exits"` // choices (and the fork's exit) that do not come back
	Exit   string  `json:"exit,omitempty"`
	// Visited is the fork's rule for spokes already presented.
	Visited Visited `json:"visited,omitempty"`
}

// Spoke is one hub choice that comes back to the hub, with the weight of
// the way round (from the choice's scene back to the hub, the hub not
// counted): least and most over the ways that do not pass the hub again.
// Ranged is false when the way round has loops of its own (or the budget
// ran out): Min is then the least alone, Max is 0.
type Spoke struct {
	Choice int    `json:"choice"`
	Target string `json:"target"`
	Min    int64  `json:"min"`
	Max    int64  `json:"max"`
	Ranged bool   `json:"ranged"`
}

// Hubs finds the hubs of the way from start to END, with each spoke's way
// round weighed by weight(scene) (slides for `check`, time for the report),
// in time linear in the story's size for any ordinary talk (bounded by
// maxHubWork in all cases). A talk without loops has none.
func (a *Analysis) Hubs(weight func(sc *Scene) int64) []Hub {
	if !a.Cyclic {
		return nil
	}
	budget := maxHubWork
	var out []Hub
	for _, h := range a.loopHeads() {
		sc := a.scenes[h]
		if sc.Fork == nil {
			continue
		}
		back := a.backTo(h, &budget)
		hub := Hub{Scene: sc.ID, Exit: sc.Exit, Visited: sc.Vote.Visited}
		var ranges []Span
		if back != nil {
			ranges = a.roundTrips(h, back, weight, &budget)
		}
		for _, e := range a.succ[h] {
			if e.choice == 0 || e.to < 0 || back == nil || !back[e.to] {
				hub.Exits++
				continue
			}
			sp := Spoke{Choice: e.choice, Target: a.IDs[e.to]}
			if e.to == h {
				sp.Ranged = true // a choice that stays on the hub
			} else if ranges != nil {
				sp.Min, sp.Max, sp.Ranged = ranges[e.to].Min, ranges[e.to].Max, ranges[e.to].Count > 0
			}
			hub.Spokes = append(hub.Spokes, sp)
		}
		if len(hub.Spokes) > 0 {
			out = append(out, hub)
		}
	}
	return out
}

// loopHeads returns the live scenes that a way from start comes back to (the
// targets of back edges of a depth-first search), in the order found.
func (a *Analysis) loopHeads() []int {
	n := len(a.scenes)
	state := make([]uint8, n) // 0 new, 1 on the stack, 2 done
	head := make([]bool, n)
	var out []int
	type frame struct{ i, k int }
	if a.start < 0 || !a.live[a.start] {
		return nil
	}
	stack := []frame{{a.start, 0}}
	state[a.start] = 1
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.k == len(a.succ[f.i]) {
			state[f.i] = 2
			stack = stack[:len(stack)-1]
			continue
		}
		e := a.succ[f.i][f.k]
		f.k++
		if e.to < 0 || !a.live[e.to] {
			continue
		}
		switch state[e.to] {
		case 0:
			state[e.to] = 1
			stack = append(stack, frame{e.to, 0})
		case 1:
			if !head[e.to] {
				head[e.to] = true
				out = append(out, e.to)
			}
		}
	}
	return out
}

// backTo is the set of live scenes that hub h reaches and that reach h
// again (its strongly connected part), or nil when the budget ran out.
func (a *Analysis) backTo(h int, budget *int) []bool {
	n := len(a.scenes)
	fwd := make([]bool, n)
	fwd[h] = true
	queue := []int{h}
	preds := map[int][]int{}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, e := range a.succ[i] {
			if *budget--; *budget < 0 {
				return nil
			}
			if e.to < 0 || !a.live[e.to] {
				continue
			}
			preds[e.to] = append(preds[e.to], i)
			if !fwd[e.to] {
				fwd[e.to] = true
				queue = append(queue, e.to)
			}
		}
	}
	back := make([]bool, n)
	back[h] = true
	queue = []int{h}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, p := range preds[i] {
			if !back[p] && fwd[p] {
				back[p] = true
				queue = append(queue, p)
			}
		}
	}
	return back
}

// roundTrips weighs, for every scene of h's loop part, the ways from it back
// to h that do not pass h on the way (Count 0 where those ways loop, or the
// budget ran out).
func (a *Analysis) roundTrips(h int, part []bool, weight func(*Scene) int64, budget *int) []Span {
	n := len(a.scenes)
	indeg := make([]int, n)
	var members []int
	for i := range n {
		if part[i] && i != h {
			members = append(members, i)
		}
	}
	for _, i := range members {
		for _, e := range a.succ[i] {
			if e.to >= 0 && e.to != h && part[e.to] {
				indeg[e.to]++
			}
		}
	}
	var order, queue []int
	for _, i := range members {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		order = append(order, i)
		for _, e := range a.succ[i] {
			if *budget--; *budget < 0 {
				return nil
			}
			if e.to >= 0 && e.to != h && part[e.to] {
				if indeg[e.to]--; indeg[e.to] == 0 {
					queue = append(queue, e.to)
				}
			}
		}
	}
	if len(order) < len(members) {
		return nil // loops inside the spoke: no range
	}
	out := make([]Span, n)
	for k := len(order) - 1; k >= 0; k-- {
		i := order[k]
		var s Span
		for _, e := range a.succ[i] {
			switch {
			case e.to == h:
				s = s.or(Span{Count: 1})
			case e.to >= 0 && part[e.to]:
				s = s.or(out[e.to])
			}
		}
		w := weight(a.scenes[i])
		out[i] = Span{Count: 1, Min: w, Max: w}.then(s)
	}
	return out
}

// hubsText is the summary of a talk with loops: its hubs and spokes with
// the slides of each way round, e.g. `1 hub: "menu" (3 spokes of 2-5
// slides, visited hidden, exit to END)`.
func hubsText(hubs []Hub) string {
	if len(hubs) == 0 {
		return "loops, no hub"
	}
	var parts []string
	for _, h := range hubs {
		lo, hi, ranged := int64(-1), int64(0), true
		for _, sp := range h.Spokes {
			ranged = ranged && sp.Ranged
			if lo < 0 || sp.Min < lo {
				lo = sp.Min
			}
			hi = max(hi, sp.Max, sp.Min)
		}
		desc := fmt.Sprintf("%q (%d spoke%s", h.Scene, len(h.Spokes), plural(len(h.Spokes)))
		switch {
		case !ranged:
			desc += ", with loops of their own"
		case lo == hi:
			desc += fmt.Sprintf(" of %d slide%s", lo, plural(int(lo)))
		default:
			desc += fmt.Sprintf(" of %d-%d slides", lo, hi)
		}
		if h.Visited != "" && h.Visited != VisitedKeep {
			desc += ", visited " + map[Visited]string{VisitedHide: "hidden", VisitedGrey: "greyed"}[h.Visited]
		}
		if h.Exit != "" {
			desc += ", exit to " + h.Exit
		}
		parts = append(parts, desc+")")
	}
	return fmt.Sprintf("%d hub%s: %s", len(hubs), plural(len(hubs)), strings.Join(parts, ", "))
}
