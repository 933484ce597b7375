package testkit

import (
	"sync/atomic"
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
