package rehearse

import "forkcast/app/story"

// choose returns the choice to take at fork sc in a pass that has already
// used the choices in used: a choice never taken, else one that leads to a
// choice never taken, else the one closest to END; choices already used in
// this pass come last, so a loop is not walked forever.
func (w *walker) choose(sc *story.Scene, used map[edge]bool) *story.Choice {
	var fresh, leads, rest []*story.Choice
	for _, c := range sc.Fork.Choices {
		e := edge{sc.ID, c.Number}
		switch {
		case used[e]:
			continue
		case w.taken[e] == 0:
			fresh = append(fresh, c)
		case w.leadsToNew(c.Target, used):
			leads = append(leads, c)
		default:
			rest = append(rest, c)
		}
	}
	for _, group := range [][]*story.Choice{fresh, leads} {
		if len(group) > 0 {
			return group[0]
		}
	}
	if c := w.closestToEnd(rest); c != nil {
		return c
	}
	return w.closestToEnd(sc.Fork.Choices)
}

// leadsToNew reports whether a choice never taken (and not used in this
// pass) can be reached from scene id.
func (w *walker) leadsToNew(id string, used map[edge]bool) bool {
	seen := map[string]bool{}
	queue := []string{id}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		sc := w.s.Scene(cur)
		if cur == story.End || sc == nil || seen[cur] {
			continue
		}
		seen[cur] = true
		if sc.Fork != nil {
			for _, c := range sc.Fork.Choices {
				if e := (edge{sc.ID, c.Number}); w.taken[e] == 0 && !used[e] {
					return true
				}
			}
		}
		queue = append(queue, sc.Targets()...)
	}
	return false
}

// closestToEnd returns the choice whose target is fewest scenes from END.
func (w *walker) closestToEnd(choices []*story.Choice) *story.Choice {
	dist := w.distToEnd()
	var best *story.Choice
	bestD := -1
	for _, c := range choices {
		d, ok := dist[c.Target]
		if !ok {
			continue
		}
		if best == nil || d < bestD {
			best, bestD = c, d
		}
	}
	if best == nil && len(choices) > 0 {
		return choices[0]
	}
	return best
}

// distToEnd is, for every scene that can reach END, the fewest scenes shown
// on the way (END itself is 0).
func (w *walker) distToEnd() map[string]int {
	preds := map[string][]string{}
	for _, sc := range w.s.Scenes {
		for _, t := range sc.Targets() {
			preds[t] = append(preds[t], sc.ID)
		}
	}
	dist := map[string]int{story.End: 0}
	queue := []string{story.End}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, p := range preds[cur] {
			if _, ok := dist[p]; !ok {
				dist[p] = dist[cur] + 1
				queue = append(queue, p)
			}
		}
	}
	return dist
}
