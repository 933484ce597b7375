package rehearse

import "forkcast/app/story"

// choose returns the choice to take at fork sc in a pass that has already
// used the choices in used: a choice never taken, else one that leads to a
// choice never taken, else the one closest to END; choices already used in
// this pass come last, so a loop is not walked forever.
func (w *walker) choose(sc *story.Scene, used map[edge]bool, onBallot map[int]bool) *story.Choice {
	var fresh, leads, rest, offered []*story.Choice
	for _, c := range sc.Fork.Choices {
		e := edge{sc.ID, c.Number}
		if onBallot != nil && !onBallot[c.Number] {
			continue // the hub rule took it off: the audience cannot vote for it
		}
		offered = append(offered, c)
		switch {
		case used[e]:
			continue
		case w.taken[e] == 0:
			fresh = append(fresh, c)
		case w.distToNew(c.Target, used) >= 0:
			leads = append(leads, c)
		default:
			rest = append(rest, c)
		}
	}
	if len(fresh) > 0 {
		return fresh[0]
	}
	if len(leads) > 0 {
		// The route: the choice nearest to a choice never taken, so a
		// pass goes straight to what is left instead of round a hub.
		best, bestD := leads[0], w.distToNew(leads[0].Target, used)
		for _, c := range leads[1:] {
			if d := w.distToNew(c.Target, used); d < bestD {
				best, bestD = c, d
			}
		}
		return best
	}
	if c := w.closestToEnd(rest); c != nil {
		return c
	}
	if c := w.closestToEnd(offered); c != nil {
		return c
	}
	return w.closestToEnd(sc.Fork.Choices)
}

// distToNew is how many scenes from scene id the nearest fork with a
// choice never taken (and not used in this pass) lies: 0 when id is one,
// -1 when none can be reached.
func (w *walker) distToNew(id string, used map[edge]bool) int {
	dist := map[string]int{id: 0}
	queue := []string{id}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		sc := w.s.Scene(cur)
		if sc == nil {
			continue
		}
		if sc.Fork != nil {
			for _, c := range sc.Fork.Choices {
				if e := (edge{sc.ID, c.Number}); w.taken[e] == 0 && !used[e] {
					return dist[cur]
				}
			}
		}
		for _, t := range sc.Ways() {
			if _, seen := dist[t]; !seen && t != story.End {
				dist[t] = dist[cur] + 1
				queue = append(queue, t)
			}
		}
	}
	return -1
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
