//go:build !linux

package story

import "time"

// threadCPU returns the wall time f takes (thread CPU time is measured on
// Linux only).
func threadCPU(f func()) time.Duration {
	t := time.Now()
	f()
	return time.Since(t)
}
