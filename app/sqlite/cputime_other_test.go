//go:build !unix

package sqlite_test

import "time"

// cpuTime is unknown off Unix (no getrusage): the benchmark's cpu-ratio-%
// figure is measured on Linux, where docs/benchmarks.md quotes it.
func cpuTime() time.Duration { return 0 }
