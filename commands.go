package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Exit codes shared by every subcommand.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// command is one subcommand. Each lives in its own cmd_*.go file and registers
// itself in init, so adding one never edits main.go.
type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("forkcast: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// usage prints the command list.
func usage(w io.Writer) {
	fmt.Fprintf(w, "Forkcast %s: choose-your-own-adventure talks, voted by text message.\n\n", version)
	fmt.Fprintf(w, "Usage:\n  forkcast [desktop flags]      open the desktop app (forkcast -h for its flags)\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  forkcast %-20s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "\nEvery command takes -h. Exit codes: 0 ok, 1 failed, 2 usage error.\n")
}

// usageError prints a usage problem and returns exitUsage.
func usageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "forkcast: "+format+"\n", args...)
	fmt.Fprintf(stderr, "Run 'forkcast help' for the commands.\n")
	return exitUsage
}

// newFlagSet returns a flag set that reports errors instead of exiting, with
// a usage line naming the command.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: forkcast %s %s\n\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; it returns (exit code, false) when the caller must stop:
// 0 after -h, 2 after a bad flag.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

// multiFlag is a repeatable string flag (--source a --source b).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
