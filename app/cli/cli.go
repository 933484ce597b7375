// Package cli is Forkcast's composition root: the command line of the
// forkcast binary. Main reads the arguments, picks a command from an explicit
// table, and wires what the command needs: stores (store.go), vote sources
// (sources.go), the rehearsal tools (rehearsal.go), the running show with its
// web server (runtime.go) and the desktop window (desktop.go). It is the only
// package that imports both app/... and bridge/...; everything it wires
// works without it.
package cli

import (
	"context"
	"fmt"
	"io"
	"io/fs"
)

// Exit codes shared by every command.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// Env is what Main reads from and writes to beyond its arguments: the
// process's streams and what package main embeds and stamps.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Version is the build's version ("dev" unless stamped).
	Version string
	// Frontend is the built frontend (the contents of frontend/dist); a
	// build without it can run every command but the show.
	Frontend fs.FS
	// Icon is the window icon (PNG).
	Icon []byte
	// Bindings is set in the binary `wails generate module` builds (tag
	// "bindings") and runs to write frontend/wailsjs: the desktop command
	// then opens no show, no database and no server.
	Bindings bool
}

// command is one subcommand: its name, a one-line summary for the help, and
// the function that runs it with the arguments after its name.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env Env) int
}

// commands is the table of subcommands, in the order the help lists them.
// With no subcommand (or only flags) Main opens the desktop app.
func commands() []command {
	return []command{
		{"android", "probe the speaker's Android phone (SMS Gateway for Android), or remove forkcast's webhook from it", runAndroid},
		{"check", "check story files: errors with file:line:col, then a summary or the map", runCheck},
		{"export", "write a session's polls, votes, path and rating as CSV or JSON", runExport},
		{"export-twee", "write a story file as Twee 3, to lay it out in Twine", runExportTwee},
		{"import-twine", "convert a Twine 2 HTML or Twee 3 file into a story file", runImportTwine},
		{"modem", "list serial ports, or probe a USB GSM modem", runModem},
		{"publish", "write a static site of a story and a session: every scene, the map, the room's path and results", runPublish},
		{"purge", "remove stored phone numbers and old sessions", runPurge},
		{"rehearse", "walk every branch with a simulated audience; time every path; export a vote stream", runRehearse},
		{"report", "write a session's one-page HTML report (path, polls, timelines, rating, timing)", runReport},
		{"serve", "run the show headless: stage and console in any browser", runServe},
		{"version", "print the version", runVersion},
	}
}

// Main runs the forkcast command line (args without the program name) until
// ctx ends, and returns the exit code: 0 ok, 1 failed, 2 usage error.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Version == "" {
		env.Version = "dev"
	}
	if env.Stdin == nil {
		env.Stdin = eofReader{}
	}
	if len(args) > 0 {
		if args[0] == stageWindowCommand { // not in the help: only Present starts it
			return runStageWindow(ctx, args[1:], env)
		}
		for _, c := range commands() {
			if c.name == args[0] {
				return c.run(ctx, args[1:], env)
			}
		}
		switch {
		case args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help":
			usage(env.Stdout, env.Version)
			// Then the desktop app's own flags, which -h promises (the
			// desktop flag set prints them; stdout, as help is asked for).
			fmt.Fprintf(env.Stdout, "\nThe desktop app:\n")
			help := env
			help.Stderr = env.Stdout
			return runDesktop(ctx, []string{"-h"}, help)
		case args[0] == "--version" || args[0] == "-version":
			return runVersion(ctx, args[1:], env)
		case args[0] != "" && args[0][0] != '-':
			return usageError(env.Stderr, "", "unknown command %q", args[0])
		}
	}
	return runDesktop(ctx, args, env)
}

// usage prints the command list.
func usage(w io.Writer, version string) {
	fmt.Fprintf(w, "Forkcast %s: choose-your-own-adventure talks, voted by text message.\n\n", version)
	fmt.Fprintf(w, "Usage:\n  forkcast [desktop flags]      open the desktop app (its flags are listed below)\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  forkcast %-20s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nEvery command takes -h. Exit codes: 0 ok, 1 failed, 2 usage error.\n")
}

// eofReader is the standard input of a Main given none.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
