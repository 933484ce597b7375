package desktop

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

// processStarted returns process pid's start time (clock ticks since boot,
// field 22 of /proc/PID/stat) and whether it runs (a zombie does not).
func processStarted(pid int) (string, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", false
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return "", false
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (the state), so field 22 is f[19].
	if len(f) < 20 || f[0] == "Z" || f[0] == "X" {
		return "", false
	}
	return f[19], true
}

// isStageWindow reports whether process pid runs `forkcast stage-window`.
func isStageWindow(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return false
	}
	args := strings.Split(string(b), "\x00")
	return len(args) > 1 && args[1] == StageWindowCommand
}
