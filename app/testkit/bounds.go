package testkit

import (
	"runtime/metrics"
	"testing"
	"time"
)

// heapMetric is the live heap's size: objects not yet freed, in bytes.
const heapMetric = "/memory/classes/heap/objects:bytes"

// Cost is what a run of Bounded cost.
type Cost struct {
	CPU  time.Duration // the process's CPU time (user + system, every thread) while fn ran
	Wall time.Duration // wall-clock time; on a loaded machine it is many times CPU
	Heap uint64        // the live heap's peak growth above where it started, in bytes
}

// Bounded runs fn and fails t when fn costs more than maxCPU of the
// process's CPU time or grows the live heap by more than maxHeap bytes
// (both sampled every 5 ms while it runs; the heap through runtime/metrics,
// which does not stop the world). It fails as soon as a limit is passed,
// naming what was running: fn goes on in the background until the test
// binary exits, so run such a test alone when it is known to fail. CPU time
// rather than wall time is the limit because a shared machine's load
// stretches wall time by any factor; where the process cannot read its CPU
// time (not Unix), wall time stands in. Nothing else should run in the test
// binary meanwhile (no t.Parallel), since every thread's CPU time counts.
func Bounded(t testing.TB, what string, maxCPU time.Duration, maxHeap uint64, fn func()) Cost {
	t.Helper()
	sample := []metrics.Sample{{Name: heapMetric}}
	heap := func() uint64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return sample[0].Value.Uint64()
	}
	baseHeap, baseCPU, start := heap(), processCPU(), time.Now()
	var c Cost
	measure := func() {
		if h := heap(); h > baseHeap && h-baseHeap > c.Heap {
			c.Heap = h - baseHeap
		}
		c.CPU, c.Wall = processCPU()-baseCPU, time.Since(start)
		if c.CPU == 0 && !cpuKnown {
			c.CPU = c.Wall
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for running := true; running; {
		select {
		case <-done:
			running = false
		case <-tick.C:
		}
		measure()
		if c.CPU > maxCPU || c.Heap > maxHeap {
			state := "still running"
			if !running {
				state = "finished"
			}
			t.Fatalf("%s: %s after %v of CPU time (%v wall) with the live heap up %d MB; want at most %v and %d MB",
				what, state, c.CPU.Round(time.Millisecond), c.Wall.Round(time.Millisecond), c.Heap>>20, maxCPU, maxHeap>>20)
		}
	}
	t.Logf("%s: %v CPU, %v wall, live heap up %d MB at most", what, c.CPU.Round(time.Millisecond), c.Wall.Round(time.Millisecond), c.Heap>>20)
	return c
}
