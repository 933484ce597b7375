package rehearse

import (
	"context"

	"forkcast/app/show"
	"forkcast/app/story"
)

// The walk through hubs: where the hub rule (story.VoteOptions.Visited)
// leaves one choice or none, the engine goes on without a poll, and the
// walk follows; at a poll it only steers towards choices on the ballot.

// hubDivert reports where the engine goes from the last slide of fork sc
// without a poll (the one choice left, or the fork's exit; story.End for
// an exit to the end), from its state st.
func (w *walker) hubDivert(st show.State, sc *story.Scene) (string, bool) {
	if sc.Fork == nil || st.Next == nil || (st.Poll != nil && st.Poll.State != show.PollReady) {
		return "", false
	}
	if st.Next.End {
		return story.End, true
	}
	return st.Next.Scene, true
}

// divert moves on from fork sc to target without a poll and records the
// choice taken (none for an exit); false after a problem.
func (w *walker) divert(ctx context.Context, sc *story.Scene, target string, used map[edge]bool) bool {
	if err := w.eng.Next(ctx); err != nil {
		w.problem("scene %q: cannot go on to %q: %v", sc.ID, target, err)
		return false
	}
	st := w.eng.State()
	if st.Scene != target {
		w.problem("scene %q should lead to %q, but the engine shows %q", sc.ID, target, st.Scene)
		return false
	}
	if n := len(st.Path); n >= 2 && st.Path[n-2].Choice > 0 {
		e := edge{sc.ID, st.Path[n-2].Choice}
		used[e] = true
		w.taken[e]++
	}
	return true
}

// ballot is the set of choice numbers a poll offers (greyed ones left
// out), nil when there is no poll to read.
func ballot(p *show.PollState) map[int]bool {
	if p == nil || len(p.Choices) == 0 {
		return nil
	}
	out := map[int]bool{}
	for _, c := range p.Choices {
		if !c.Greyed {
			out[c.Number] = true
		}
	}
	return out
}
