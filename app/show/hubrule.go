package show

import (
	"slices"
	"time"

	"forkcast/app/story"
	"forkcast/app/vote"
)

// The hub rule (story.VoteOptions.Visited): a fork leaves off (hide) or
// greys out (grey) the choices already taken from it in this show; one
// choice left is taken without a poll, none left follows the fork's exit.
// A choice counts as taken when the show left this fork by it before (a
// "Back to ..." choice stays until it is taken, so a topic's sub-menu can
// always lead back to the hub).

// ByHub is how a fork was left when the hub rule left one choice: no poll.
const ByHub = "hub"

// hubChoices splits the choices of fork sc into those the audience can vote
// for now and those the hub rule greys out (hidden ones are in neither).
// With no rule, or when the rule would leave none and the fork has no exit,
// every choice is open. e.mu or e.wmu is held.
func (e *Engine) hubChoices(sc *story.Scene) (open, greyed []*story.Choice) {
	if sc.Fork == nil {
		return nil, nil
	}
	rule := sc.Vote.Visited
	if rule != story.VisitedHide && rule != story.VisitedGrey {
		return sc.Fork.Choices, nil
	}
	taken := map[int]bool{}
	for _, v := range e.path {
		if v.Scene == sc.ID && v.Choice > 0 {
			taken[v.Choice] = true
		}
	}
	for _, c := range sc.Fork.Choices {
		switch {
		case c.Target == story.End || !taken[c.Number]:
			open = append(open, c)
		case rule == story.VisitedGrey:
			greyed = append(greyed, c)
		}
	}
	if len(open) == 0 && sc.Exit == "" {
		return sc.Fork.Choices, nil // nothing left and nowhere to go: offer them again
	}
	return open, greyed
}

// hubDivert says where the last slide of fork sc leads without a poll: the
// one choice the hub rule leaves (choice > 0), or the fork's exit when it
// leaves none (choice 0). ok is false when the fork needs a poll.
func (e *Engine) hubDivert(sc *story.Scene) (target string, choice int, ok bool) {
	if sc.Fork == nil {
		return "", 0, false
	}
	open, _ := e.hubChoices(sc)
	switch len(open) {
	case 0:
		return sc.Exit, 0, true
	case 1:
		if len(sc.Fork.Choices) > 1 {
			return open[0].Target, open[0].Number, true
		}
	}
	return "", 0, false
}

// newPoll is newPollRecord with the hub rule applied: the choices left off
// or greyed out are not on the ballot, so a text naming one is invalid.
func (e *Engine) newPoll(session, visit int64, sc *story.Scene, now time.Time) PollRecord {
	rec := newPollRecord(session, visit, sc, now)
	if sc.Fork == nil {
		return rec
	}
	open, _ := e.hubChoices(sc)
	rec.Choices = slices.DeleteFunc(rec.Choices, func(c vote.Choice) bool {
		return !slices.ContainsFunc(open, func(o *story.Choice) bool { return o.Number == c.Number })
	})
	return rec
}

// withGreyed adds the greyed-out choices of fork sc to a poll's state, in
// number order, marked Greyed, with no votes.
func (e *Engine) withGreyed(sc *story.Scene, ps *PollState) {
	if ps == nil || sc == nil || sc.Fork == nil {
		return
	}
	_, greyed := e.hubChoices(sc)
	for _, c := range greyed {
		ps.Choices = append(ps.Choices, ChoiceTally{Number: c.Number, Label: c.Label, Keywords: c.Keywords, Target: c.Target, Greyed: true})
	}
	slices.SortStableFunc(ps.Choices, func(a, b ChoiceTally) int { return a.Number - b.Number })
}

// divertTo is exit's answer for a fork left without a poll: to the one
// choice left (choice > 0, by ByHub) or to the fork's exit (choice 0).
func (e *Engine) divertTo(target string, choice int) (string, int, string, error) {
	by := ByHub
	if choice == 0 {
		by = ""
	}
	switch {
	case target == story.End:
		return "", 0, "", Errorf(ECONFLICT, "This is the end of the talk.")
	case e.st.Scene(target) == nil:
		return "", 0, "", Errorf(ENOTFOUND, "Scene %q is not in the story.", target)
	}
	return target, choice, by, nil
}
