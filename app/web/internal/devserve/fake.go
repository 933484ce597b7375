package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/vote"
)

// fakeShow is a show.Controller that walks a story in memory and fakes votes.
type fakeShow struct {
	mu      sync.Mutex
	st      *story.Story
	hub     *show.Hub
	rate    float64
	scene   string
	slide   int
	blank   bool
	path    []show.PathStep
	poll    *show.PollState
	polls   map[string]*show.PollState
	version int64
	seq     int64
	nextID  int64
	inbox   []show.InboxEntry
	started time.Time
	dirty   bool
	pending []show.InboxEntry
}

func newFakeShow(st *story.Story, hub *show.Hub, rate float64) *fakeShow {
	f := &fakeShow{st: st, hub: hub, rate: rate, scene: st.Start, polls: map[string]*show.PollState{}, started: time.Now()}
	f.path = []show.PathStep{{Scene: st.Start, At: time.Now()}}
	return f
}

func (f *fakeShow) cur() *story.Scene { return f.st.Scene(f.scene) }

func (f *fakeShow) State() show.State {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stateLocked()
}

func (f *fakeShow) stateLocked() show.State {
	sc := f.cur()
	atLast := f.slide == len(sc.Slides)-1
	s := show.State{
		Session: show.SessionInfo{ID: 1, Mode: show.Rehearsal, StartedAt: f.started},
		Story:   show.StoryInfo{Title: f.st.Title, Hash: f.st.Hash, Number: f.st.Vote.Number, Slot: f.st.Slot},
		Scene:   f.scene, Slide: f.slide, Slides: len(sc.Slides),
		AtFork: atLast && (sc.Fork != nil || sc.Rating != nil), AtEnd: atLast && sc.Next == story.End,
		Blank: f.blank, Path: append([]show.PathStep(nil), f.path...), Now: time.Now(), StartedAt: f.started,
		Version: f.version,
		Sources: []vote.Health{{Source: "sim", Kind: "sim", State: vote.HealthOK, Detail: "Simulated audience of 300 phones.",
			Received: f.nextID, Metrics: map[string]string{"rate": fmt.Sprintf("%.0f/s", f.rate)}}},
	}
	if s.AtFork {
		s.Poll = f.pollLocked()
		cp := *s.Poll
		cp.Choices = append([]show.ChoiceTally(nil), s.Poll.Choices...)
		s.Poll = &cp
	}
	if !atLast {
		s.Next = &show.NextInfo{Scene: f.scene, Slide: f.slide + 1}
	} else if sc.Next != "" {
		s.Next = &show.NextInfo{Scene: sc.Next, End: sc.Next == story.End}
	} else if s.Poll != nil && s.Poll.Winner != 0 {
		s.Next = &show.NextInfo{Scene: sc.Fork.Choices[s.Poll.Winner-1].Target}
	}
	return s
}

func (f *fakeShow) pollLocked() *show.PollState {
	sc := f.cur()
	if p := f.polls[sc.ID]; p != nil {
		return p
	}
	p := &show.PollState{ID: int64(len(f.polls) + 1), Scene: sc.ID, Kind: vote.PollFork, State: show.PollReady,
		Number: sc.Vote.Number, Timer: sc.Vote.Timer, Policy: string(sc.Vote.Policy), Ties: string(sc.Vote.Ties), HideResults: sc.Vote.HideResults}
	if sc.Rating != nil {
		p.Kind = vote.PollRating
		p.Rating = &show.RatingStats{Histogram: make([]int, sc.Rating.Max-sc.Rating.Min+1)}
	} else {
		for _, c := range sc.Fork.Choices {
			p.Choices = append(p.Choices, show.ChoiceTally{Number: c.Number, Label: c.Label, Keywords: c.Keywords, Target: c.Target})
		}
	}
	f.polls[sc.ID] = p
	return p
}

func (f *fakeShow) changed() {
	f.version++
	f.hub.Notify(show.EventState, f.stateLocked())
}

func (f *fakeShow) do(fn func() error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := fn(); err != nil {
		return err
	}
	f.changed()
	return nil
}

func (f *fakeShow) Next(context.Context) error {
	return f.do(func() error {
		sc := f.cur()
		if f.slide < len(sc.Slides)-1 {
			f.slide++
			return nil
		}
		target := sc.Next
		if sc.Fork != nil {
			p := f.pollLocked()
			if p.Winner == 0 {
				return show.Errorf(show.ECONFLICT, "The vote has no winner yet.")
			}
			target = sc.Fork.Choices[p.Winner-1].Target
		}
		if target == story.End || target == "" {
			return show.Errorf(show.ECONFLICT, "This is the end of the talk.")
		}
		f.scene, f.slide = target, 0
		f.path = append(f.path, show.PathStep{Scene: target, At: time.Now()})
		return nil
	})
}

func (f *fakeShow) Prev(context.Context) error {
	return f.do(func() error {
		if f.slide > 0 {
			f.slide--
			return nil
		}
		if len(f.path) < 2 {
			return show.Errorf(show.ECONFLICT, "This is the first slide.")
		}
		f.path = f.path[:len(f.path)-1]
		f.scene = f.path[len(f.path)-1].Scene
		f.slide = len(f.cur().Slides) - 1
		return nil
	})
}

func (f *fakeShow) Goto(_ context.Context, id string) error {
	return f.do(func() error {
		if f.st.Scene(id) == nil {
			return show.Errorf(show.ENOTFOUND, "There is no scene %q.", id)
		}
		f.scene, f.slide = id, 0
		f.path = append(f.path, show.PathStep{Scene: id, At: time.Now()})
		return nil
	})
}

func (f *fakeShow) OpenPoll(context.Context) error {
	return f.do(func() error {
		st := f.stateLocked()
		if !st.AtFork || st.Poll.State != show.PollReady {
			return show.Errorf(show.ECONFLICT, "There is no poll ready to open here.")
		}
		p := f.pollLocked()
		p.State, p.OpenedAt = show.PollOpen, time.Now()
		if p.Timer > 0 {
			p.ClosesAt = p.OpenedAt.Add(p.Timer)
		}
		return nil
	})
}

func (f *fakeShow) ClosePoll(context.Context) error {
	return f.do(func() error { return f.closeLocked() })
}

func (f *fakeShow) closeLocked() error {
	p := f.pollLocked()
	if p.State != show.PollOpen {
		return show.Errorf(show.ECONFLICT, "The poll is not open.")
	}
	p.State, p.ClosedAt, p.DecidedBy = show.PollDecided, time.Now(), "votes"
	best := 0
	for _, c := range p.Choices {
		if c.Count > best {
			best, p.Winner = c.Count, c.Number
		}
	}
	if p.Kind == vote.PollFork && p.Winner == 0 {
		p.State, p.Tie = show.PollClosed, []int{1, 2}
	}
	return nil
}

func (f *fakeShow) Pick(_ context.Context, n int, reason string) error {
	return f.do(func() error {
		p := f.pollLocked()
		if n < 1 || n > len(p.Choices) {
			return show.Errorf(show.EINVALID, "Choice %d is not on this fork.", n)
		}
		if p.State == show.PollOpen {
			_ = f.closeLocked()
		}
		p.State, p.Winner, p.Tie, p.DecidedBy, p.Override = show.PollDecided, n, nil, "override", reason
		return nil
	})
}

func (f *fakeShow) SetBlank(_ context.Context, on bool) error {
	return f.do(func() error { f.blank = on; return nil })
}

func (f *fakeShow) Inbox(_ context.Context, limit int) ([]show.InboxEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []show.InboxEntry{}
	for i := len(f.inbox) - 1; i >= 0 && len(out) < limit; i-- {
		out = append(out, f.inbox[i])
	}
	return out, nil
}

// run fakes texts while a poll is open and publishes tallies at 20/s.
func (f *fakeShow) run(ctx context.Context) {
	vt := time.NewTicker(time.Second / 50)
	tt := time.NewTicker(50 * time.Millisecond)
	defer vt.Stop()
	defer tt.Stop()
	acc := 0.0
	for {
		select {
		case <-ctx.Done():
			return
		case <-vt.C:
			acc += f.rate / 50
			for ; acc >= 1; acc-- {
				f.vote()
			}
		case <-tt.C:
			f.flush()
		}
	}
}

func (f *fakeShow) vote() {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.polls[f.scene]
	if p == nil || p.State != show.PollOpen {
		return
	}
	if !p.ClosesAt.IsZero() && time.Now().After(p.ClosesAt) {
		_ = f.closeLocked()
		f.changed()
		return
	}
	f.nextID++
	f.seq++
	e := show.InboxEntry{ID: f.nextID, Source: "sim", Sender: fmt.Sprintf("+1 ••• ••• %04d", rand.IntN(10000)),
		ReceivedAt: time.Now(), StoredAt: time.Now(), Poll: p.ID, Result: "counted"}
	if p.Kind == vote.PollRating {
		r := min(10, max(1, int(rand.NormFloat64()*1.5+7.5)))
		p.Rating.Histogram[r-1]++
		p.Rating.Count++
		p.Total++
		sum := 0
		for i, n := range p.Rating.Histogram {
			sum += (i + 1) * n
		}
		p.Rating.Mean = float64(sum) / float64(p.Rating.Count)
		e.Text, e.Choice = fmt.Sprint(r), r
	} else if rand.Float64() < 0.06 {
		e.Text, e.Result, e.Reason = "maybe?", "invalid", "Not a choice: text 1 or 2."
		p.Invalid++
	} else {
		c := 1
		if rand.Float64() > 0.62 {
			c = 1 + rand.IntN(len(p.Choices))
		}
		p.Choices[c-1].Count++
		p.Total++
		e.Text, e.Choice = fmt.Sprint(c), c
		for i := range p.Choices {
			p.Choices[i].Percent = 100 * float64(p.Choices[i].Count) / float64(p.Total)
		}
	}
	f.inbox = append(f.inbox, e)
	f.pending = append(f.pending, e)
	f.dirty = true
}

func (f *fakeShow) flush() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.dirty {
		return
	}
	f.dirty = false
	p := f.polls[f.scene]
	if p != nil {
		f.hub.Notify(show.EventTally, show.Tally{Poll: p.ID, Choices: append([]show.ChoiceTally(nil), p.Choices...),
			Total: p.Total, Invalid: p.Invalid, Rating: p.Rating, Seq: f.seq, At: time.Now()})
	}
	f.hub.Notify(show.EventMessage, f.pending)
	f.pending = nil
}
