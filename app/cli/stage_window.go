package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"forkcast/app/desktop"
)

// stageWindowCommand is the hidden subcommand Present starts: the stage in a
// native window of its own (Wails v2 has one window per process).
const stageWindowCommand = desktop.StageWindowCommand

// runStageWindow is `forkcast stage-window --display N`: it reads the stage
// link (with its token, never on the command line) as the first line of its
// standard input, opens the stage window full screen on display N, prints
// desktop.StageUpLine once the window is up, and closes it when the app writes
// desktop.StageCloseLine or ctx ends (SIGTERM). When its input ends without
// that line (the app died), the window stays up.
func runStageWindow(ctx context.Context, args []string, env Env) int {
	var display int
	fs := newFlagSet(stageWindowCommand, "--display N  (the stage link on standard input; started by the desktop app's Present)", env.Stderr)
	fs.IntVar(&display, "display", 1, "cover display `N` (1 = the first; displays are taken left to right)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(env.Stderr, stageWindowCommand, "unexpected argument (the stage link goes to standard input)")
	}
	if display < 1 {
		return usageError(env.Stderr, stageWindowCommand, "--display %d: displays count from 1", display)
	}
	in := bufio.NewReader(env.Stdin)
	line, err := in.ReadString('\n')
	link := strings.TrimSpace(line)
	if link == "" {
		return usageError(env.Stderr, stageWindowCommand, "no stage link on standard input (%v)", err)
	}
	if err := desktop.CheckStageURL(link); err != nil {
		return usageError(env.Stderr, stageWindowCommand, "%v", err)
	}
	// The app may die first: a write to its pipe must not end the window.
	desktop.IgnoreBrokenPipes()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		if desktop.ReadStageControl(in) {
			cancel() // the app closes the window
			return
		}
		// The app is gone (killed, crashed) without closing the window: the
		// stage stays on the projector and its page reconnects once the app
		// is back; the restarted app adopts this process (SIGTERM closes it).
		// Its output pipe died with the app: nobody reads it now.
		desktop.DetachOutput()
	}()
	err = desktop.RunStageWindow(ctx, desktop.StageWindowOptions{
		URL:     link,
		Display: display - 1,
		Icon:    env.Icon,
		Up:      func(int) { fmt.Fprintln(env.Stdout, desktop.StageUpLine) },
		Failed:  func(err error) { fmt.Fprintf(env.Stderr, "stage-window: %v\n", err) },
	})
	if err != nil {
		return fail(env.Stderr, stageWindowCommand, fmt.Errorf("the stage window could not open: %w", err))
	}
	return exitOK
}

// stageWindowCommandLine is the stage window's command line for display n
// (from 0): this very program, so the window matches the app's version.
// It is nil when the program's path is unknown.
func stageWindowCommandLine() func(n int) (string, []string) {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	return func(n int) (string, []string) {
		return exe, []string{stageWindowCommand, "--display", strconv.Itoa(n + 1)}
	}
}
