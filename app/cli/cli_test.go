package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// testFrontend stands in for the built frontend: the tests use the API and
// the page's headers, not the app itself.
var testFrontend = fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Forkcast</title>")}}

// run runs the command line as main does, with these streams.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return Main(context.Background(), args, Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Version: "dev", Frontend: testFrontend})
}

// TestExitCodes checks the contract every subcommand keeps: -h is 0, a bad flag is 2.
func TestExitCodes(t *testing.T) {
	for _, c := range commands() {
		name := c.name
		t.Run(name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := run([]string{name, "-h"}, nil, &out, &errb); got != exitOK {
				t.Errorf("forkcast %s -h = %d, want %d; stderr: %s", name, got, exitOK, errb.String())
			}
			if !strings.Contains(errb.String()+out.String(), "Usage") {
				t.Errorf("forkcast %s -h printed no usage: %q", name, errb.String()+out.String())
			}
			errb.Reset()
			if got := run([]string{name, "--no-such-flag"}, nil, &out, &errb); got != exitUsage {
				t.Errorf("forkcast %s --no-such-flag = %d, want %d", name, got, exitUsage)
			}
		})
	}
}

func TestTopLevel(t *testing.T) {
	tests := []struct {
		args []string
		want int
		out  string
	}{
		{[]string{"help"}, exitOK, "forkcast check"},
		{[]string{"version"}, exitOK, "forkcast dev"},
		{[]string{"no-such-command"}, exitUsage, "unknown command"},
		{[]string{"-h"}, exitOK, "forkcast serve"},
		{[]string{"version", "extra"}, exitUsage, "no arguments"},
		{[]string{"--version"}, exitOK, "forkcast dev ("},
		{[]string{"-version"}, exitOK, "forkcast dev ("},
		{[]string{"--version", "extra"}, exitUsage, "no arguments"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		got := run(tt.args, nil, &out, &errb)
		if got != tt.want {
			t.Errorf("forkcast %v = %d, want %d (stderr %q)", tt.args, got, tt.want, errb.String())
		}
		if all := out.String() + errb.String(); !strings.Contains(all, tt.out) {
			t.Errorf("forkcast %v printed %q, want it to contain %q", tt.args, all, tt.out)
		}
	}
}

// TestHelpPrintsBoth: forkcast -h lists the commands and, as its first
// line promises, the desktop app's flags, on standard output.
func TestHelpPrintsBoth(t *testing.T) {
	for _, arg := range []string{"-h", "--help", "help"} {
		var out, errb bytes.Buffer
		if got := run([]string{arg}, nil, &out, &errb); got != exitOK {
			t.Fatalf("forkcast %s = %d, want 0 (stderr %q)", arg, got, errb.String())
		}
		text := out.String()
		for _, want := range []string{"forkcast rehearse", "forkcast serve", "its flags are listed below", "The desktop app:", "-fullscreen", "-display N", "-story FILE"} {
			if !strings.Contains(text, want) {
				t.Errorf("forkcast %s: stdout lacks %q:\n%s", arg, want, text)
			}
		}
		if errb.Len() > 0 {
			t.Errorf("forkcast %s wrote to stderr: %q", arg, errb.String())
		}
	}
}

// TestDesktopHelp checks the desktop flags without opening a window.
func TestDesktopHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if got := run([]string{"--story", "x.md", "-h"}, nil, &out, &errb); got != exitOK {
		t.Fatalf("forkcast -h = %d, want 0", got)
	}
	for _, flag := range []string{"-story", "-db", "-source", "-live", "-fullscreen", "-listen", "-token"} {
		if !strings.Contains(errb.String(), flag) {
			t.Errorf("desktop usage lacks %s: %s", flag, errb.String())
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
