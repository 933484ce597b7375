package testkit_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// fatalTB records a Fatalf and ends the goroutine, as testing does.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// fails runs fn with a fatalTB in its own goroutine and returns the message
// it failed with ("" when it did not).
func fails(t *testing.T, fn func(tb testing.TB)) string {
	tb := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() { defer close(done); fn(tb) }()
	<-done
	return tb.msg
}

func TestEventually(t *testing.T) {
	n := 0
	msg := fails(t, func(tb testing.TB) {
		testkit.Eventually(tb, time.Second, "three tries", func() error {
			if n++; n < 3 {
				return fmt.Errorf("try %d", n)
			}
			return nil
		})
	})
	if msg != "" || n != 3 {
		t.Errorf("Eventually failed with %q after %d tries, want success at the third", msg, n)
	}
	start := time.Now()
	msg = fails(t, func(tb testing.TB) {
		testkit.Eventually(tb, 50*time.Millisecond, "the inbox to fill", func() error { return errors.New("inbox holds 2 texts, want 5") })
	})
	if !strings.Contains(msg, "waiting for the inbox to fill") || !strings.Contains(msg, "last seen: inbox holds 2 texts, want 5") {
		t.Errorf("timeout message %q, want what was awaited and what was seen last", msg)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("gave up after %v, before the 50 ms deadline", d)
	}
	msg = fails(t, func(tb testing.TB) { testkit.WaitFor(tb, 20*time.Millisecond, "never", func() bool { return false }) })
	if !strings.Contains(msg, "waiting for never") {
		t.Errorf("WaitFor timeout message %q", msg)
	}
}

func TestReceive(t *testing.T) {
	ch := make(chan int, 1)
	ch <- 7
	if got := testkit.Receive(t, ch, time.Second, "a value"); got != 7 {
		t.Errorf("Receive = %d, want 7", got)
	}
	closed := make(chan struct{})
	close(closed)
	testkit.Receive(t, closed, time.Second, "a closed signal")
	msg := fails(t, func(tb testing.TB) { testkit.Receive(tb, make(chan int), 20*time.Millisecond, "nothing") })
	if !strings.Contains(msg, "waiting for nothing") {
		t.Errorf("Receive timeout message %q", msg)
	}
}

func TestSyncBuffer(t *testing.T) {
	var b testkit.SyncBuffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				b.Write([]byte("x"))
				_ = b.String()
			}
		}()
	}
	wg.Wait()
	if got := len(b.String()); got != 800 {
		t.Errorf("%d bytes written, want 800", got)
	}
	b.Reset()
	if b.String() != "" {
		t.Errorf("Reset left %q", b.String())
	}
}

func TestSQLiteSink(t *testing.T) {
	s := testkit.NewSQLiteSink(t)
	s.FailEvery = 3
	ctx := context.Background()
	m := vote.Message{Source: "modem", ProviderID: "a", Sender: "+1", Text: "1", ReceivedAt: time.Now()}
	for i, want := range []bool{true, true, false} { // the third call fails before it stores
		if err := s.Ingest(ctx, []vote.Message{m, {Source: "modem", ProviderID: fmt.Sprint("b", i), Text: "2"}}); (err == nil) != want {
			t.Fatalf("Ingest #%d = %v, want success %v", i+1, err, want)
		}
	}
	if s.Count(t) != 3 || s.Dups() != 1 || s.Calls() != 3 || s.Offered() != 6 {
		t.Errorf("count %d dups %d calls %d offered %d, want 3 1 3 6", s.Count(t), s.Dups(), s.Calls(), s.Offered())
	}
	if got := strings.Join(s.IDs(t), ","); got != "a,b0,b1" {
		t.Errorf("ids %s, want a,b0,b1 in commit order", got)
	}
	if got := strings.Join(s.Texts(t), ","); got != "1,2,2" {
		t.Errorf("texts %s, want 1,2,2", got)
	}
	s.WaitCount(t, 3)
}

func TestClock(t *testing.T) {
	var zero testkit.Clock
	if !zero.Now().IsZero() {
		t.Errorf("zero Clock reads %v, want the zero time", zero.Now())
	}
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	c := testkit.NewClock(t0)
	c.Advance(90 * time.Second)
	if got, want := c.Now(), t0.Add(90*time.Second); !got.Equal(want) {
		t.Errorf("after Advance: %v, want %v", got, want)
	}
	c.Set(t0)
	if got := c.Now(); !got.Equal(t0) {
		t.Errorf("after Set: %v, want %v", got, t0)
	}
}

func TestWatchStalls(t *testing.T) {
	stop := testkit.WatchStalls()
	time.Sleep(20 * time.Millisecond) // simulates work while the probe runs
	if d := stop(); d < 0 || d > time.Minute {
		t.Errorf("worst stall %v, want a duration between 0 and a minute", d)
	}
}
