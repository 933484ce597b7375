// Package testkit holds the helpers that the tests of several packages share:
// waiting on a condition with a deadline, a log buffer safe for concurrent
// writers, a vote.Sink backed by a real SQLite file.
//
// Only tests import it (_test.go files, and test-support packages such as
// bridge/modem/modemtest); the architecture test in app/cli checks that no
// program does. It imports nothing of Forkcast but the leaves app/vote and
// app/sqlite/dbfile, so any package's tests may use it.
package testkit

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"
)

// Tick is how often Eventually and WaitFor look again.
const Tick = 10 * time.Millisecond

// Patience is the deadline for a wait that has no reason to be shorter: far
// above what any condition needs on an idle machine, so that a machine busy
// with other work (two cores shared by a fuzzer and other suites) delays a
// correct test without failing it. A deadline is not an expected duration.
const Patience = 15 * time.Second

// Eventually calls check until it returns nil and fails t when timeout
// passes first. check says what it saw in its error ("inbox holds 3 texts,
// want 5"); the failure names what was awaited and the last thing seen, so a
// timeout reads as a diagnosis, not as a bare "timed out".
func Eventually(t testing.TB, timeout time.Duration, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s; last seen: %v", timeout, what, err)
		}
		time.Sleep(Tick)
	}
}

// WaitFor is Eventually for a condition that has nothing to say: it fails t
// when cond is still false after timeout.
func WaitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	Eventually(t, timeout, what, func() error {
		if cond() {
			return nil
		}
		return fmt.Errorf("the condition was still false")
	})
}

// Receive waits up to timeout for a value on ch, or for ch to be closed (a
// signal: the zero value is returned), and fails t naming what was awaited
// when neither comes in time.
func Receive[T any](t testing.TB, ch <-chan T, timeout time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		t.Fatalf("timed out after %v waiting for %s", timeout, what)
	}
	var zero T
	return zero
}

// SyncBuffer is a bytes.Buffer safe for concurrent writers: a log handler's
// output captured while goroutines write to it.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p; it never fails.
func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Reset discards everything written so far.
func (s *SyncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}
