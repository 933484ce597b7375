package modem

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// recorder is a vote.Sink that keeps what it is given. fail, when set, is
// asked before each batch and its error refuses the batch.
type recorder struct {
	mu    sync.Mutex
	msgs  []vote.Message
	times []time.Time
	calls int
	fail  func(msgs []vote.Message) error
}

func (r *recorder) Ingest(_ context.Context, msgs []vote.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.fail != nil {
		if err := r.fail(msgs); err != nil {
			return err
		}
	}
	now := time.Now()
	for _, m := range msgs {
		r.msgs = append(r.msgs, m)
		r.times = append(r.times, now)
	}
	return nil
}

// unique returns the messages with distinct ProviderIDs, in arrival order.
func (r *recorder) unique() []vote.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	seen := map[string]bool{}
	var out []vote.Message
	for _, m := range r.msgs {
		if !seen[m.ProviderID] {
			seen[m.ProviderID] = true
			out = append(out, m)
		}
	}
	return out
}

// waitFor waits until n distinct messages arrived and returns them.
func (r *recorder) waitFor(t *testing.T, n int) []vote.Message {
	t.Helper()
	var got []vote.Message
	testkit.Eventually(t, testkit.Patience, fmt.Sprintf("%d distinct texts", n), func() error {
		if got = r.unique(); len(got) < n {
			return fmt.Errorf("%d texts: %+v", len(got), got)
		}
		return nil
	})
	return got
}

// testLogger logs to the test when FORKCAST_TEST_LOG is set.
func testLogger(t *testing.T) *slog.Logger {
	if os.Getenv("FORKCAST_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

// emuOpts logs the emulator's commands when FORKCAST_TEST_LOG is set.
func emuOpts(t *testing.T, opts ...modemtest.Option) []modemtest.Option {
	if os.Getenv("FORKCAST_TEST_LOG") != "" {
		opts = append(opts, modemtest.WithLogf(t.Logf))
	}
	return opts
}

// fastConfig returns a Config with short intervals for tests.
//
// Its parts timeout is far beyond any test: on the real clock a short one
// expired between two parts of a text on a loaded machine (a restart between
// them took over 2 s) and delivered the first part alone. A test whose
// subject is the timeout sets its own: on a fake clock (Config.Now), or
// waiting for the partial text it expects.
func fastConfig(t *testing.T, device string) Config {
	return Config{Device: device, Logger: testLogger(t), PollInterval: 300 * time.Millisecond,
		HealthInterval: time.Second, CommandTimeout: 2 * time.Second, PartsTimeout: time.Hour,
		ReplyInterval: 100 * time.Millisecond, ByIDDir: t.TempDir()}
}

// running is a Bridge running in the background.
type running struct {
	b      *Bridge
	cancel context.CancelFunc
	done   chan error
}

// runBridge starts Run and stops it when the test ends.
func runBridge(t *testing.T, cfg Config, sink vote.Sink) *running {
	t.Helper()
	b, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{b: b, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- b.Run(ctx, sink) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels Run and waits for it to return context.Canceled; it fails t
// when Run is still running testkit.Patience later. How fast it returns is
// TestStopUnderASecond's subject (through testkit.Promptly), not every
// test's: a busy machine slows it down.
func (r *running) stop(t *testing.T) {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
		r.done <- err // let a second stop see it
	case <-time.After(testkit.Patience):
		h := r.b.Health()
		t.Fatalf("Run still running %v after cancel (health: %s, %s)", testkit.Patience, h.State, h.Detail)
	}
}

// waitHealth waits until the bridge reports state and returns its health.
func waitHealth(t *testing.T, b *Bridge, state string) vote.Health {
	t.Helper()
	var h vote.Health
	testkit.Eventually(t, testkit.Patience, "health "+state, func() error {
		if h = b.Health(); h.State != state {
			return fmt.Errorf("health %s (%s)", h.State, h.Detail)
		}
		return nil
	})
	return h
}

// waitEmpty waits until the emulated SIM holds no texts and the network
// holds none for it. The bridge deletes a text only after the sink took it,
// so an empty SIM is proof that every text on it went through the sink.
func waitEmpty(t *testing.T, e *modemtest.Emulator) {
	t.Helper()
	testkit.Eventually(t, testkit.Patience, "the SIM emptied", func() error {
		if n, held := len(e.Stored()), e.Held(); n > 0 || held > 0 {
			return fmt.Errorf("SIM holds %d texts (%d held by the network)", n, held)
		}
		return nil
	})
}

// waitCommands waits until the emulator has received at least n commands
// starting with prefix.
func waitCommands(t *testing.T, e *modemtest.Emulator, prefix string, n int) {
	t.Helper()
	testkit.Eventually(t, testkit.Patience, fmt.Sprintf("%d commands %s", n, prefix), func() error {
		if got := countCommands(e, prefix); got < n {
			return fmt.Errorf("%d so far", got)
		}
		return nil
	})
}

// countCommands counts the commands the emulator received starting with prefix.
func countCommands(e *modemtest.Emulator, prefix string) int {
	n := 0
	for _, c := range e.Commands() {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

// waitReads waits until two more reads of the SIM (AT+CMGL) have begun since
// the call: the bridge reads one at a time, so the first of them ran to its
// end, with all it decided to deliver, keep or delete. It is the proof that
// the bridge looked at the SIM after the caller's change.
func waitReads(t *testing.T, e *modemtest.Emulator) {
	t.Helper()
	waitCommands(t, e, "AT+CMGL", countCommands(e, "AT+CMGL")+2)
}

// waitMetric waits until the bridge's health shows metric name = want.
func waitMetric(t *testing.T, b *Bridge, name, want string) {
	t.Helper()
	testkit.Eventually(t, testkit.Patience, fmt.Sprintf("metric %s=%s", name, want), func() error {
		if got := b.Health().Metrics[name]; got != want {
			return fmt.Errorf("%s=%q", name, got)
		}
		return nil
	})
}
