package testkit

import (
	"sync/atomic"
	"testing"
	"time"
)

// WatchStalls measures the machine rather than the code under test: a
// goroutine naps 1 ms in a loop and keeps its worst oversleep, the longest a
// ready goroutine waited for a core. stop ends the probe and returns that
// worst stall. A benchmark reports it beside its figures; a test that bounds
// a duration from above adds it, so a machine busy with other work does not
// pass for slow code.
func WatchStalls() (stop func() time.Duration) {
	var worst atomic.Int64
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-quit:
				return
			default:
			}
			t := time.Now()
			time.Sleep(time.Millisecond) // the probe itself: how late does a 1 ms nap end?
			if d := int64(time.Since(t) - time.Millisecond); d > worst.Load() {
				worst.Store(d)
			}
		}
	}()
	return func() time.Duration {
		close(quit)
		<-done
		return time.Duration(worst.Load())
	}
}

// StallHops is how many times Promptly lets the measured work wait for a core
// on its way (a timer firing, a goroutine waking to a channel, the test
// waking to the result): each can be late by the machine's worst stall.
const StallHops = 4

// Promptly runs fn and fails t when it took longer than limit plus StallHops
// times the machine's worst stall meanwhile (WatchStalls). It is for a test
// whose subject is promptness (a stop that must end within a second): code
// that is slow still fails, a machine that is busy with other work does not
// pass for slow code. fn must itself wait on what it measures with a
// generous deadline (Patience) and fail t when that passes, so work that
// never ends fails too, with a message saying what it awaited. It returns
// how long fn took.
func Promptly(t testing.TB, what string, limit time.Duration, fn func()) time.Duration {
	t.Helper()
	return promptly(t, what, limit, fn, WatchStalls)
}

// promptly is Promptly with the stall probe given (a test of Promptly
// itself fixes the stall, so its verdict does not depend on the machine).
func promptly(t testing.TB, what string, limit time.Duration, fn func(), watch func() (stop func() time.Duration)) time.Duration {
	t.Helper()
	stalls := watch()
	start := time.Now()
	fn()
	took := time.Since(start)
	stall := stalls()
	allowed := limit + StallHops*stall
	t.Logf("%s took %v (allowed %v: %v + %d × worst stall %v)", what, took, allowed, limit, StallHops, stall)
	if took > allowed {
		t.Errorf("%s took %v, want at most %v (%v + %d × the machine's worst stall meanwhile, %v)",
			what, took, allowed, limit, StallHops, stall)
	}
	return took
}
