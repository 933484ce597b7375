package modem

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

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

// waitFor waits until n distinct messages arrived, failing t after timeout.
func (r *recorder) waitFor(t *testing.T, n int, timeout time.Duration) []vote.Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := r.unique()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("got %d distinct texts after %v, want %d: %+v", len(got), timeout, n, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
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
func fastConfig(t *testing.T, device string) Config {
	return Config{Device: device, Logger: testLogger(t), PollInterval: 300 * time.Millisecond,
		HealthInterval: time.Second, CommandTimeout: 2 * time.Second, PartsTimeout: 2 * time.Second,
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

// stop cancels Run and checks it returns context.Canceled within a second.
func (r *running) stop(t *testing.T) time.Duration {
	t.Helper()
	start := time.Now()
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
		r.done <- err // let a second stop see it
	case <-time.After(time.Second):
		t.Fatalf("Run still running 1s after cancel")
	}
	return time.Since(start)
}

// waitHealth waits until the bridge reports state, failing t after timeout.
func waitHealth(t *testing.T, b *Bridge, state string, timeout time.Duration) vote.Health {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		h := b.Health()
		if h.State == state {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("health %s (%s), want %s", h.State, h.Detail, state)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitEmpty waits until the emulated SIM holds no texts.
func waitEmpty(t *testing.T, e *modemtest.Emulator, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for len(e.Stored()) > 0 || e.Held() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("SIM still holds %d texts (%d held by the network)", len(e.Stored()), e.Held())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
