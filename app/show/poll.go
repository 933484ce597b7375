package show

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"forkcast/app/story"
	"forkcast/app/vote"
)

// Who decided a fork (PollState.DecidedBy, PathStep.By).
const (
	ByVotes     = "votes"
	ByTieRule   = "tie-rule"
	ByPresenter = "presenter"
	ByOverride  = "override"
)

// pollRun is a poll in memory: its record, counts and the vote that counts
// for each voter. Only writers change it, and only after their commit.
type pollRun struct {
	rec    PollRecord
	counts map[int]int
	votes  map[string]CountedVote
}

// newPollRecord returns an open poll for sc's fork or rating.
func newPollRecord(session, visit int64, sc *story.Scene, now time.Time) PollRecord {
	o := sc.Vote
	rec := PollRecord{
		Session: session, Visit: visit, Scene: sc.ID, State: PollOpen,
		Timer: max(o.Timer, 0), Grace: max(o.Grace, 0), Policy: string(o.Policy), Ties: string(o.Ties),
		HideResults: o.HideResults, OpenedAt: now, Parser: ballotParser(sc),
	}
	if rec.Policy == "" {
		rec.Policy = string(story.LastWins)
	}
	if rec.Ties == "" {
		rec.Ties = string(story.TiesPresenter)
	}
	if rec.Timer > 0 {
		rec.ClosesAt = now.Add(rec.Timer)
	}
	if sc.Fork != nil {
		rec.Kind = vote.PollFork
		for _, c := range sc.Fork.Choices {
			rec.Choices = append(rec.Choices, vote.Choice{Number: c.Number, Label: c.Label, Keywords: c.Keywords})
		}
	} else {
		rec.Kind = vote.PollRating
		rec.Min, rec.Max = sc.Rating.Min, sc.Rating.Max
		if rec.Max <= rec.Min {
			rec.Min, rec.Max = 1, 10
		}
	}
	return rec
}

// ballotParser reads the ballots of sc's poll: the story's languages, the
// scene's letters setting.
func ballotParser(sc *story.Scene) vote.Parser {
	return vote.Parser{Languages: sc.Languages(), Letters: sc.Vote.Letters}
}

// restorePoll rebuilds a poll from the store; sc, its scene (nil when the
// story lost it), gives it its ballot parser.
func restorePoll(ps *PollSnapshot, sc *story.Scene) *pollRun {
	p := &pollRun{rec: ps.Poll, counts: map[int]int{}, votes: make(map[string]CountedVote, len(ps.Counted))}
	if sc != nil {
		p.rec.Parser = ballotParser(sc)
	}
	for c, n := range ps.Tallies {
		p.counts[c] = n
	}
	for _, v := range ps.Counted {
		p.votes[v.Voter] = v
	}
	return p
}

// OpenPoll opens the poll of the current scene. It fails with ECONFLICT when
// the scene has no fork or rating, or its poll was already opened.
func (e *Engine) OpenPoll(ctx context.Context) error {
	return e.pollAction(ctx, e.planOpen)
}

func (e *Engine) planOpen(now time.Time) (*pollRun, error) {
	sc := e.scene()
	if !hasPoll(sc) {
		return nil, Errorf(ECONFLICT, "There is no poll on this scene.")
	}
	if e.poll != nil {
		if e.poll.rec.State == PollOpen {
			return nil, Errorf(ECONFLICT, "The poll is already open.")
		}
		return nil, Errorf(ECONFLICT, "This poll has closed; go to the scene again to vote again.")
	}
	if _, c, ok := e.hubDivert(sc); ok {
		if c > 0 {
			return nil, Errorf(ECONFLICT, "Only one choice is left on this fork: Next takes it.")
		}
		return nil, Errorf(ECONFLICT, "Every choice of this fork was presented: Next follows its exit.")
	}
	rec := e.newPoll(e.ses.ID, e.visit().ID, sc, now)
	return &pollRun{rec: rec, counts: map[int]int{}, votes: map[string]CountedVote{}}, nil
}

// ClosePoll closes the open poll now. Texts received before now still count
// during the grace window; the winner is decided when it ends. It fails with
// ECONFLICT when no poll is open.
func (e *Engine) ClosePoll(ctx context.Context) error {
	return e.pollAction(ctx, e.planClose)
}

func (e *Engine) planClose(now time.Time) (*pollRun, error) {
	if e.poll == nil || e.poll.rec.State != PollOpen {
		return nil, Errorf(ECONFLICT, "No poll is open.")
	}
	p := e.poll.withRec(closeRec(e.poll.rec, now))
	if p.rec.Grace == 0 {
		p.rec = decide(p.rec, p.counts, now)
	}
	return p, nil
}

// Pick sets the winner of the current fork. Without a reason it breaks a tie
// (the choice must be one of the tied ones); with a reason it overrides the
// vote, closing the poll if it is open, or deciding without one. It fails with
// EINVALID for a choice not on the fork, ECONFLICT when there is no fork or no
// tie to break.
func (e *Engine) Pick(ctx context.Context, choice int, reason string) error {
	return e.pick(ctx, choice, reason, false)
}

// PickPrivate is Pick with the override's reason kept off the stage: it is
// recorded, shown on the console and exported, never projected. It fails as
// Pick does, and with EINVALID when no reason is given.
func (e *Engine) PickPrivate(ctx context.Context, choice int, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return Errorf(EINVALID, "A private override needs a reason.")
	}
	return e.pick(ctx, choice, reason, true)
}

func (e *Engine) pick(ctx context.Context, choice int, reason string, private bool) error {
	reason = strings.TrimSpace(reason)
	if !utf8.ValidString(reason) || len(reason) > 500 {
		return Errorf(EINVALID, "The reason must be text of at most 500 bytes.")
	}
	return e.pollAction(ctx, func(now time.Time) (*pollRun, error) {
		sc := e.scene()
		if sc.Fork == nil {
			return nil, Errorf(ECONFLICT, "There is no fork here to pick a winner for.")
		}
		if !slices.ContainsFunc(sc.Fork.Choices, func(c *story.Choice) bool { return c.Number == choice }) {
			return nil, Errorf(EINVALID, "Choice %d is not on this fork.", choice)
		}
		if reason == "" {
			return e.breakTie(choice, now)
		}
		p := e.poll
		if p == nil {
			rec := e.newPoll(e.ses.ID, e.visit().ID, sc, now)
			rec.ClosesAt = time.Time{}
			p = &pollRun{rec: rec, counts: map[int]int{}, votes: map[string]CountedVote{}}
		}
		rec := p.rec
		if rec.State == PollOpen {
			rec = closeRec(rec, now)
		}
		rec.State, rec.Winner, rec.Tie, rec.DecidedBy, rec.Override, rec.DecidedAt = PollDecided, choice, nil, ByOverride, reason, now
		rec.OverridePrivate = private
		return p.withRec(rec), nil
	})
}

// breakTie makes choice the winner of a tied poll.
func (e *Engine) breakTie(choice int, now time.Time) (*pollRun, error) {
	p := e.poll
	if p == nil || len(p.rec.Tie) == 0 {
		return nil, Errorf(ECONFLICT, "There is no tie to break; give a reason to override the vote.")
	}
	if !slices.Contains(p.rec.Tie, choice) {
		return nil, Errorf(EINVALID, "Choice %d is not one of the tied choices.", choice)
	}
	rec := p.rec
	rec.State, rec.Winner, rec.Tie, rec.DecidedBy, rec.DecidedAt = PollDecided, choice, nil, ByPresenter, now
	return p.withRec(rec), nil
}

// withRec returns p with another record, sharing its counts.
func (p *pollRun) withRec(rec PollRecord) *pollRun {
	return &pollRun{rec: rec, counts: p.counts, votes: p.votes}
}

func closeRec(rec PollRecord, at time.Time) PollRecord {
	rec.State, rec.ClosedAt = PollClosed, at
	return rec
}

// pollAction runs a poll action: due timers first, then plan computes the
// poll's next record, which is saved and applied after the commit.
func (e *Engine) pollAction(ctx context.Context, plan func(now time.Time) (*pollRun, error)) error {
	now, err := e.writeTurn(ctx)
	if err != nil {
		return err
	}
	defer e.wmu.Unlock()
	return e.pollActionHeld(ctx, now, plan)
}

// pollActionHeld is pollAction for a caller that holds the writer lock.
func (e *Engine) pollActionHeld(ctx context.Context, now time.Time, plan func(now time.Time) (*pollRun, error)) error {
	p, err := plan(now)
	if err != nil {
		return err
	}
	if err := e.write(ctx, func(tx Tx) error { return tx.SavePoll(ctx, &p.rec) }); err != nil {
		return err
	}
	e.setPoll(p)
	return nil
}

// setPoll makes a committed poll current and tells everyone.
func (e *Engine) setPoll(p *pollRun) {
	e.mu.Lock()
	e.poll = p
	e.armed = 0
	e.version++
	e.mu.Unlock()
	e.publishState()
	e.pollChanged()
}

// advance applies the timers due at now: it closes the open poll at its
// deadline and decides a closed poll when its grace window has ended. It is
// called before every write, so counting never depends on when a timer fired.
func (e *Engine) advance(ctx context.Context, now time.Time) error {
	p := e.poll
	if p == nil {
		return nil
	}
	rec := p.rec
	if rec.State == PollOpen && !rec.ClosesAt.IsZero() && !now.Before(rec.ClosesAt) {
		rec = closeRec(rec, rec.ClosesAt)
	}
	if rec.State == PollClosed && rec.Winner == 0 && len(rec.Tie) == 0 && rec.DecidedAt.IsZero() &&
		!now.Before(rec.ClosedAt.Add(rec.Grace)) {
		rec = decide(rec, p.counts, rec.ClosedAt.Add(rec.Grace))
	}
	if rec.State == p.rec.State && rec.Winner == p.rec.Winner && len(rec.Tie) == len(p.rec.Tie) {
		return nil
	}
	if err := e.write(ctx, func(tx Tx) error { return tx.SavePoll(ctx, &rec) }); err != nil {
		return err
	}
	e.setPoll(p.withRec(rec))
	return nil
}

// decide returns the closed poll rec decided at at with counts: the most
// votes wins; a tie goes to the first listed choice or waits for the speaker,
// as the poll's tie policy says. A rating poll is decided without a winner.
func decide(rec PollRecord, counts map[int]int, at time.Time) PollRecord {
	rec.State = PollClosed
	if rec.ClosedAt.IsZero() {
		rec.ClosedAt = at
	}
	if rec.Kind == vote.PollRating {
		rec.State, rec.DecidedAt = PollDecided, at
		return rec
	}
	best, leaders := -1, []int(nil)
	for _, c := range rec.Choices {
		switch n := counts[c.Number]; {
		case n > best:
			best, leaders = n, []int{c.Number}
		case n == best:
			leaders = append(leaders, c.Number)
		}
	}
	switch {
	case len(leaders) == 1:
		rec.State, rec.Winner, rec.DecidedBy, rec.DecidedAt = PollDecided, leaders[0], ByVotes, at
	case len(leaders) > 1 && rec.Ties == string(story.TiesFirstListed):
		rec.State, rec.Winner, rec.DecidedBy, rec.DecidedAt = PollDecided, leaders[0], ByTieRule, at
	default:
		rec.Tie = leaders
	}
	return rec
}
