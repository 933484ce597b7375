package show_test

import (
	"context"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/vote"
)

func TestVoteFlowLastWins(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.toFork()
	f.do("open", f.e.OpenPoll)
	steps := []struct {
		phone  int
		text   string
		result string
	}{
		{1, "1", show.ResultCounted},
		{2, "two!", show.ResultCounted},
		{3, "#breach", show.ResultCounted},
		{4, "surge please", show.ResultCounted},
		{5, "1 or 2", show.ResultInvalid},
		{1, "2", show.ResultChanged},
		{1, "2️⃣", show.ResultIgnored},
		{3, "STOP", show.ResultCommand},
	}
	for _, s := range steps {
		f.text(s.phone, s.text)
		if got := f.lastResult(); got.Result != s.result {
			t.Fatalf("text %q from %d: result=%q (%s), want %q", s.text, s.phone, got.Result, got.Reason, s.result)
		}
	}
	got := f.counts()
	if got[1] != 1 || got[2] != 3 {
		t.Fatalf("counts=%v, want 1:1 2:3", got)
	}
	p := f.e.State().Poll
	if p.Total != 4 || p.Invalid != 1 {
		t.Fatalf("total=%d invalid=%d, want 4 and 1", p.Total, p.Invalid)
	}
	if p.Choices[1].Percent != 75 {
		t.Fatalf("percent of 2 = %v, want 75", p.Choices[1].Percent)
	}
	f.do("close", f.e.ClosePoll)
	if err := f.e.Next(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("next during grace: %v, want conflict", err)
	}
	f.clock.Advance(6 * time.Second)
	f.do("next", f.e.Next)
	s := f.e.State()
	if s.Scene != "traffic" {
		t.Fatalf("scene=%s, want traffic", s.Scene)
	}
	if got := s.Path[1]; got.Scene != "crisis" || got.Choice != 2 || got.By != show.ByVotes {
		t.Fatalf("path step = %+v, want crisis left by choice 2 by votes", got)
	}
	if err := f.db.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestFirstWins(t *testing.T) {
	o := defaultOpts()
	o.Policy = story.FirstWins
	f := newFixture(t, o)
	f.toFork()
	f.do("open", f.e.OpenPoll)
	f.text(1, "1")
	f.text(1, "2")
	if got := f.lastResult(); got.Result != show.ResultIgnored {
		t.Fatalf("second vote result=%q, want ignored", got.Result)
	}
	if got := f.counts(); got[1] != 1 || got[2] != 0 {
		t.Fatalf("counts=%v, want 1:1 2:0", got)
	}
}

func TestGraceWindow(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.toFork()
	f.do("open", f.e.OpenPoll)
	f.text(1, "1")
	closedAt := f.clock.Now()
	f.do("close", f.e.ClosePoll)
	ingest := func(phone int, text string, received time.Time) show.InboxEntry {
		f.seq++
		m := vote.Message{Source: "relay", ProviderID: "g" + string(rune('a'+f.seq)), Sender: "+1503555000" + string(rune('0'+phone)),
			Text: text, ReceivedAt: received}
		if err := f.e.Ingest(context.Background(), []vote.Message{m}); err != nil {
			t.Fatal(err)
		}
		return f.lastResult()
	}
	f.clock.Advance(2 * time.Second)
	if got := ingest(2, "2", closedAt.Add(-time.Second)); got.Result != show.ResultCounted {
		t.Fatalf("text received before the close, stored in grace: %q, want counted", got.Result)
	}
	if got := ingest(3, "2", closedAt.Add(time.Second)); got.Result != show.ResultLate {
		t.Fatalf("text received after the close: %q, want late", got.Result)
	}
	f.clock.Advance(4 * time.Second) // 6 s after the close
	if got := ingest(4, "2", closedAt.Add(-time.Second)); got.Result != show.ResultLate {
		t.Fatalf("text stored after the grace window: %q, want late", got.Result)
	}
	p := f.e.State().Poll
	if p.State != show.PollClosed || len(p.Tie) != 2 {
		t.Fatalf("poll state=%s tie=%v, want closed with a 1-2 tie", p.State, p.Tie)
	}
}

func TestTimerClosesPoll(t *testing.T) {
	o := defaultOpts()
	o.Timer = 60 * time.Second
	f := newFixture(t, o)
	f.toFork()
	f.do("open", f.e.OpenPoll)
	opened := f.clock.Now()
	if got := f.e.State().Poll.ClosesAt; !got.Equal(opened.Add(time.Minute)) {
		t.Fatalf("closesAt=%v, want %v", got, opened.Add(time.Minute))
	}
	f.text(1, "2")
	f.clock.Advance(61 * time.Second)
	// The engine's own timer loop closes it, without any action.
	waitFor(t, "the timer loop to close the poll", func() bool { return f.e.State().Poll.State != show.PollOpen })
	p := f.e.State().Poll
	if p.State != show.PollClosed || !p.ClosedAt.Equal(opened.Add(time.Minute)) {
		t.Fatalf("state=%s closedAt=%v, want closed at the deadline %v", p.State, p.ClosedAt, opened.Add(time.Minute))
	}
	f.clock.Advance(5 * time.Second)
	f.do("next", f.e.Next) // applies the due decision first
	if s := f.e.State(); s.Scene != "traffic" {
		t.Fatalf("scene=%s, want traffic", s.Scene)
	}
}

func TestTies(t *testing.T) {
	for _, tc := range []struct {
		ties   story.TiePolicy
		winner int
		by     string
	}{
		{story.TiesPresenter, 0, ""},
		{story.TiesFirstListed, 1, show.ByTieRule},
	} {
		o := defaultOpts()
		o.Ties, o.Grace = tc.ties, 0
		f := newFixture(t, o)
		f.toFork()
		f.do("open", f.e.OpenPoll)
		f.text(1, "1")
		f.text(2, "2")
		f.do("close", f.e.ClosePoll)
		p := f.e.State().Poll
		if p.Winner != tc.winner || p.DecidedBy != tc.by {
			t.Fatalf("%s: winner=%d by %q, want %d by %q", tc.ties, p.Winner, p.DecidedBy, tc.winner, tc.by)
		}
		if tc.winner != 0 {
			continue
		}
		if err := f.e.Next(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
			t.Fatalf("next at a tie: %v, want conflict", err)
		}
		if err := f.e.Pick(context.Background(), 3, ""); show.ErrorCode(err) != show.EINVALID {
			t.Fatalf("pick 3: %v, want invalid", err)
		}
		f.do("pick", func(ctx context.Context) error { return f.e.Pick(ctx, 2, "") })
		if p := f.e.State().Poll; p.Winner != 2 || p.DecidedBy != show.ByPresenter || p.State != show.PollDecided {
			t.Fatalf("after pick: %+v", p)
		}
		f.do("next", f.e.Next)
		if s := f.e.State(); s.Scene != "traffic" {
			t.Fatalf("scene=%s, want traffic", s.Scene)
		}
	}
}

func TestPickOverride(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.toFork()
	if err := f.e.Pick(context.Background(), 1, ""); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("pick without tie or reason: %v, want conflict", err)
	}
	f.do("open", f.e.OpenPoll)
	f.text(1, "2")
	f.do("override", func(ctx context.Context) error { return f.e.Pick(ctx, 1, "running late") })
	p := f.e.State().Poll
	if p.State != show.PollDecided || p.Winner != 1 || p.DecidedBy != show.ByOverride || p.Override != "running late" {
		t.Fatalf("poll after override: %+v", p)
	}
	f.do("next", f.e.Next)
	if s := f.e.State(); s.Scene != "security" || s.Path[1].By != show.ByOverride {
		t.Fatalf("scene=%s path=%+v, want security by override", s.Scene, s.Path)
	}
}

func TestRatingPoll(t *testing.T) {
	o := defaultOpts()
	o.Grace = 0
	f := newFixture(t, o)
	f.do("goto", func(ctx context.Context) error { return f.e.Goto(ctx, "rating") })
	f.do("open", f.e.OpenPoll)
	for i, text := range []string{"10", "9/10", "eight", "7 out of 10", "3", "8.5", "ten!"} {
		f.text(i+1, text)
	}
	r := f.e.State().Poll.Rating
	// votes: 10 9 8 7 3 9 10 -> sorted 3 7 8 9 9 10 10
	if r.Count != 7 || r.Median != 9 {
		t.Fatalf("count=%d median=%v, want 7 and 9", r.Count, r.Median)
	}
	if want := 56.0 / 7; r.Mean != want {
		t.Fatalf("mean=%v, want %v", r.Mean, want)
	}
	// promoters 9,9,10,10 = 4; detractors 3 = 1 -> (4-1)/7
	if want := 100 * 3.0 / 7; r.NPS != want {
		t.Fatalf("nps=%v, want %v", r.NPS, want)
	}
	if r.Histogram[9] != 2 || r.Histogram[2] != 1 || len(r.Histogram) != 10 {
		t.Fatalf("histogram=%v", r.Histogram)
	}
	f.do("close", f.e.ClosePoll)
	if p := f.e.State().Poll; p.State != show.PollDecided {
		t.Fatalf("rating poll state=%s, want decided", p.State)
	}
	if s := f.e.State(); !s.AtEnd || s.Next == nil || !s.Next.End || s.Ended {
		t.Fatalf("atEnd=%v next=%+v ended=%v, want the end not yet shown", s.AtEnd, s.Next, s.Ended)
	}
	f.do("next", f.e.Next) // shows the end screen
	if s := f.e.State(); !s.Ended || s.Scene != "rating" {
		t.Fatalf("after next at the end: ended=%v scene=%s, want the end screen over rating", s.Ended, s.Scene)
	}
	if err := f.e.Next(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("next on the end screen: %v, want conflict", err)
	}
}

func TestTextsOutsidePoll(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.text(1, "2")
	if got := f.lastResult(); got.Result != show.ResultNoPoll || got.Reason == "" {
		t.Fatalf("result=%q reason=%q, want no-poll with a reason", got.Result, got.Reason)
	}
	f.text(1, "STOP")
	if got := f.lastResult(); got.Result != show.ResultCommand {
		t.Fatalf("STOP result=%q, want command", got.Result)
	}
	if got := f.lastResult(); got.Sender != "+1 ••• ••• 0001" {
		t.Fatalf("sender=%q, want masked", got.Sender)
	}
	f.text(2, "\xff\xfe bad utf8 \x00")
	in, _ := f.e.Inbox(context.Background(), 1)
	if in[0].Text != "\xff\xfe bad utf8 \x00" {
		t.Fatalf("text=%q, want the raw bytes", in[0].Text)
	}
}

func TestDuplicateIsNoOp(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.toFork()
	f.do("open", f.e.OpenPoll)
	m := vote.Message{Source: "modem", ProviderID: "pdu-1", Sender: "+15035550001", Text: "1", ReceivedAt: f.clock.Now()}
	for i := 0; i < 3; i++ {
		if err := f.e.Ingest(context.Background(), []vote.Message{m, m}); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.counts()[1]; got != 1 {
		t.Fatalf("count=%d after 6 deliveries of one text, want 1", got)
	}
	in, _ := f.e.Inbox(context.Background(), 10)
	if len(in) != 1 {
		t.Fatalf("inbox has %d texts, want 1", len(in))
	}
}

func TestNavigation(t *testing.T) {
	f := newFixture(t, defaultOpts())
	if err := f.e.Prev(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("prev on the first slide: %v, want conflict", err)
	}
	if err := f.e.Goto(context.Background(), "nowhere"); show.ErrorCode(err) != show.ENOTFOUND {
		t.Fatalf("goto nowhere: %v, want not found", err)
	}
	f.do("next", f.e.Next)
	f.do("next", f.e.Next)
	if s := f.e.State(); s.Scene != "crisis" || s.Slide != 0 || len(s.Path) != 2 {
		t.Fatalf("at %s/%d path %d, want crisis/0 with 2 steps", s.Scene, s.Slide, len(s.Path))
	}
	f.do("prev", f.e.Prev)
	if s := f.e.State(); s.Scene != "intro" || s.Slide != 1 || len(s.Path) != 1 {
		t.Fatalf("after prev at %s/%d path %d, want intro/1 with 1 step", s.Scene, s.Slide, len(s.Path))
	}
	f.do("next", f.e.Next)
	f.do("next", f.e.Next)
	if err := f.e.ClosePoll(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("close at an unopened fork: %v, want conflict", err)
	}
	f.do("open", f.e.OpenPoll)
	f.text(1, "1")
	f.do("override", func(ctx context.Context) error { return f.e.Pick(ctx, 1, "test") })
	f.do("next", f.e.Next)
	f.do("prev", f.e.Prev) // back into the fork: its poll comes back decided
	s := f.e.State()
	if s.Scene != "crisis" || s.Poll == nil || s.Poll.Winner != 1 || s.Poll.Choices[0].Count != 1 {
		t.Fatalf("back at the fork: %s poll %+v", s.Scene, s.Poll)
	}
	if s.Path[len(s.Path)-1].Choice != 0 {
		t.Fatalf("path step keeps choice %d after going back", s.Path[len(s.Path)-1].Choice)
	}
	f.do("next", f.e.Next)
	if s := f.e.State(); s.Scene != "security" {
		t.Fatalf("scene=%s, want security", s.Scene)
	}
	f.do("blank", func(ctx context.Context) error { return f.e.SetBlank(ctx, true) })
	if !f.e.State().Blank {
		t.Fatal("blank not set")
	}
}

func TestAutoOpen(t *testing.T) {
	o := defaultOpts()
	o.Open = story.OpenOnArrive
	f := newFixture(t, o)
	f.do("next", f.e.Next)
	f.do("next", f.e.Next)
	if p := f.e.State().Poll; p.State != show.PollReady {
		t.Fatalf("on the fork's first slide poll=%s, want ready", p.State)
	}
	f.do("next", f.e.Next)
	if p := f.e.State().Poll; p.State != show.PollOpen || p.ID == 0 {
		t.Fatalf("on the poll slide poll=%s id=%d, want open", p.State, p.ID)
	}
	if err := f.e.OpenPoll(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("open twice: %v, want conflict", err)
	}
}

func TestOpenPollErrors(t *testing.T) {
	f := newFixture(t, defaultOpts())
	if err := f.e.OpenPoll(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("open with no fork: %v, want conflict", err)
	}
	if err := f.e.ClosePoll(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("close with no poll: %v, want conflict", err)
	}
	if err := f.e.Pick(context.Background(), 1, "x"); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("pick with no fork: %v, want conflict", err)
	}
}
