//go:build !unix

package testkit

import "time"

// cpuKnown says whether processCPU reads the process's CPU time: not here,
// so Bounded limits wall time instead.
const cpuKnown = false

func processCPU() time.Duration { return 0 }
