package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"

	"forkcast/app"
	"forkcast/app/show"
)

// appIcon is the window icon (also used by wails build).
//
//go:embed build/appicon.png
var appIcon []byte

// runDesktop opens the desktop window on the show; the same local web server
// as `forkcast serve` runs beside it for a second display.
func runDesktop(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var o showFlags
	var fullscreen bool
	var display int
	fs := newFlagSet("", "[--story FILE] [--db PATH] [--source SRC]... [--live] [--fullscreen]", stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: forkcast [flags]   (opens the desktop app; 'forkcast help' lists the commands)\n\n")
		fs.PrintDefaults()
	}
	o.register(fs)
	fs.BoolVar(&fullscreen, "fullscreen", false, "start full screen")
	fs.IntVar(&display, "display", 0, "go full screen on display `N` (1 = the first; displays are taken left to right)")
	withSourceHelp(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "unexpected argument %q", fs.Arg(0))
	}
	if generatingBindings {
		_ = app.Run(app.New(app.Config{}), app.WindowOptions{Title: "Forkcast", Assets: assets})
		return exitOK
	}
	dist, err := frontendFS()
	if err != nil {
		fmt.Fprintf(stderr, "forkcast: %v\n", err)
		return exitFailed
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := openShow(ctx, o, dist, stderr)
	if err != nil {
		return reportOpenError(stderr, err)
	}
	defer r.close()
	fmt.Fprintf(stdout, "stage: %s\nconsole: %s\n", r.url("stage"), r.url("console"))
	go func() {
		if err := r.run(ctx); err != nil {
			r.log.Error("show stopped", "err", err)
		}
	}()
	a := app.New(app.Config{
		Controller:   r.engine,
		Hub:          r.hub,
		StoryDoc:     func() (show.StoryDoc, error) { return show.NewStoryDoc(r.engine.Story()) },
		SecondScreen: func(view string) (string, error) { return r.url(view), nil },
		OnReady:      readyMarker(r),
		Rehearsal:    r.rehearsalOrNil(),
		Logger:       r.log,
	})
	err = app.Run(a, app.WindowOptions{
		Title:      "Forkcast — " + r.engine.Story().Title,
		Width:      1280,
		Height:     800,
		Fullscreen: fullscreen,
		Assets:     dist,
		Handler:    r.storyAssets(),
		Icon:       appIcon,
		Display:    display,
	})
	if err != nil {
		fmt.Fprintf(stderr, "forkcast: the window could not open: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// readyMarker writes FORKCAST_READY_FILE when the page reports ready (the smoke test waits for it).
func readyMarker(r *showRuntime) func() {
	return func() {
		fmt.Println("page ready")
		if p := os.Getenv("FORKCAST_READY_FILE"); p != "" {
			if err := os.WriteFile(p, []byte("ready\n"), 0o644); err != nil {
				r.log.Warn("ready file", "err", err)
			}
		}
	}
}
