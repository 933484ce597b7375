package cli

import (
	"fmt"
	"io"

	"forkcast/app/show"
)

// The CLI's one style of error line: "forkcast NAME: message" (plain
// "forkcast: message" for the desktop app and the top level), where NAME is
// the command as typed ("export", "modem probe").

// prefix is the start of the error lines of command name.
func prefix(name string) string {
	if name == "" {
		return "forkcast: "
	}
	return "forkcast " + name + ": "
}

// usageError prints a usage problem of command name and returns exitUsage.
func usageError(stderr io.Writer, name, format string, args ...any) int {
	fmt.Fprintf(stderr, prefix(name)+format+"\n", args...)
	fmt.Fprintf(stderr, "Run 'forkcast help' for the commands.\n")
	return exitUsage
}

// fail prints why command name failed and returns exitFailed. A coded error
// prints its sentence, as the window and the browser show it (the policy of
// show.ErrorMessage); anything else prints in full, since the terminal is the
// command line's log.
func fail(stderr io.Writer, name string, err error) int {
	msg := err.Error()
	if show.ErrorCode(err) != show.EINTERNAL {
		msg = show.ErrorMessage(err)
	}
	fmt.Fprintf(stderr, "%s%s\n", prefix(name), msg)
	return exitFailed
}

// note prints an informational line of command name (not an error).
func note(w io.Writer, name, format string, args ...any) {
	fmt.Fprintf(w, prefix(name)+format+"\n", args...)
}
