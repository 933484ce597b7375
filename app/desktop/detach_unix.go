//go:build unix

package desktop

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// IgnoreBrokenPipes makes a write to a broken pipe fail instead of ending the
// process: the stage window's output is a pipe to the app, which may die
// first. Call it before the window starts: the disposition is inherited by
// WebKit's helper processes (they share the pipe and write GTK warnings
// there), and Go's own writes to standard output or error raise SIGPIPE
// unless it is ignored.
func IgnoreBrokenPipes() { signal.Ignore(syscall.SIGPIPE) }

// DetachOutput points this process's standard output and error at the null
// device: once the app is gone, nobody reads them.
func DetachOutput() {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer null.Close()
	_ = unix.Dup2(int(null.Fd()), 1)
	_ = unix.Dup2(int(null.Fd()), 2)
}
