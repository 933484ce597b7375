// Command forkcast is the Forkcast presenter: with no subcommand it opens the
// desktop app; subcommands check stories, serve the show headless, talk to a
// modem, rehearse, import and export. Exit codes: 0 ok, 1 failed, 2 usage error.
package main

import (
	"embed"
	"io"
	"os"
)

// assets is the built frontend (make builds frontend/dist before any Go step;
// frontend/dist/.keep keeps the embed valid on a fresh clone).
//
//go:embed all:frontend/dist
var assets embed.FS

// version is stamped by the Makefile with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a subcommand, or opens the desktop app when there is none.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if c, ok := commands[args[0]]; ok {
			return c.run(args[1:], stdin, stdout, stderr)
		}
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
			usage(stdout)
			return 0
		}
		if args[0] != "" && args[0][0] != '-' {
			return usageError(stderr, "unknown command %q", args[0])
		}
	}
	return runDesktop(args, stdin, stdout, stderr)
}
