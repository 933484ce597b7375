package show_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"forkcast/app/show"
	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// fakeSource is a vote.Source and vote.PollWatcher made of function fields.
type fakeSource struct {
	name    string
	run     func(ctx context.Context, sink vote.Sink) error
	health  func() vote.Health
	changed func(p vote.PollInfo)
}

func (s *fakeSource) Name() string { return s.name }
func (s *fakeSource) Run(ctx context.Context, sink vote.Sink) error {
	if s.run == nil {
		<-ctx.Done()
		return ctx.Err()
	}
	return s.run(ctx, sink)
}
func (s *fakeSource) Health() vote.Health {
	if s.health == nil {
		return vote.Health{Source: s.name, State: vote.HealthOK}
	}
	return s.health()
}
func (s *fakeSource) PollChanged(p vote.PollInfo) {
	if s.changed != nil {
		s.changed(p)
	}
}

// replySource is a fakeSource that can text voters back.
type replySource struct {
	fakeSource
	reply func(ctx context.Context, to, text string) error
}

func (s *replySource) Reply(ctx context.Context, to, text string) error {
	return s.reply(ctx, to, text)
}

// runEngine runs f.e with sources until the test ends.
func runEngine(t *testing.T, f *fixture, sources ...vote.Source) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.e.Run(ctx, sources...) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(testkit.Patience):
			t.Errorf("run did not return after its context ended")
		}
	})
}

// waitFor waits for cond, failing t after testkit.Patience.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testkit.WaitFor(t, testkit.Patience, what, cond)
}

// TestRunRestartsSourceAndReportsHealth runs in a synctest bubble: the
// restart backoff passes on the bubble's fake clock, in no wall time.
func TestRunRestartsSourceAndReportsHealth(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, defaultOpts())
		var runs atomic.Int32
		var panicked, restarted time.Time
		src := &fakeSource{name: "flaky", run: func(ctx context.Context, sink vote.Sink) error {
			if runs.Add(1) == 1 {
				panicked = time.Now()
				panic("first run blows up")
			}
			restarted = time.Now()
			err := sink.Ingest(ctx, []vote.Message{{Source: "flaky", ProviderID: "x", Sender: "+15035550001", Text: "hi"}})
			if err != nil {
				return err
			}
			<-ctx.Done()
			return ctx.Err()
		}, health: func() vote.Health {
			return vote.Health{Source: "flaky", Kind: "sim", State: vote.HealthOK, Received: int64(runs.Load())}
		}}
		runEngine(t, f, src)
		waitFor(t, "a restart after the panic", func() bool { return runs.Load() >= 2 })
		if d := restarted.Sub(panicked); d < time.Second {
			t.Errorf("restarted %v after the panic, want the backoff of at least 1s", d)
		}
		waitFor(t, "the text from the second run", func() bool {
			in, _ := f.e.Inbox(context.Background(), 1)
			return len(in) == 1
		})
		waitFor(t, "health in the state", func() bool {
			s := f.e.State().Sources
			return len(s) == 1 && s[0].Source == "flaky"
		})
		if f.rec.count(show.EventHealth) == 0 {
			t.Fatal("no health event")
		}
	})
}

func TestPollWatcher(t *testing.T) {
	f := newFixture(t, defaultOpts())
	var mu sync.Mutex
	var infos []vote.PollInfo
	src := &fakeSource{name: "sim", changed: func(p vote.PollInfo) {
		mu.Lock()
		infos = append(infos, p)
		mu.Unlock()
	}}
	seen := func(ok func(vote.PollInfo) bool) func() bool {
		return func() bool {
			mu.Lock()
			defer mu.Unlock()
			return slices.ContainsFunc(infos, ok)
		}
	}
	runEngine(t, f, src)
	// Run tells a watcher the current poll when it starts: act only once it
	// listens (an open and close before that are told as the closed poll alone).
	waitFor(t, "the watcher told at start", func() bool { mu.Lock(); defer mu.Unlock(); return len(infos) > 0 })
	f.toFork()
	f.do("open", f.e.OpenPoll)
	waitFor(t, "the open poll", seen(func(p vote.PollInfo) bool { return p.Open }))
	f.do("close", f.e.ClosePoll)
	waitFor(t, "open and close", func() bool {
		mu.Lock()
		defer mu.Unlock()
		var open, closed bool
		for _, p := range infos {
			open = open || (p.Open && p.Kind == vote.PollFork && len(p.Choices) == 2)
			closed = closed || (!p.Open && p.ID != 0)
		}
		return open && closed
	})
}

// TestReplies runs in a synctest bubble: synctest.Wait returns once the
// reply loop has sent what was queued and waits for more, so a reply that
// was not sent never will be.
func TestReplies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, defaultOpts())
		f.st.Replies.Accepted = "Thanks! You voted {choice} ({label})."
		f.st.Replies.Help = "Text a number."
		f.st.Replies.Closed = "No poll is open."
		f.st.Hash = "with replies"
		f.start(true)
		var mu sync.Mutex
		sent := map[string][]string{}
		src := &replySource{fakeSource: fakeSource{name: "modem"}, reply: func(_ context.Context, to, text string) error {
			mu.Lock()
			sent[to] = append(sent[to], text)
			mu.Unlock()
			return nil
		}}
		runEngine(t, f, src)
		f.toFork()
		f.do("open", f.e.OpenPoll)
		send := func(from, text string) {
			f.seq++
			m := vote.Message{Source: "modem", ProviderID: "r" + string(rune('A'+f.seq)), Sender: from, Text: text, ReceivedAt: f.clock.Now()}
			if err := f.e.Ingest(context.Background(), []vote.Message{m}); err != nil {
				t.Fatal(err)
			}
		}
		check := func(who string, want ...string) {
			t.Helper()
			mu.Lock()
			defer mu.Unlock()
			if got := sent[who]; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("replies to %s: %q, want %q", who, got, want)
			}
		}
		send("+15035550001", "2")
		send("+15035550001", "1") // within ReplyGap: no second reply
		send("+15035550002", "STOP")
		send("+15035550002", "2") // opted out: never answered
		send("+15035550003", "help")
		synctest.Wait()
		check("+15035550001", "Thanks! You voted 2 (Traffic surge).")
		check("+15035550002")
		check("+15035550003", "Text a number.")

		f.clock.Advance(show.ReplyGap) // on the engine's clock
		send("+15035550001", "2")      // a change back: counted, answered
		send("+15035550002", "1")
		synctest.Wait()
		check("+15035550001", "Thanks! You voted 2 (Traffic surge).", "Thanks! You voted 2 (Traffic surge).")
		check("+15035550002")
	})
}

func TestNoRepliesByDefault(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t, defaultOpts())
		var n atomic.Int32
		src := &replySource{fakeSource: fakeSource{name: "sim"}, reply: func(context.Context, string, string) error {
			n.Add(1)
			return nil
		}}
		runEngine(t, f, src)
		f.text(1, "help")
		f.toFork()
		f.do("open", f.e.OpenPoll)
		f.text(2, "1")
		synctest.Wait() // the reply loop is idle: anything queued has been sent
		if got := n.Load(); got != 0 {
			t.Fatalf("%d replies sent with replies off", got)
		}
	})
}

func TestTallyEventsCoalesced(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.toFork()
	f.do("open", f.e.OpenPoll)
	start := time.Now()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				m := vote.Message{Source: "sim", ProviderID: string(rune('a'+g)) + string(rune(1000+i)),
					Sender: "+1503555" + string(rune('1'+g)) + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "0", Text: "1"}
				if err := f.e.Ingest(context.Background(), []vote.Message{m}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	waitFor(t, "the final tally", func() bool {
		f.rec.mu.Lock()
		defer f.rec.mu.Unlock()
		for i := len(f.rec.events) - 1; i >= 0; i-- {
			if ev := f.rec.events[i]; ev.Name == show.EventTally {
				return ev.Payload.(show.Tally).Total == 400
			}
		}
		return false
	})
	n := f.rec.count(show.EventTally)
	if max := int(elapsed/show.DefaultTallyInterval) + 2; n > max {
		t.Fatalf("%d tally events in %v, want at most %d", n, elapsed, max)
	}
}
