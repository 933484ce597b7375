package testkit

import (
	"runtime"
	"testing"
	"time"
)

// Work is what one run of a function cost: the process's CPU time (user +
// system, every thread, so the garbage collector's share too), the heap
// objects it allocated and their bytes.
type Work struct {
	CPU    time.Duration
	Allocs uint64
	Bytes  uint64
}

// minMeasure is how much CPU time Measure spends at least before it trusts
// a per-run figure: the clock of a loaded machine is coarse and noisy.
const minMeasure = 150 * time.Millisecond

// Measure runs fn once, then again and again (doubling) until the runs
// together took minMeasure of CPU time, and returns the cost of one run.
// Nothing else should run in the test binary meanwhile (no t.Parallel):
// every thread's CPU time counts. Every run of fn must cost the same: set
// up once-only inputs before Measure, and let no run warm a cache the next
// one reads, or the figure depends on how many runs Measure kept (a cold
// first run is kept alone when it took minMeasure, and averaged away
// otherwise).
func Measure(fn func()) Work {
	var w Work
	for runs := 1; ; runs *= 2 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		cpu := processCPU()
		for range runs {
			fn()
		}
		w.CPU = processCPU() - cpu
		runtime.ReadMemStats(&after)
		w.Allocs, w.Bytes = after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc
		if w.CPU >= minMeasure || runs >= 1<<16 || !cpuKnown {
			w.CPU /= time.Duration(runs)
			w.Allocs /= uint64(runs)
			w.Bytes /= uint64(runs)
			return w
		}
	}
}

// AssertLinear measures work(n) and work(4n) (each through Measure) and
// fails t when either the CPU time or the bytes allocated grow by more than
// maxRatio: a linear cost grows about 4 times, a quadratic one 16 times.
// Pick maxRatio well above 4 (8 is a good default: CPU time on a shared
// machine wobbles, and a bigger heap costs the collector a little more) and
// n large enough that one run is not just fixed costs. It returns both
// measures for the caller's log or further bounds. Unlike a wall-clock
// limit it does not depend on the machine's speed or load.
func AssertLinear(t testing.TB, what string, n int, maxRatio float64, work func(n int)) (small, big Work) {
	t.Helper()
	small = Measure(func() { work(n) })
	big = Measure(func() { work(4 * n) })
	cpu := float64(big.CPU) / float64(max(small.CPU, time.Microsecond))
	mem := float64(big.Bytes) / float64(max(small.Bytes, 1))
	t.Logf("%s: n=%d %v CPU %d KB allocated; n=%d %v CPU %d KB allocated (×%.1f CPU, ×%.1f bytes)",
		what, n, small.CPU, small.Bytes>>10, 4*n, big.CPU, big.Bytes>>10, cpu, mem)
	if cpu > maxRatio || mem > maxRatio {
		t.Errorf("%s is not linear: from n=%d to n=%d its CPU time grew ×%.1f and its allocations ×%.1f; want at most ×%.1f each",
			what, n, 4*n, cpu, mem, maxRatio)
	}
	return small, big
}
