package sim

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
)

func newInstant(t *testing.T, spec string, clock *testkit.Clock) *Audience {
	t.Helper()
	cfg, err := ParseSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Instant, cfg.Now = true, clock.Now
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// polls is a talk's poll sequence: two forks, then a rating closed by key.
func polls() []vote.PollInfo {
	rating := vote.PollInfo{ID: 9, Kind: vote.PollRating, Open: true, OpenedAt: t0.Add(10 * time.Minute), Rehearsal: true}
	return []vote.PollInfo{fork(3, 2, t0, time.Minute), fork(5, 3, t0.Add(5*time.Minute), 45*time.Second), rating}
}

func TestSameSeedSameMessages(t *testing.T) {
	run := func(spec string) []vote.Message {
		clock := &testkit.Clock{}
		return drive(t, newInstant(t, spec, clock), clock, polls()...)
	}
	a, b := run("seed=7,audience=200"), run("seed=7,audience=200")
	if len(a) == 0 {
		t.Fatal("no messages")
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("seed 7 twice: %d and %d messages that differ", len(a), len(b))
	}
	c := run("seed=8,audience=200")
	if reflect.DeepEqual(a, c) {
		t.Fatal("seeds 7 and 8 gave the same messages")
	}
	for _, m := range a {
		if m.Source != "sim" || !strings.HasPrefix(m.ProviderID, "sim-7-") || m.Sender == "" {
			t.Fatalf("message %+v: want source sim, id sim-7-..., a sender", m)
		}
	}
}

func TestMessagesStayInTheirWindow(t *testing.T) {
	clock := &testkit.Clock{}
	ps := polls()
	msgs := drive(t, newInstant(t, "seed=3,late=0.1", clock), clock, ps...)
	perPoll := map[string]int{}
	for _, m := range msgs {
		id := strings.Split(m.ProviderID, "-")[2]
		perPoll[id]++
		var p vote.PollInfo
		for _, q := range ps {
			if q.ID == atoi(id) {
				p = q
			}
		}
		end := p.ClosesAt
		if end.IsZero() {
			end = p.OpenedAt.Add(30 * time.Second)
		}
		if m.ReceivedAt.Before(p.OpenedAt) || m.ReceivedAt.After(end.Add(lateSpread+3*time.Second)) {
			t.Errorf("poll %s text at %v, want between open %v and close+late %v", id, m.ReceivedAt, p.OpenedAt, end)
		}
	}
	for _, id := range []string{"3", "5", "9"} {
		if perPoll[id] < 150 {
			t.Errorf("poll %s got %d texts, want ≥ 150 of 300 phones at 80%% turnout", id, perPoll[id])
		}
	}
}

func atoi(s string) int64 {
	var n int64
	for _, r := range s {
		n = n*10 + int64(r-'0')
	}
	return n
}

// TestArrivalCurve checks the curve's shape on one big poll: the burst share
// within the first seconds, the late share, and a thin end of the window.
func TestArrivalCurve(t *testing.T) {
	cfg := Config{Audience: 10000, Turnout: 1, Seed: 11}
	cfg.Zero("invalid", "change", "dup", "stop")
	c := cfg.withDefaults()
	p := fork(1, 2, t0, 60*time.Second)
	texts := c.plan(p, 1, Bias{})
	var burst, late, lastTen, total int
	for _, x := range texts {
		total++
		switch {
		case x.late:
			late++
		case x.at < c.Burst:
			burst++
		case x.at >= 50*time.Second:
			lastTen++
		}
	}
	if total != 10000 {
		t.Fatalf("%d texts, want 10000 (one per phone)", total)
	}
	check := func(name string, n int, lo, hi float64) {
		if got := float64(n) / float64(total); got < lo || got > hi {
			t.Errorf("%s share = %.3f, want %.2f..%.2f", name, got, lo, hi)
		}
	}
	// 60% burst + the tail's part in the first 5 s, of the 95% not late.
	check("burst (first 5 s)", burst, 0.55, 0.62)
	check("late", late, 0.04, 0.06)
	check("last 10 s", lastTen, 0.005, 0.04)
}

func TestPlanMix(t *testing.T) {
	c := Config{Audience: 5000, Turnout: 1, Seed: 5, Bias: mustBias(t, "60/40"), Invalid: 0.1, Change: 0.2, Stop: 0.05, Dup: 0.05, Late: 0.05}.withDefaults()
	texts := c.plan(fork(1, 2, t0, 2*time.Minute), 1, c.Bias)
	count := map[kind]int{}
	final := map[int]int{}
	first := map[int]int{}
	for _, x := range texts {
		count[x.kind]++
		if x.kind == kindVote {
			first[x.choice]++
		}
		if x.kind == kindVote || x.kind == kindChange {
			final[x.phone] = x.choice
		}
	}
	between := func(name string, n int, lo, hi int) {
		if n < lo || n > hi {
			t.Errorf("%s = %d, want %d..%d", name, n, lo, hi)
		}
	}
	between("invalid", count[kindInvalid], 400, 600)
	between("stop", count[kindStop], 150, 350)
	between("dup", count[kindDup], 150, 400)
	between("change", count[kindChange], 700, 1000) // 20% of ~4750, minus changes after the close
	between("first votes for 1", first[1]*1000/(first[1]+first[2]), 570, 630)
	if len(final) < 4500 {
		t.Errorf("%d phones voted, want ≥ 4500", len(final))
	}
}

func mustBias(t *testing.T, s string) Bias {
	b, err := ParseBias(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRatingTexts(t *testing.T) {
	c := Config{Audience: 3000, Turnout: 1, Seed: 2, Mean: 8, SD: 1}
	c.Zero("invalid", "change", "dup", "stop", "scripts", "late")
	c = c.withDefaults()
	texts := c.plan(vote.PollInfo{ID: 1, Kind: vote.PollRating, Open: true, OpenedAt: t0}, 1, Bias{})
	sum := 0
	for _, x := range texts {
		if x.choice < 1 || x.choice > 10 {
			t.Fatalf("rating %d out of 1..10", x.choice)
		}
		sum += x.choice
	}
	if mean := float64(sum) / float64(len(texts)); mean < 7.8 || mean > 8.2 {
		t.Errorf("mean rating %.2f, want 8 ± 0.2", mean)
	}
}

func TestSteer(t *testing.T) {
	clock := &testkit.Clock{}
	a := newInstant(t, "seed=4,bias=90/10,change=0,invalid=0,scripts=0,keywords=0,late=0", clock)
	a.Steer(2)
	msgs := drive(t, a, clock, fork(1, 2, t0, time.Minute))
	votes := map[string]int{}
	for _, m := range msgs {
		votes[strings.TrimSpace(strings.Trim(m.Text, "#!."))]++
	}
	if votes["2"] <= votes["1"]*2 {
		t.Errorf("steered to 2: votes %v, want 2 well ahead", votes)
	}
}

func TestLivePollsIgnored(t *testing.T) {
	clock := &testkit.Clock{}
	a := newInstant(t, "", clock)
	p := fork(1, 2, t0, time.Minute)
	p.Rehearsal = false
	ctx, cancel := context.WithCancel(context.Background())
	s := &sink{}
	done := make(chan error)
	go func() { done <- a.Run(ctx, s) }()
	a.PollChanged(p)
	// The detail is set under the lock that drops the poll: once it shows,
	// the poll was processed and no run of texts was planned for it.
	testkit.Eventually(t, testkit.Patience, "the health to say the live poll was ignored", func() error {
		if h := a.Health(); !strings.Contains(h.Detail, "live") {
			return fmt.Errorf("health detail %q", h.Detail)
		}
		return nil
	})
	cancel()
	<-done
	if n := len(s.messages()); n != 0 {
		t.Errorf("%d texts sent to a live poll, want 0", n)
	}
	if h := a.Health(); !strings.Contains(h.Detail, "live") {
		t.Errorf("health detail %q, want it to say the live poll was ignored", h.Detail)
	}
}

func TestRefusedBatchesAreRetried(t *testing.T) {
	clock := &testkit.Clock{}
	a := newInstant(t, "audience=50,batch=7", clock)
	fail := 3
	s := &sink{ingest: func(msgs []vote.Message) error {
		if fail > 0 {
			fail--
			return errors.New("disk full")
		}
		return nil
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- a.Run(runCtx, s) }()
	p := fork(1, 2, t0, time.Minute)
	clock.Set(t0)
	a.PollChanged(p)
	if err := a.WaitPoll(ctx, 1, true); err != nil {
		t.Fatal(err)
	}
	stop()
	<-done
	want := 0
	for _, x := range a.cfg.plan(p, 1, Bias{}) {
		if !x.late {
			want++
		}
	}
	got := s.messages()
	if len(got) != want {
		t.Errorf("delivered %d texts after 3 refusals, want all %d", len(got), want)
	}
	if h := a.Health(); h.Received != int64(want) || h.State != vote.HealthStopped {
		t.Errorf("health received %d state %s, want %d stopped", h.Received, h.State, want)
	}
}

func TestRunTwiceFails(t *testing.T) {
	a, _ := New(Config{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- a.Run(ctx, &sink{}) }()
	testkit.WaitFor(t, testkit.Patience, "the first Run to be running", func() bool { return a.Health().State == vote.HealthOK })
	if err := a.Run(ctx, &sink{}); err == nil || !strings.Contains(err.Error(), "already running") {
		t.Errorf("second Run: %v, want already running", err)
	}
	cancel()
	<-done
}

// TestRealTimePacing runs a short poll on the source's own timers, in a
// synctest bubble whose fake clock moves only when every goroutine waits:
// texts arrive at their planned time, none early, and the late ones after
// the close. The pacing is what is checked; the machine's speed is not (the
// benchmarks measure it).
func TestRealTimePacing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, err := New(Config{Audience: 40, Turnout: 1, Burst: 100 * time.Millisecond, Seed: 9, Late: 0.2})
		if err != nil {
			t.Fatal(err)
		}
		var lagMax time.Duration
		s := &sink{ingest: func(msgs []vote.Message) error {
			for _, m := range msgs {
				lagMax = max(lagMax, time.Since(m.ReceivedAt))
				if time.Until(m.ReceivedAt) > 0 {
					t.Errorf("text sent %v before its time", time.Until(m.ReceivedAt))
				}
			}
			return nil
		}}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go a.Run(ctx, s)
		open := time.Now()
		a.PollChanged(fork(1, 2, open, 400*time.Millisecond))
		time.Sleep(400 * time.Millisecond) // fake time: the poll stays open 400 ms
		a.PollChanged(closed(fork(1, 2, open, 400*time.Millisecond)))
		time.Sleep(200 * time.Millisecond) // fake time: the late texts trail the close
		if err := a.WaitPoll(ctx, 1, false); err != nil {
			t.Fatal(err)
		}
		if n := len(s.messages()); n < 25 {
			t.Errorf("%d texts in 0.6 s, want ≥ 25 of 40", n)
		}
		if lagMax > 2*time.Millisecond {
			t.Errorf("a text was sent %v after its time, want on time", lagMax)
		}
		h := a.Health()
		if h.Metrics["audience"] != "40" || h.Metrics["sent"] == "0" || h.State != vote.HealthOK {
			t.Errorf("health %+v: want audience 40, texts sent, state ok", h)
		}
	})
}

func TestLoadMode(t *testing.T) {
	clock := &testkit.Clock{}
	a := newInstant(t, "load=1,rate=3000,batch=500", clock)
	msgs := drive(t, a, clock, fork(1, 4, t0, 2*time.Second))
	if len(msgs) != 6000 {
		t.Fatalf("load mode sent %d texts in a 2 s window at 3000/s, want 6000", len(msgs))
	}
	phones := map[string]bool{}
	for _, m := range msgs {
		phones[m.Sender] = true
	}
	if len(phones) < 3000 {
		t.Errorf("%d distinct phones, want ≥ 3000 of 10000", len(phones))
	}
	if last := msgs[len(msgs)-1].ReceivedAt.Sub(t0); last < 1990*time.Millisecond || last >= 2*time.Second {
		t.Errorf("last text at +%v, want just under 2 s", last)
	}
}

// TestLoadModeKeepsPace runs load mode on its own timers, in a synctest
// bubble (fake time): 3,000 texts/s for one second, each batch handed over
// on time. How fast the machine makes them is BenchmarkLoadMode's subject.
func TestLoadModeKeepsPace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, err := New(Config{Load: true, Rate: 3000, Batch: 500})
		if err != nil {
			t.Fatal(err)
		}
		var maxLag time.Duration
		s := &sink{ingest: func(msgs []vote.Message) error {
			maxLag = max(maxLag, time.Since(msgs[0].ReceivedAt))
			return nil
		}}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go a.Run(ctx, s)
		open := time.Now()
		p := fork(1, 2, open, time.Second)
		a.PollChanged(p)
		time.Sleep(time.Second) // fake time: the poll stays open one second
		a.PollChanged(closed(p))
		if err := a.WaitPoll(ctx, 1, false); err != nil {
			t.Fatal(err)
		}
		if n := len(s.messages()); n < 2900 || n > 3100 {
			t.Errorf("%d texts in one second at 3000/s, want about 3000", n)
		}
		if maxLag > 25*time.Millisecond {
			t.Errorf("a batch left %v after its first text's time, want < 25 ms", maxLag)
		}
	})
}

// TestPollLeftWhileOpen: when the engine reports no poll (the speaker moved
// on), the open poll's remaining texts stop and its late texts follow.
func TestPollLeftWhileOpen(t *testing.T) {
	clock := testkit.NewClock(t0)
	a, err := New(Config{Audience: 50, Turnout: 1, Late: 0.5, Seed: 3, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go a.Run(ctx, s)
	a.PollChanged(fork(4, 2, t0, time.Minute))
	clock.Set(t0.Add(time.Minute))                // every in-window text is due...
	a.PollChanged(vote.PollInfo{Rehearsal: true}) // ...but the poll is gone first, or soon after
	if err := a.WaitPoll(ctx, 4, false); err != nil {
		t.Fatal(err)
	}
	clock.Set(t0.Add(2 * time.Minute))
	a.PollChanged(vote.PollInfo{Rehearsal: true})
	if err := a.WaitPoll(ctx, 4, false); err != nil {
		t.Fatal(err)
	}
	late := 0
	for _, m := range s.messages() {
		if m.ReceivedAt.After(t0.Add(time.Minute)) {
			late++
		}
	}
	if late < 10 {
		t.Errorf("%d late texts after the poll was left, want about 25", late)
	}
	if h := a.Health(); !strings.Contains(h.Detail, "waiting for a poll") {
		t.Errorf("health detail %q, want waiting for a poll", h.Detail)
	}
}
