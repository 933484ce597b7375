//go:build !linux

package desktop

import (
	"os"
	"syscall"
)

// processStarted reports whether process pid runs; where there is no /proc,
// its start time is unknown ("") and its id is trusted.
func processStarted(pid int) (string, bool) {
	p, err := os.FindProcess(pid)
	if err != nil {
		return "", false
	}
	return "", p.Signal(syscall.Signal(0)) == nil
}

// isStageWindow cannot check the command line without /proc: the record's
// process id is trusted.
func isStageWindow(int) bool { return true }
