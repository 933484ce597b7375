package rehearse

import (
	"container/heap"
	"context"
	"slices"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
)

// Time-aware forks (#14 item 2), the computation: at a fork, how long it
// takes to reach an ending through each choice (slide times from the
// report: recorded where rehearsed, estimated elsewhere), against the time
// left in the slot; whether to propose the fork's exit; and at a hub, how
// many more spokes fit before the exit. The console's display and key are
// built on it.

// ChoiceFinish is the least time from a fork's choice to the end of the talk.
type ChoiceFinish struct {
	Choice int    `json:"choice"`
	Target string `json:"target"`
	Ms     int64  `json:"ms"`   // -1: no way to the end from it
	Fits   bool   `json:"fits"` // Ms is within the time left
}

// ForkFinish is a fork's choices against the time left.
type ForkFinish struct {
	Scene   string         `json:"scene"`
	LeftMs  int64          `json:"leftMs"`
	Choices []ChoiceFinish `json:"choices"`
	Exit    string         `json:"exit,omitempty"` // the fork's exit ("" none)
	ExitMs  int64          `json:"exitMs"`         // least time to the end through the exit; -1 without one
	// ProposeExit is set when the fork has an exit and the time left is
	// below what any choice needs to reach an ending.
	ProposeExit bool `json:"proposeExit"`
	// SpokesFit is, at a hub, how many more of its spokes (the shortest
	// first) fit in the time left with the exit after them; -1 elsewhere.
	SpokesFit int `json:"spokesFit"`
}

// Finish computes the fork at scene against left, the time left in the
// slot, from the report r of s (its slide times). It returns nil when scene
// is not a fork. It costs one pass over the story (a shortest-way search
// from the end backwards).
func Finish(s *story.Story, r *Report, scene string, left time.Duration) *ForkFinish {
	sc := s.Scene(scene)
	if sc == nil || sc.Fork == nil {
		return nil
	}
	sceneMs := map[string]int64{}
	for _, t := range r.Slides {
		sceneMs[t.Scene] += t.Ms
	}
	toEnd := timesToEnd(s, sceneMs)
	via := func(target string) int64 {
		if target == story.End {
			return 0
		}
		if d, ok := toEnd[target]; ok {
			return d
		}
		return -1
	}
	f := &ForkFinish{Scene: scene, LeftMs: ms(left), Exit: sc.Exit, ExitMs: -1, SpokesFit: -1}
	need := int64(-1)
	for _, c := range sc.Fork.Choices {
		d := via(c.Target)
		f.Choices = append(f.Choices, ChoiceFinish{Choice: c.Number, Target: c.Target, Ms: d, Fits: d >= 0 && d <= f.LeftMs})
		if d >= 0 && (need < 0 || d < need) {
			need = d
		}
	}
	if sc.Exit != "" {
		f.ExitMs = via(sc.Exit)
		f.ProposeExit = need < 0 || f.LeftMs < need
	}
	for _, h := range story.AnalysisOf(s).Hubs(func(x *story.Scene) int64 { return sceneMs[x.ID] }) {
		if h.Scene == scene {
			f.SpokesFit = spokesFit(h, sceneMs[scene], max(f.ExitMs, 0), f.LeftMs)
		}
	}
	return f
}

// spokesFit counts the spokes (shortest way round first) that fit in left
// with the hub shown again after each and the exit after them all.
func spokesFit(h story.Hub, hubMs, exitMs, left int64) int {
	rounds := make([]int64, 0, len(h.Spokes))
	for _, sp := range h.Spokes {
		rounds = append(rounds, sp.Min+hubMs)
	}
	slices.Sort(rounds)
	used, n := exitMs, 0
	for _, d := range rounds {
		if used+d > left {
			break
		}
		used += d
		n++
	}
	return n
}

// timesToEnd is, for every scene that can reach END, the least time from
// its first slide to the end of the talk (Dijkstra backwards from the
// scenes that lead to END; every scene's time counts once per visit).
func timesToEnd(s *story.Story, sceneMs map[string]int64) map[string]int64 {
	preds := map[string][]string{}
	dist := map[string]int64{}
	q := &distHeap{}
	for _, sc := range s.Scenes {
		if s.Scene(sc.ID) != sc {
			continue
		}
		for _, t := range sc.Ways() {
			if t == story.End {
				if d, ok := dist[sc.ID]; !ok || sceneMs[sc.ID] < d {
					dist[sc.ID] = sceneMs[sc.ID]
					heap.Push(q, distItem{sc.ID, sceneMs[sc.ID]})
				}
			} else {
				preds[t] = append(preds[t], sc.ID)
			}
		}
	}
	done := map[string]bool{}
	for q.Len() > 0 {
		it := heap.Pop(q).(distItem)
		if done[it.id] {
			continue
		}
		done[it.id] = true
		for _, p := range preds[it.id] {
			d := it.d + sceneMs[p]
			if old, ok := dist[p]; !ok || d < old {
				dist[p] = d
				heap.Push(q, distItem{p, d})
			}
		}
	}
	return dist
}

type distItem struct {
	id string
	d  int64
}

type distHeap []distItem

func (h distHeap) Len() int           { return len(h) }
func (h distHeap) Less(i, j int) bool { return h[i].d < h[j].d }
func (h distHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *distHeap) Push(x any)        { *h = append(*h, x.(distItem)) }
func (h *distHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}

// FinishNow is Finish for the show as it stands: the fork at st.Scene of
// s, with the time left in s's slot since st.StartedAt, from the rehearsal
// report of tools (recorded times where rehearsed) or, when tools is nil (a
// live show), from estimates alone. It returns nil when the scene is not a
// fork. Without a slot nothing is measured against: LeftMs and SpokesFit
// are -1, no choice fits and no exit is proposed. It fails when the report
// cannot be made.
func FinishNow(ctx context.Context, s *story.Story, st show.State, tools Tools) (*ForkFinish, error) {
	if s == nil || s.Scene(st.Scene) == nil || s.Scene(st.Scene).Fork == nil {
		return nil, nil
	}
	var rep *Report
	if tools != nil {
		var err error
		if rep, err = tools.TimingReport(ctx); err != nil {
			return nil, err
		}
	} else {
		rep = Timing(s, nil, TimingOptions{})
	}
	left := s.Slot
	switch {
	case st.ClockState != "":
		// The talk clock (#23): time actually talked, paused while closed.
		left -= st.Clock
	case !st.StartedAt.IsZero() && !st.Now.IsZero():
		left -= st.Now.Sub(st.StartedAt)
	}
	f := Finish(s, rep, st.Scene, left)
	if s.Slot <= 0 {
		f.LeftMs, f.ProposeExit, f.SpokesFit = -1, false, -1
		for i := range f.Choices {
			f.Choices[i].Fits = false
		}
	}
	return f, nil
}
