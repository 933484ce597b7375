package twine

import (
	"fmt"
	"slices"
	"strings"

	"forkcast/app/story"
)

// markupSeen is where a kind of markup was first met, and how often.
type markupSeen struct {
	pos      story.Pos
	passage  string
	passages int
}

// sawMarkup records the markup kinds of one passage, and its hub rule.
func (c *converter) sawMarkup(p *twPassage, mr markupResult) {
	if c.markup == nil {
		c.markup, c.hubRule = map[string]*markupSeen{}, map[string]bool{}
	}
	for _, k := range mr.kinds {
		if s := c.markup[k]; s != nil {
			s.passages++
			continue
		}
		c.markup[k] = &markupSeen{pos: p.Pos, passage: p.Name, passages: 1}
		c.kinds = append(c.kinds, k)
	}
	if mr.hubRule {
		c.hubRule[c.ids[p.Name]] = true
	}
}

// warnMarkup reports each kind of markup once for the whole story.
func (c *converter) warnMarkup() {
	for _, k := range c.kinds {
		s := c.markup[k]
		where := fmt.Sprintf("passage %q", s.passage)
		if s.passages > 1 {
			where = fmt.Sprintf("%d passages, first %q", s.passages, s.passage)
		}
		c.d.Warnf(s.pos, "%s (%s)", k, where)
	}
}

// completeHubs does what a Twine talk leaves to the speaker: a passage the
// talk comes back to through its links (a loop's return point, with a
// choice) is a hub, and stops offering what was already presented
// ({visited: hide}, as do the forks whose links hid behind conditions on
// visits); when no passage ends the talk, the first hub ends it once every
// spoke was presented ({exit: END}), with a warning.
func (c *converter) completeHubs(scenes []outScene, start string) {
	index := make(map[string]int, len(scenes))
	for i, sc := range scenes {
		if _, dup := index[sc.ID]; !dup {
			index[sc.ID] = i
		}
	}
	ways := func(sc outScene) []string {
		if len(sc.Choices) == 0 {
			return []string{sc.Next}
		}
		out := make([]string, len(sc.Choices))
		for i, ch := range sc.Choices {
			out[i] = ch.Target
		}
		return out
	}
	hubs, ends := loopHeads(scenes, index, start, ways)
	hubs = slices.DeleteFunc(hubs, func(i int) bool { return len(scenes[i].Choices) < 2 })
	for id := range c.hubRule {
		if i, ok := index[id]; ok && len(scenes[i].Choices) >= 2 && !slices.Contains(hubs, i) {
			hubs = append(hubs, i)
		}
	}
	for _, i := range hubs {
		if !hasOpt(scenes[i], "visited") {
			scenes[i].Opts = append(scenes[i].Opts, [2]string{"visited", string(story.VisitedHide)})
		}
	}
	if ends || len(hubs) == 0 {
		return
	}
	h := &scenes[nearest(scenes, index, start, ways, hubs)]
	if !hasOpt(*h, "exit") {
		h.Opts = append(h.Opts, [2]string{"exit", story.End})
	}
	names := make([]string, 0, len(hubs))
	for _, i := range hubs {
		names = append(names, fmt.Sprintf("%q", scenes[i].ID))
	}
	c.d.Warnf(c.st.Pos, "the talk has no ending (every passage links on); the hub %q ends it once every choice was presented ({exit: END}); hubs: %s",
		h.ID, strings.Join(names, ", "))
}

// nearest returns the one of hubs the fewest steps from start.
func nearest(scenes []outScene, index map[string]int, start string, ways func(outScene) []string, hubs []int) int {
	depth := map[int]int{index[start]: 0}
	queue := []int{index[start]}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, t := range ways(scenes[i]) {
			if j, ok := index[t]; ok {
				if _, seen := depth[j]; !seen {
					depth[j] = depth[i] + 1
					queue = append(queue, j)
				}
			}
		}
	}
	best := hubs[0]
	for _, h := range hubs[1:] {
		if depth[h] < depth[best] {
			best = h
		}
	}
	return best
}

func hasOpt(sc outScene, key string) bool {
	return slices.ContainsFunc(sc.Opts, func(kv [2]string) bool { return kv[0] == key })
}

// loopHeads walks the scenes from start depth first and returns the
// targets of its back edges (the points loops come back to) in the order
// found, and whether any scene reached leads to END.
func loopHeads(scenes []outScene, index map[string]int, start string, ways func(outScene) []string) (heads []int, ends bool) {
	s, ok := index[start]
	if !ok {
		return nil, false
	}
	state := make([]uint8, len(scenes))
	type frame struct {
		i    int
		next []string
	}
	stack := []frame{{s, ways(scenes[s])}}
	state[s] = 1
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if len(f.next) == 0 {
			state[f.i] = 2
			stack = stack[:len(stack)-1]
			continue
		}
		t := f.next[0]
		f.next = f.next[1:]
		if t == story.End {
			ends = true
			continue
		}
		j, ok := index[t]
		if !ok {
			continue
		}
		switch state[j] {
		case 0:
			state[j] = 1
			stack = append(stack, frame{j, ways(scenes[j])})
		case 1:
			if !slices.Contains(heads, j) {
				heads = append(heads, j)
			}
		}
	}
	return heads, ends
}
