package rehearse

import (
	"context"
	"fmt"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
)

// edge is one fork choice.
type edge struct {
	scene  string
	choice int
}

// walker is one walk in progress.
type walker struct {
	opts     WalkOptions
	s        *story.Story
	eng      *show.Engine
	aud      Audience
	clk      *clock
	taken    map[edge]int
	byVote   map[edge]int
	seen     map[string]bool
	runs     []WalkRun
	problems []string
}

// slideTime is how long the walk "speaks" on each slide, in simulated time.
const slideTime = 2 * time.Second

// walk makes passes until every choice is taken or a pass takes nothing new.
func (w *walker) walk(ctx context.Context) error {
	for pass := 0; ; pass++ {
		if pass > 0 {
			if err := w.eng.ResetRehearsal(ctx); err != nil {
				return fmt.Errorf("walk: new rehearsal session: %w", err)
			}
		}
		before := w.coveredCount()
		run, err := w.pass(ctx)
		w.runs = append(w.runs, run)
		if err != nil {
			return err
		}
		if w.coveredCount() == w.choiceCount() || w.coveredCount() == before || len(w.problems) > 0 {
			return nil
		}
	}
}

// pass walks from the start to END once, taking at each fork the choice that
// leads to something not yet covered. Problems are recorded, not returned;
// the error is for a cancelled walk.
func (w *walker) pass(ctx context.Context) (WalkRun, error) {
	st := w.eng.State()
	run := WalkRun{Session: st.Session.ID}
	used := map[edge]bool{}
	enter := func(scene string) {
		run.Scenes = append(run.Scenes, scene)
		w.seen[scene] = true
	}
	enter(st.Scene)
	limit := 10 * (len(w.s.Scenes) + 1) * (w.choiceCount() + 1) * 20
	for step := 0; step < limit; step++ {
		if err := ctx.Err(); err != nil {
			return run, err
		}
		st = w.eng.State()
		sc := w.s.Scene(st.Scene)
		if sc == nil {
			w.problem("the engine shows scene %q, which is not in the story", st.Scene)
			return run, nil
		}
		w.clk.Advance(slideTime)
		if st.Slide < st.Slides-1 {
			if err := w.eng.Next(ctx); err != nil {
				w.problem("scene %q: cannot go to slide %d: %v", sc.ID, st.Slide+2, err)
				return run, nil
			}
			continue
		}
		if target, ok := w.hubDivert(st, sc); ok {
			if target == story.End || !w.divert(ctx, sc, target, used) {
				return run, nil
			}
			enter(target)
			continue
		}
		want := sc.Next
		if sc.Fork != nil || sc.Rating != nil {
			res, target, ok := w.poll(ctx, sc, used)
			if res != nil {
				run.Polls = append(run.Polls, *res)
			}
			if !ok {
				return run, ctx.Err()
			}
			if sc.Fork != nil {
				want = target
			}
		}
		if want == story.End || want == "" {
			return run, nil
		}
		if err := w.eng.Next(ctx); err != nil {
			w.problem("scene %q: cannot go on to %q: %v", sc.ID, want, err)
			return run, nil
		}
		if got := w.eng.State().Scene; got != want {
			w.problem("scene %q should lead to %q, but the engine shows %q", sc.ID, want, got)
			return run, nil
		}
		enter(want)
	}
	w.problem("gave up after %d steps without reaching the end (a loop?)", limit)
	return run, nil
}

func (w *walker) problem(format string, args ...any) {
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

func (w *walker) choiceCount() int {
	n := 0
	for _, sc := range w.s.Scenes {
		if sc.Fork != nil {
			n += len(sc.Fork.Choices)
		}
	}
	return n
}

func (w *walker) coveredCount() int {
	n := 0
	for _, sc := range w.s.Scenes {
		if sc.Fork != nil {
			for _, c := range sc.Fork.Choices {
				if w.taken[edge{sc.ID, c.Number}] > 0 {
					n++
				}
			}
		}
	}
	return n
}

// coverage summarises the walk.
func (w *walker) coverage() *Coverage {
	c := &Coverage{Title: w.s.Title, Hash: w.s.Hash, Choices: w.choiceCount(), Covered: w.coveredCount(),
		Scenes: len(w.s.Scenes), Runs: w.runs, Problems: append([]string{}, w.problems...), Unreached: []string{}}
	c.Percent = 100
	if c.Choices > 0 {
		c.Percent = float64(int(1000*float64(c.Covered)/float64(c.Choices))) / 10
	}
	for _, sc := range w.s.Scenes {
		if w.seen[sc.ID] {
			c.Visited++
		} else {
			c.Unreached = append(c.Unreached, sc.ID)
			c.Problems = append(c.Problems, fmt.Sprintf("scene %q was never reached", sc.ID))
		}
		if sc.Fork == nil {
			continue
		}
		for _, ch := range sc.Fork.Choices {
			e := edge{sc.ID, ch.Number}
			c.Branches = append(c.Branches, BranchCoverage{Scene: sc.ID, Choice: ch.Number, Label: ch.Label,
				Target: ch.Target, Taken: w.taken[e], ByVote: w.byVote[e]})
			if w.taken[e] == 0 {
				c.Problems = append(c.Problems, fmt.Sprintf("choice %d of %q was never taken", ch.Number, sc.ID))
			}
		}
	}
	c.Texts = w.aud.Health().Received
	return c
}
