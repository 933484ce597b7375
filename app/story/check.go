package story

import (
	"fmt"
	"slices"
	"strings"
)

// pollKeys are scene options that only mean something on a fork or rating.
var pollKeys = []string{"number", "timer", "policy", "ties", "open", "hide-results", "grace", "letters", "confirm-close", "audio", "visited"}

// check runs the story-wide rules once every scene is parsed.
func (st *parseState) check() {
	s := st.story
	forks := 0
	for _, sc := range s.Scenes {
		st.checkWayOn(sc)
		st.checkTargets(sc)
		st.checkOptions(sc)
		st.checkProjector(sc)
		if sc.Fork != nil {
			forks++
		}
	}
	if forks > 0 && strings.TrimSpace(s.Vote.Number) == "" {
		st.d.warnf(st.pos(1, 1), "vote.number is not set: fork slides cannot tell the audience where to text")
	}
	if st.byID[s.Start] == nil {
		return
	}
	reach := st.reachable()
	for _, sc := range s.Scenes {
		if st.byID[sc.ID] == sc && !reach[sc.ID] {
			st.d.errorf(sc.Pos, "scene %q is unreachable from start %q: no divert or choice leads to it", sc.ID, s.Start)
		}
	}
	st.checkEndings(reach)
}

func (st *parseState) checkWayOn(sc *Scene) {
	info := st.sceneSrc[sc]
	switch {
	case sc.Rating != nil && sc.Next == "" && sc.Fork == nil:
		st.d.errorf(sc.Pos, "rating scene %q needs a divert after the rating, usually \"-> END\"", sc.ID)
	case sc.Next == "" && sc.Fork == nil && info.nextPos.Line == 0 && info.lookalike != "":
		st.d.errorf(info.lookalikeAt, "scene %q has no way on: its divert starts with %q; use \"->\" (hyphen, greater-than)", sc.ID, info.lookalike)
	case sc.Next == "" && sc.Fork == nil && info.nextPos.Line == 0:
		st.d.errorf(sc.Pos, "scene %q has no way on: end it with \"-> END\", a divert \"-> scene-id\", or numbered choices \"1. Label -> scene-id\"", sc.ID)
	}
	if hasTag(sc.Tags, "fork") && sc.Fork == nil {
		st.d.warnf(sc.Pos, "scene %q is tagged [fork] but does not end with numbered choices", sc.ID)
	}
}

func (st *parseState) checkTargets(sc *Scene) {
	if sc.Next != "" {
		st.checkTarget(sc.Next, st.sceneSrc[sc].nextPos)
	}
	if sc.Exit != "" {
		if sc.Fork == nil {
			st.d.warnf(st.sceneSrc[sc].exitPos, "option \"exit\" has no effect: scene %q has no fork", sc.ID)
		} else {
			st.checkTarget(sc.Exit, st.sceneSrc[sc].exitPos)
		}
	}
	if sc.Fork == nil {
		return
	}
	for _, c := range sc.Fork.Choices {
		if c.Target != "" {
			st.checkTarget(c.Target, st.targetPos[c])
		}
	}
}

func (st *parseState) checkTarget(target string, p Pos) {
	if target == End || st.byID[target] != nil {
		return
	}
	if strings.EqualFold(target, End) {
		st.d.errorf(p, "unknown target %q; the end of the talk is written %q", target, End)
		return
	}
	st.d.errorf(p, "unknown target %q%s", target, didYouMean(target, st.ids()))
}

func (st *parseState) checkOptions(sc *Scene) {
	info := st.sceneSrc[sc]
	for _, k := range pollKeys {
		if p, ok := info.opts[k]; ok && sc.Fork == nil && sc.Rating == nil {
			st.d.warnf(p, "option %q has no effect: scene %q has no fork or rating", k, sc.ID)
		}
	}
	for _, k := range []string{"min", "max", "reply"} {
		if p, ok := info.opts[k]; ok && sc.Rating == nil {
			st.d.warnf(p, "option %q has no effect: scene %q is not tagged [rating]", k, sc.ID)
		}
	}
}

// edges returns the scene ids a scene leads to that exist (not END).
func (st *parseState) edges(sc *Scene) []string {
	var out []string
	for _, t := range sc.Ways() {
		if st.byID[t] != nil {
			out = append(out, t)
		}
	}
	return out
}

// reachable is the set of scene ids reachable from start.
func (st *parseState) reachable() map[string]bool {
	seen := map[string]bool{st.story.Start: true}
	queue := []string{st.story.Start}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, t := range st.edges(st.byID[id]) {
			if !seen[t] {
				seen[t] = true
				queue = append(queue, t)
			}
		}
	}
	return seen
}

// endsOK reports whether a scene counts as ending: it reaches END directly,
// or it has a problem already reported (a dead end, an unknown target).
func (st *parseState) endsOK(sc *Scene) bool {
	ts := sc.Ways()
	if len(ts) == 0 || sc.Fork != nil && len(sc.Fork.Choices) == 0 {
		return true
	}
	for _, t := range ts {
		if t == End || t == "" || st.byID[t] == nil {
			return true
		}
	}
	return false
}

// checkEndings reports each loop that reachable scenes enter and never leave
// for END, once at the scene where the loop is entered.
func (st *parseState) checkEndings(reach map[string]bool) {
	preds := map[string][]string{}
	var ends []string
	for _, sc := range st.story.Scenes {
		if st.byID[sc.ID] != sc || !reach[sc.ID] {
			continue
		}
		for _, t := range st.edges(sc) {
			preds[t] = append(preds[t], sc.ID)
		}
		if st.endsOK(sc) {
			ends = append(ends, sc.ID)
		}
	}
	canEnd := leadsTo(ends, preds)
	start := st.story.Start
	if !canEnd[start] {
		sc := st.byID[start]
		st.d.errorf(sc.Pos, "no path from start scene %q reaches END: every way on loops back; end a final scene with \"-> END\" or give a fork a choice \"-> END\"", start)
		return
	}
	for _, sc := range st.story.Scenes {
		if !reach[sc.ID] || canEnd[sc.ID] || st.byID[sc.ID] != sc {
			continue
		}
		entered := false
		for _, p := range preds[sc.ID] {
			entered = entered || canEnd[p]
		}
		if entered {
			st.d.errorf(sc.Pos, "every path from scene %q loops without reaching END (through %s); add \"-> END\" or a choice that leaves the loop", sc.ID, st.loopNames(sc.ID, canEnd))
		}
	}
}

// leadsTo is the set of scene ids from which one of targets can be reached,
// targets included, given each scene's predecessors.
func leadsTo(targets []string, preds map[string][]string) map[string]bool {
	seen := map[string]bool{}
	queue := slices.Clone(targets)
	for _, t := range targets {
		seen[t] = true
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, p := range preds[id] {
			if !seen[p] {
				seen[p] = true
				queue = append(queue, p)
			}
		}
	}
	return seen
}

// loopNames lists (up to 4) the scenes reachable from id, for a loop message.
func (st *parseState) loopNames(id string, canEnd map[string]bool) string {
	seen := map[string]bool{id: true}
	order := []string{id}
	for i := 0; i < len(order); i++ {
		for _, t := range st.edges(st.byID[order[i]]) {
			if !seen[t] && !canEnd[t] {
				seen[t] = true
				order = append(order, t)
			}
		}
	}
	names := quoteAll(order)
	if len(names) > 4 {
		names = append(names[:4], fmt.Sprintf("and %d more", len(order)-4))
	}
	return strings.Join(names, ", ")
}
