//go:build unix

package testkit

import (
	"syscall"
	"time"
)

// cpuKnown says whether processCPU reads the process's CPU time.
const cpuKnown = true

// processCPU is the CPU time the process has used so far (user + system).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
