//go:build !unix

package testkit

import "time"

// cpuKnown says whether processCPU reads the process's CPU time: not here,
// so AssertLinear compares allocations alone (CPU time reads 0).
const cpuKnown = false

func processCPU() time.Duration { return 0 }
