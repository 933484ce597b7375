package show_test

import (
	"context"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
)

// where is the part of the state a clicker press changes.
type where struct {
	scene   string
	slide   int
	poll    string // "" = no poll yet
	confirm bool
	blank   bool
	ended   bool
}

func (f *fixture) where() where {
	s := f.e.State()
	w := where{scene: s.Scene, slide: s.Slide, confirm: s.ConfirmClose, blank: s.Blank, ended: s.Ended}
	if s.Poll != nil && s.Poll.ID != 0 {
		w.poll = s.Poll.State
	}
	return w
}

// press runs one clicker press and checks where the show is after it.
func (f *fixture) press(step int, name string, fn func(context.Context) error, want where) {
	f.t.Helper()
	if err := fn(context.Background()); err != nil {
		f.t.Fatalf("step %d %s: %v", step, name, err)
	}
	if got := f.where(); got != want {
		f.t.Fatalf("step %d %s: at %+v, want %+v", step, name, got, want)
	}
}

// TestClickerWholeTalk drives the test talk from its first slide to the end
// screen with Next, Previous and blank only, as a clicker does.
func TestClickerWholeTalk(t *testing.T) {
	o := defaultOpts()
	o.Grace = 0
	f := newFixture(t, o)
	next, prev := f.e.Next, f.e.Prev
	blank := func(ctx context.Context) error { return f.e.SetBlank(ctx, !f.e.State().Blank) }
	f.press(1, "next", next, where{scene: "intro", slide: 1})
	f.press(2, "blank", blank, where{scene: "intro", slide: 1, blank: true})
	// Next on a blanked stage shows it again and does not move on.
	f.press(3, "next", next, where{scene: "intro", slide: 1})
	f.press(4, "blank", blank, where{scene: "intro", slide: 1, blank: true})
	f.press(5, "prev", prev, where{scene: "intro", slide: 1})
	f.press(6, "next", next, where{scene: "crisis", slide: 0})
	f.press(7, "next", next, where{scene: "crisis", slide: 1})
	// At the fork: open, arm, close, follow.
	f.press(8, "next", next, where{scene: "crisis", slide: 1, poll: show.PollOpen})
	f.text(1, "2")
	f.text(2, "surge")
	f.text(3, "1")
	f.press(9, "next", next, where{scene: "crisis", slide: 1, poll: show.PollOpen, confirm: true})
	// Previous disarms the close; the poll stays open on the slide before.
	f.press(10, "prev", prev, where{scene: "crisis", slide: 0, poll: show.PollOpen})
	f.press(11, "next", next, where{scene: "crisis", slide: 1, poll: show.PollOpen})
	f.press(12, "next", next, where{scene: "crisis", slide: 1, poll: show.PollOpen, confirm: true})
	f.press(13, "next", next, where{scene: "crisis", slide: 1, poll: show.PollDecided})
	if p := f.e.State().Poll; p.Winner != 2 {
		t.Fatalf("winner=%d, want 2", p.Winner)
	}
	f.press(14, "next", next, where{scene: "traffic", slide: 0})
	// Back through the fork: its decided poll comes back; Next follows it again.
	f.press(15, "prev", prev, where{scene: "crisis", slide: 1, poll: show.PollDecided})
	f.press(16, "next", next, where{scene: "traffic", slide: 0})
	f.press(17, "next", next, where{scene: "rating", slide: 0})
	f.press(18, "next", next, where{scene: "rating", slide: 0, poll: show.PollOpen})
	f.text(1, "9")
	f.press(19, "next", next, where{scene: "rating", slide: 0, poll: show.PollOpen, confirm: true})
	f.press(20, "next", next, where{scene: "rating", slide: 0, poll: show.PollDecided})
	f.press(21, "next", next, where{scene: "rating", slide: 0, poll: show.PollDecided, ended: true})
	if err := next(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("next on the end screen: %v, want conflict", err)
	}
	f.press(22, "prev", prev, where{scene: "rating", slide: 0, poll: show.PollDecided})
	f.press(23, "next", next, where{scene: "rating", slide: 0, poll: show.PollDecided, ended: true})
	s := f.e.State()
	if got := len(s.Path); got != 4 || s.Path[1].Choice != 2 || s.Path[1].By != show.ByVotes {
		t.Fatalf("path=%+v, want 4 steps leaving crisis by choice 2 by votes", s.Path)
	}
}

// TestClickerCloseAtOnce: with confirm-close: false one Next closes the poll.
func TestClickerCloseAtOnce(t *testing.T) {
	o := defaultOpts()
	o.Grace, o.CloseAtOnce = 0, true
	f := newFixture(t, o)
	f.toFork()
	f.press(1, "next", f.e.Next, where{scene: "crisis", slide: 1, poll: show.PollOpen})
	f.text(1, "1")
	f.press(2, "next", f.e.Next, where{scene: "crisis", slide: 1, poll: show.PollDecided})
	f.press(3, "next", f.e.Next, where{scene: "security", slide: 0})
}

// TestClickerWaits: Next neither skips a tie nor the grace window; it says why.
func TestClickerWaits(t *testing.T) {
	o := defaultOpts()
	o.CloseAtOnce = true
	f := newFixture(t, o)
	f.toFork()
	f.do("next (open)", f.e.Next)
	f.text(1, "1")
	f.text(2, "2")
	f.do("next (close)", f.e.Next)
	err := f.e.Next(context.Background())
	if show.ErrorCode(err) != show.ECONFLICT || show.ErrorMessage(err) != "The poll is counting late texts: the winner comes in a moment." {
		t.Fatalf("next during the grace window: %v, want the late-texts conflict", err)
	}
	f.clock.Advance(6 * time.Second)
	err = f.e.Next(context.Background())
	if show.ErrorCode(err) != show.ECONFLICT || show.ErrorMessage(err) != "The vote is tied: pick the winner." {
		t.Fatalf("next at a tie: %v, want the tie conflict", err)
	}
	if s := f.e.State(); s.Scene != "crisis" || s.Poll.State != show.PollClosed {
		t.Fatalf("after next at a tie: %s poll %s, want crisis closed", s.Scene, s.Poll.State)
	}
	f.do("pick", func(ctx context.Context) error { return f.e.Pick(ctx, 2, "") })
	f.do("next (follow)", f.e.Next)
	if s := f.e.State(); s.Scene != "traffic" {
		t.Fatalf("scene=%s, want traffic", s.Scene)
	}
}

// TestClickerTimerDisarms: a poll closed by its timer leaves no armed close
// behind, so the next press follows the winner rather than doing nothing.
func TestClickerTimerDisarms(t *testing.T) {
	o := defaultOpts()
	o.Grace, o.Timer = 0, 30*time.Second
	o.Open = story.OpenOnArrive
	f := newFixture(t, o)
	f.toFork()
	f.text(1, "1")
	f.press(1, "next", f.e.Next, where{scene: "crisis", slide: 1, poll: show.PollOpen, confirm: true})
	f.clock.Advance(31 * time.Second)
	f.press(2, "next", f.e.Next, where{scene: "security", slide: 0})
}
