package rehearse

import (
	"context"
	"errors"
	"fmt"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/vote"
)

// poll runs the poll on the last slide of sc: open it, let the audience
// vote, close it, let the late texts come, wait for the decision, and at a
// fork make sure the walk's choice wins (overriding the vote if it must). It
// returns the poll's result, the fork's target and false when the pass must
// stop (a problem was recorded, or ctx ended).
func (w *walker) poll(ctx context.Context, sc *story.Scene, used map[edge]bool) (*PollResult, string, bool) {
	var want *story.Choice
	if sc.Fork != nil {
		want = w.choose(sc, used, ballot(w.eng.State().Poll))
		if s, ok := w.aud.(Steerer); ok {
			s.Steer(want.Number)
		}
	}
	p, err := w.runPoll(ctx, sc)
	if err != nil {
		if ctx.Err() == nil {
			w.problem("the poll of %q could not complete: %v", sc.ID, err)
		}
		return nil, "", false
	}
	res := result(p)
	if p.Total == 0 {
		w.problem("the poll of %q counted no votes from the simulated audience", sc.ID)
	}
	if want == nil {
		return res, "", true
	}
	res.Wanted = want.Number
	e := edge{sc.ID, want.Number}
	if p.Winner == want.Number {
		w.byVote[e]++
	} else {
		err := w.eng.Pick(ctx, want.Number, fmt.Sprintf("rehearsal walk: taking choice %d, not yet covered", want.Number))
		if err != nil {
			w.problem("the fork %q: cannot pick choice %d: %v", sc.ID, want.Number, err)
			return res, "", false
		}
		if st := w.eng.State(); st.Poll != nil {
			res.Winner, res.DecidedBy = st.Poll.Winner, st.Poll.DecidedBy
		}
	}
	used[e] = true
	w.taken[e]++
	return res, want.Target, true
}

// runPoll opens, closes and waits out the poll of the current scene; it
// returns the poll's state once decided (or tied).
func (w *walker) runPoll(ctx context.Context, sc *story.Scene) (*show.PollState, error) {
	ctx, cancel := context.WithTimeout(ctx, w.opts.PollWait)
	defer cancel()
	if err := w.eng.OpenPoll(ctx); err != nil && !isOpen(w.eng.State().Poll) {
		return nil, fmt.Errorf("open: %w", err)
	}
	p := w.eng.State().Poll
	if p == nil {
		return nil, errors.New("open: no poll after opening it")
	}
	id := p.ID
	if err := w.aud.WaitPoll(ctx, id, true); err != nil {
		return nil, fmt.Errorf("texts while open: %w", err)
	}
	if !p.ClosesAt.IsZero() {
		w.clk.Set(p.ClosesAt)
	} else {
		w.clk.Advance(30 * time.Second)
	}
	if err := w.eng.ClosePoll(ctx); err != nil && show.ErrorCode(err) != show.ECONFLICT {
		return nil, fmt.Errorf("close: %w", err)
	}
	if _, err := w.await(ctx, func(p *show.PollState) bool { return p.State != show.PollOpen }); err != nil {
		return nil, fmt.Errorf("close: %w", err)
	}
	if err := w.aud.WaitPoll(ctx, id, false); err != nil {
		return nil, fmt.Errorf("late texts: %w", err)
	}
	w.clk.Advance(sc.Vote.Grace + time.Millisecond)
	// The engine's own timer applies the grace window within a tenth of a
	// second; ticking now saves that wait at every poll (most of a walk's
	// wall time before, measured by BenchmarkWalkHubTalk).
	if err := w.eng.Tick(ctx); err != nil {
		return nil, fmt.Errorf("decide after the grace window: %w", err)
	}
	p, err := w.await(ctx, func(p *show.PollState) bool { return p.State == show.PollDecided || len(p.Tie) > 0 })
	if err != nil {
		return nil, fmt.Errorf("decision after the grace window: %w", err)
	}
	return p, nil
}

func isOpen(p *show.PollState) bool { return p != nil && p.State == show.PollOpen }

// await polls the engine's state until the current poll satisfies ok.
func (w *walker) await(ctx context.Context, ok func(*show.PollState) bool) (*show.PollState, error) {
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		if p := w.eng.State().Poll; p != nil && ok(p) {
			return p, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// result copies a poll's outcome.
func result(p *show.PollState) *PollResult {
	r := &PollResult{ID: p.ID, Scene: p.Scene, Kind: p.Kind, Counts: map[int]int{}, Total: p.Total,
		Invalid: p.Invalid, Winner: p.Winner, DecidedBy: p.DecidedBy}
	for _, c := range p.Choices {
		r.Counts[c.Number] = c.Count
	}
	if p.Kind == vote.PollRating && p.Rating != nil {
		for i, n := range p.Rating.Histogram {
			if n > 0 {
				r.Counts[i+1] = n
			}
		}
	}
	return r
}
