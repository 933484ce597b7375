package show

import (
	"slices"
	"time"

	"forkcast/app/story"
	"forkcast/app/vote"
)

// stateLocked builds State; e.mu is held.
func (e *Engine) stateLocked() State {
	sc := e.scene()
	last := len(sc.Slides) - 1
	s := State{
		Session: SessionInfo{ID: e.ses.ID, Mode: e.ses.Mode, StartedAt: e.ses.StartedAt, Resumed: e.resumed},
		Story:   StoryInfo{Title: e.st.Title, Hash: e.st.Hash, Number: e.st.Vote.Number, Slot: e.st.Slot},
		Scene:   sc.ID, Slide: e.ses.Slide, Slides: len(sc.Slides),
		AtFork:    hasPoll(sc) && e.ses.Slide == last,
		AtEnd:     sc.Fork == nil && (sc.Next == "" || sc.Next == story.End) && e.ses.Slide >= last,
		Next:      e.nextLocked(sc),
		Blank:     e.ses.Blank,
		Ended:     e.ended,
		Sources:   slices.Clone(e.health),
		Now:       e.now(),
		StartedAt: e.ses.StartedAt,
		Version:   e.version,
	}
	s.Clock, s.ClockState = clockElapsed(&e.ses, s.Now), e.ses.ClockState
	if s.ClockState == "" {
		s.ClockState = "idle"
	}
	if s.Sources == nil {
		s.Sources = []vote.Health{}
	}
	if hasPoll(sc) {
		s.Poll = e.pollStateLocked()
		s.ConfirmClose = e.poll != nil && e.armed == e.poll.rec.ID && e.poll.rec.State == PollOpen
	}
	s.Path = make([]PathStep, len(e.path))
	for i, v := range e.path {
		s.Path[i] = PathStep{Scene: v.Scene, At: v.At, Choice: v.Choice, By: v.By}
	}
	return s
}

// nextLocked says where Next goes from here, nil when it cannot go yet.
func (e *Engine) nextLocked(sc *story.Scene) *NextInfo {
	if e.ses.Slide < len(sc.Slides)-1 {
		return &NextInfo{Scene: sc.ID, Slide: e.ses.Slide + 1}
	}
	target := sc.Next
	if t, _, ok := e.hubDivert(sc); ok && e.poll == nil {
		target = t
	} else if sc.Fork != nil {
		if e.poll == nil || e.poll.rec.Winner == 0 {
			return nil
		}
		target = ""
		for _, c := range sc.Fork.Choices {
			if c.Number == e.poll.rec.Winner {
				target = c.Target
			}
		}
	}
	switch target {
	case "":
		return nil
	case story.End:
		return &NextInfo{End: true}
	}
	return &NextInfo{Scene: target}
}

// pollStateLocked describes the current scene's poll; e.mu is held.
func (e *Engine) pollStateLocked() *PollState {
	sc := e.scene()
	number := sc.Vote.Number
	if number == "" {
		number = e.st.Vote.Number
	}
	if e.poll == nil {
		rec := e.newPoll(e.ses.ID, 0, sc, time.Time{})
		rec.State, rec.OpenedAt, rec.ClosesAt = PollReady, time.Time{}, time.Time{}
		ps := pollState(sc, &rec, nil, number)
		e.withGreyed(sc, ps)
		return ps
	}
	ps := pollState(sc, &e.poll.rec, e.poll.counts, number)
	e.withGreyed(sc, ps)
	return ps
}

// pollState builds a PollState from a record and its counts; sc (may be nil)
// gives each choice its target.
func pollState(sc *story.Scene, r *PollRecord, counts map[int]int, number string) *PollState {
	ps := &PollState{
		ID: r.ID, Scene: r.Scene, Kind: r.Kind, State: r.State, Number: number, Invalid: r.Invalid,
		OpenedAt: r.OpenedAt, ClosesAt: r.ClosesAt, ClosedAt: r.ClosedAt, Timer: r.Timer,
		Policy: r.Policy, Ties: r.Ties, HideResults: r.HideResults, Winner: r.Winner,
		Tie: r.Tie, DecidedBy: r.DecidedBy, Override: r.Override, OverridePrivate: r.OverridePrivate, Choices: []ChoiceTally{},
	}
	if r.Kind == vote.PollRating {
		ps.Rating = ratingStats(counts, r.Min, r.Max)
		ps.Total = ps.Rating.Count
		return ps
	}
	for _, c := range r.Choices {
		ct := ChoiceTally{Number: c.Number, Label: c.Label, Keywords: c.Keywords, Count: counts[c.Number]}
		if sc != nil && sc.Fork != nil {
			for _, sc := range sc.Fork.Choices {
				if sc.Number == c.Number {
					ct.Target = sc.Target
				}
			}
		}
		ps.Total += ct.Count
		ps.Choices = append(ps.Choices, ct)
	}
	for i := range ps.Choices {
		if ps.Total > 0 {
			ps.Choices[i].Percent = 100 * float64(ps.Choices[i].Count) / float64(ps.Total)
		}
	}
	return ps
}

// ratingStats summarises rating counts on the scale min..max. NPS uses the
// usual 0-10 thresholds (promoters 9-10, detractors 0-6) and is 0 on other scales.
func ratingStats(counts map[int]int, min, max int) *RatingStats {
	rs := &RatingStats{Histogram: make([]int, max-min+1)}
	sum, promoters, detractors := 0, 0, 0
	for v := min; v <= max; v++ {
		n := counts[v]
		rs.Histogram[v-min] = n
		rs.Count += n
		sum += n * v
		if v >= 9 {
			promoters += n
		} else if v <= 6 {
			detractors += n
		}
	}
	if rs.Count == 0 {
		return rs
	}
	rs.Mean = float64(sum) / float64(rs.Count)
	rs.Median = median(rs.Histogram, min, rs.Count)
	if max == 10 {
		rs.NPS = 100 * float64(promoters-detractors) / float64(rs.Count)
	}
	return rs
}

// median of a histogram holding n values: the middle value, or the mean of
// the two middle values when n is even.
func median(hist []int, min, n int) float64 {
	at := func(k int) int { // the k-th smallest value, from 0
		seen := 0
		for i, c := range hist {
			seen += c
			if k < seen {
				return min + i
			}
		}
		return min + len(hist) - 1
	}
	if n%2 == 1 {
		return float64(at(n / 2))
	}
	return float64(at(n/2-1)+at(n/2)) / 2
}
