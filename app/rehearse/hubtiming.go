package rehearse

import (
	"container/heap"
	"fmt"
	"strings"
	"text/tabwriter"

	"forkcast/app/story"
)

// HubTiming is one hub of a talk with loops (#14): its spokes with the
// time of the way round each (recorded where rehearsed, estimated
// elsewhere), and its exit's time to the end of the talk. Durations are in
// milliseconds.
type HubTiming struct {
	Scene  string       `json:"scene"`
	HubMs  int64        `json:"hubMs"`  // the hub scene itself, shown again after every spoke
	FromMs int64        `json:"fromMs"` // least time from the start to the hub; -1 when unknown
	Spokes []SpokeTimed `json:"spokes"`
	Exit   string       `json:"exit,omitempty"`
	ExitMs int64        `json:"exitMs"` // least time from the exit to the end; -1 without an exit
	// AllMs is the least time of the whole talk through this hub with every
	// spoke presented once and the exit after them: FromMs + each spoke's
	// Min + HubMs + ExitMs. -1 when a part is unknown.
	AllMs int64 `json:"allMs"`
	// Fit is how many spokes (the shortest first) fit in the slot with the
	// start, the hub and the exit; -1 without a slot.
	Fit int `json:"fit"`
}

// SpokeTimed is one spoke: the way round from the choice's scene back to
// the hub (least and most; MaxMs is 0 when the way round has loops of its
// own).
type SpokeTimed struct {
	Choice int    `json:"choice"`
	Label  string `json:"label"`
	Target string `json:"target"`
	MinMs  int64  `json:"minMs"`
	MaxMs  int64  `json:"maxMs"`
}

// hubTimings weighs the hubs of s with the report's scene times.
func hubTimings(s *story.Story, a *story.Analysis, sceneMs map[*story.Scene]int64, slotMs int64) []HubTiming {
	byID := map[string]int64{}
	for sc, d := range sceneMs {
		byID[sc.ID] = d
	}
	toEnd := timesToEnd(s, byID)
	from := timesFromStart(s, byID)
	var out []HubTiming
	for _, h := range a.Hubs(func(sc *story.Scene) int64 { return sceneMs[sc] }) {
		sc := s.Scene(h.Scene)
		ht := HubTiming{Scene: h.Scene, HubMs: byID[h.Scene], FromMs: -1, Exit: h.Exit, ExitMs: -1, AllMs: -1, Fit: -1}
		if d, ok := from[h.Scene]; ok {
			ht.FromMs = d
		}
		for _, sp := range h.Spokes {
			st := SpokeTimed{Choice: sp.Choice, Target: sp.Target, MinMs: sp.Min}
			if sp.Ranged {
				st.MaxMs = sp.Max
			}
			for _, c := range sc.Fork.Choices {
				if c.Number == sp.Choice {
					st.Label = c.Label
				}
			}
			ht.Spokes = append(ht.Spokes, st)
		}
		switch {
		case h.Exit == story.End:
			ht.ExitMs = 0
		case h.Exit != "":
			if d, ok := toEnd[h.Exit]; ok {
				ht.ExitMs = d
			}
		}
		if ht.FromMs >= 0 && ht.ExitMs >= 0 {
			ht.AllMs = ht.FromMs + ht.ExitMs
			for _, sp := range ht.Spokes {
				ht.AllMs += sp.MinMs + ht.HubMs
			}
			if slotMs > 0 {
				// FromMs counts the hub once; spokesFit adds it after each spoke.
				ht.Fit = spokesFit(h, ht.HubMs, ht.FromMs+ht.ExitMs, slotMs)
			}
		}
		out = append(out, ht)
	}
	return out
}

// timesFromStart is, for every scene reachable from the start, the least
// time from the start of the talk to the end of that scene.
func timesFromStart(s *story.Story, sceneMs map[string]int64) map[string]int64 {
	succ := func(id string) []string {
		sc := s.Scene(id)
		if sc == nil {
			return nil
		}
		return sc.Ways()
	}
	dist := map[string]int64{}
	if s.Scene(s.Start) == nil {
		return dist
	}
	dist[s.Start] = sceneMs[s.Start]
	q := &distHeap{{s.Start, dist[s.Start]}}
	done := map[string]bool{}
	for q.Len() > 0 {
		it := heap.Pop(q).(distItem)
		if done[it.id] {
			continue
		}
		done[it.id] = true
		for _, t := range succ(it.id) {
			if t == story.End {
				continue
			}
			d := it.d + sceneMs[t]
			if old, ok := dist[t]; !ok || d < old {
				dist[t] = d
				heap.Push(q, distItem{t, d})
			}
		}
	}
	return dist
}

// writeHubs writes the hub timings of a talk with loops.
func writeHubs(b *strings.Builder, r *Report) {
	fmt.Fprintf(b, "Hubs (%d): a talk with loops has no fixed paths; each spoke is timed from its first scene back to the hub.\n", len(r.Hubs))
	for _, h := range r.Hubs {
		fmt.Fprintf(b, "\n%s (%s a visit", h.Scene, dur(h.HubMs))
		if h.FromMs >= 0 {
			fmt.Fprintf(b, ", reached %s into the talk", dur(h.FromMs))
		}
		b.WriteString("):\n")
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  choice\tway round\tspoke")
		for _, sp := range h.Spokes {
			round := dur(sp.MinMs)
			if sp.MaxMs > sp.MinMs {
				round += ".." + dur(sp.MaxMs)
			} else if sp.MaxMs == 0 {
				round += "+ (loops)"
			}
			fmt.Fprintf(tw, "  %d\t%s\t%q -> %s\n", sp.Choice, round, sp.Label, sp.Target)
		}
		tw.Flush()
		switch {
		case h.Exit == "":
			b.WriteString("  no exit: the talk leaves this hub by a choice that does not come back\n")
		case h.ExitMs < 0:
			fmt.Fprintf(b, "  exit -> %s: no way to the end from it\n", h.Exit)
		default:
			fmt.Fprintf(b, "  exit -> %s: %s to the end\n", h.Exit, dur(h.ExitMs))
		}
		if h.AllMs >= 0 {
			fmt.Fprintf(b, "  every spoke once, then the exit: %s", dur(h.AllMs))
			if r.SlotMs > 0 {
				fmt.Fprintf(b, " (%s); %d of %d spokes fit the slot", slotDiff(h.AllMs-r.SlotMs), h.Fit, len(h.Spokes))
			}
			b.WriteString("\n")
		}
	}
}

func slotDiff(over int64) string {
	if over > 0 {
		return dur(over) + " over the slot"
	}
	return dur(-over) + " to spare"
}
