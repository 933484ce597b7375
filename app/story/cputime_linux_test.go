package story

import (
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// threadCPU returns the CPU time f spends on the calling goroutine's thread
// (locked to it), so that other processes on a busy machine and the
// collector's background work do not count.
func threadCPU(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var a, b unix.Rusage
	_ = unix.Getrusage(unix.RUSAGE_THREAD, &a)
	f()
	_ = unix.Getrusage(unix.RUSAGE_THREAD, &b)
	return time.Duration(b.Utime.Nano()+b.Stime.Nano()) - time.Duration(a.Utime.Nano()+a.Stime.Nano())
}
