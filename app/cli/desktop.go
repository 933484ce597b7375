package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"forkcast/app/desktop"
	"forkcast/app/show"
)

// runDesktop opens the desktop window on the show; the same local web server
// as `forkcast serve` runs beside it for a second display. The window closes
// when ctx ends.
func runDesktop(ctx context.Context, args []string, env Env) int {
	stderr := env.Stderr
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
		return usageError(stderr, "", "unexpected argument %q", fs.Arg(0))
	}
	if env.Bindings {
		_ = desktop.Run(ctx, desktop.New(desktop.Config{}), desktop.WindowOptions{Title: "Forkcast", Assets: env.Frontend})
		return exitOK
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r, err := openShow(ctx, o, env)
	if err != nil {
		code := reportOpenError(stderr, "", err)
		showOpenError(ctx, env, err) // the same words in the window (desktop_error.go)
		return code
	}
	defer r.close()
	fmt.Fprintf(env.Stdout, "stage: %s\nconsole: %s\n", r.url("stage"), r.url("console"))
	go func() {
		if err := r.run(ctx); err != nil {
			r.log.Error("show stopped", "err", err)
		}
	}()
	a := desktop.New(desktop.Config{
		Controller:   r.engine,
		Hub:          r.hub,
		StoryDoc:     func() (show.StoryDoc, error) { return show.NewStoryDoc(r.engine.Story()) },
		SecondScreen: func(view string) (string, error) { return r.url(view), nil },
		LaunchLink:   r.launchURL,
		OnReady:      readyMarker(r),
		Rehearsal:    r.rehearsalOrNil(),
		Logger:       r.log,
		LinksNote:    r.portNote,
		ProfileDir:   stageProfile(),
		StageWindow:  stageWindowCommandLine(),
		StageFile:    stageFile(r.flags.db),
		Publish: func(ctx context.Context) (desktop.Published, error) {
			p, err := r.publishSession(ctx)
			return desktop.Published{Site: p.Site, Report: p.Report, Files: p.Files}, err
		},
		LAN:      desktopLAN(ctx, r),
		NewToken: func() error { return r.newToken(ctx) },
	})
	err = desktop.Run(ctx, a, desktop.WindowOptions{
		Title:      "Forkcast — " + r.engine.Story().Title,
		Width:      1280,
		Height:     800,
		Fullscreen: fullscreen,
		Assets:     r.frontend,
		Handler:    storyAssets(r.storyPath),
		Icon:       env.Icon,
		Display:    display,
	})
	if err != nil {
		return fail(stderr, "", fmt.Errorf("the window could not open: %w", err))
	}
	return exitOK
}

// stageProfile is the folder of the browser profile the stage window uses
// (Present), in the user's cache folder; "" when there is none.
func stageProfile() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "forkcast", "stage-browser")
}

// stageFile is where the app records its stage window, beside the database
// (see app/desktop/stagefile.go); "" when the database has no known path.
func stageFile(db string) string {
	p, err := dbPath(db)
	if err != nil {
		return ""
	}
	return p + ".stage-window"
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

// desktopLAN is the window's LAN toggle over r (on nil = report only).
func desktopLAN(ctx context.Context, r *showRuntime) func(on *bool) (desktop.LAN, error) {
	return func(on *bool) (desktop.LAN, error) {
		st := r.lan()
		if on != nil {
			var err error
			if st, err = r.setLAN(ctx, *on); err != nil {
				return desktop.LAN{}, err
			}
		}
		return desktop.LAN{On: st.On, URLs: st.URLs, Remote: st.Remote, Note: st.Note}, nil
	}
}
