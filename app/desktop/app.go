// Package desktop is the Wails-bound facade of the desktop app: one-call
// methods the frontend invokes, events forwarded from the engine's hub to
// the window, and Run, which opens the window. It is the only package that
// imports Wails, and only app/cli imports it. Errors reach the window as
// {code, message} by the one policy of show.ErrorCode and show.ErrorMessage.
package desktop

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/pkg/browser"

	"forkcast/app/rehearse"
	"forkcast/app/show"
)

// Config is what app/cli wires into the facade.
type Config struct {
	Controller show.Controller
	Hub        *show.Hub
	StoryDoc   func() (show.StoryDoc, error)
	// SecondScreen returns the URL (with token) of view ("stage" or "console")
	// on the local web server, for a second display.
	SecondScreen func(view string) (string, error)
	// OnReady is called once, when the frontend reports its first slide drawn.
	OnReady func()
	// Rehearsal serves the console's rehearsal tools; nil in a live show.
	Rehearsal rehearse.Tools
	Logger    *slog.Logger
	// LinksNote says why the links changed since the last run ("" = they did not).
	LinksNote string
	// LaunchLink returns a link to view ("stage" or "console") for a browser
	// this app starts: it works once and carries no token, since a command
	// line is readable by every user (app/web launch.go); nil = the page's
	// own link (SecondScreen).
	LaunchLink func(view string) (string, error)
	// Launcher starts the browser for Present and OpenLink; nil = ExecLauncher.
	Launcher Launcher
	// ProfileDir is the browser profile of the stage window Present opens.
	ProfileDir string
	// StageWindow is the command line (no secret in it) of the native stage
	// window on display n (from 0): this program in its stage-window mode.
	// The stage link goes to its standard input. nil = Present uses a browser.
	StageWindow func(n int) (name string, args []string)
	// StageFile records the stage window beside the database, so that the
	// app started after a crash adopts the window still up (stagefile.go);
	// "" = no record.
	StageFile string
	// StageWait is how long Present waits for the stage window to come up
	// (0 = 20 s).
	StageWait time.Duration
	// Publish writes the running session's site and report (app/cli wires
	// app/publish in); nil: the window cannot publish.
	Publish func(ctx context.Context) (Published, error)
	// OpenFile opens a local file with the system's program for it; nil is
	// github.com/pkg/browser's OpenFile (xdg-open on Linux).
	OpenFile func(path string) error
	// LAN reports the LAN mode (on = true switches it, nil = report only);
	// nil = the window has no LAN mode.
	LAN func(on *bool) (LAN, error)
	// NewToken replaces the local server's token and stores it; nil = the
	// window cannot.
	NewToken func() error
}

// App is bound to the frontend: every exported method is a one-call facade
// returning (T, error); errors are coded *show.Error or "Internal error.".
type App struct {
	cfg       Config
	rt        Runtime
	ctx       context.Context
	stop      context.CancelFunc
	readyOnce sync.Once
	mu        sync.Mutex
	report    string // the report Publish last wrote
	// presentMu makes Present one at a time (the key and the button).
	presentMu    sync.Mutex
	stage        *Child // the stage window, nil when not up
	stageDisplay int
}

// New returns a facade; the runtime arrives with Startup.
func New(cfg Config) *App {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.OpenFile == nil {
		cfg.OpenFile = browser.OpenFile
	}
	return &App{cfg: cfg}
}

// startup is called by Wails with its context; events flow from then on.
func (a *App) startup(ctx context.Context, rt Runtime) {
	a.rt = rt
	a.ctx, a.stop = context.WithCancel(ctx)
	if a.cfg.Hub != nil {
		go forward(a.ctx, a.cfg.Hub, rt)
	}
	go a.adoptStage()
}

// shutdown stops forwarding events and closes the stage window.
func (a *App) shutdown() {
	if a.stop != nil {
		a.stop()
	}
	if c := a.stageChild(); c != nil {
		a.closeStage(c)
	}
}

func (a *App) context() context.Context {
	if a.ctx != nil {
		return a.ctx
	}
	return context.Background()
}

// State returns the whole show state.
func (a *App) State() (show.State, error) { return a.cfg.Controller.State(), nil }

// Story returns the story with rendered slides, its graph and code CSS.
func (a *App) Story() (show.StoryDoc, error) { return a.cfg.StoryDoc() }

// Next moves to the next slide, or follows the winner at a decided fork.
func (a *App) Next() error { return a.cfg.Controller.Next(a.context()) }

// Prev moves back one slide, following history across scenes.
func (a *App) Prev() error { return a.cfg.Controller.Prev(a.context()) }

// Goto jumps to the first slide of scene.
func (a *App) Goto(scene string) error { return a.cfg.Controller.Goto(a.context(), scene) }

// OpenPoll opens the poll of the current fork.
func (a *App) OpenPoll() error { return a.cfg.Controller.OpenPoll(a.context()) }

// ClosePoll closes the open poll.
func (a *App) ClosePoll() error { return a.cfg.Controller.ClosePoll(a.context()) }

// Pick breaks a tie, or overrides the result when reason is given.
func (a *App) Pick(choice int, reason string) error {
	return a.cfg.Controller.Pick(a.context(), choice, reason)
}

// PickPrivate overrides the result with a reason the stage never shows.
func (a *App) PickPrivate(choice int, reason string) error {
	return a.cfg.Controller.PickPrivate(a.context(), choice, reason)
}

// SetBlank blanks or unblanks the stage.
func (a *App) SetBlank(on bool) error { return a.cfg.Controller.SetBlank(a.context(), on) }

// Inbox returns the newest stored texts, numbers masked.
func (a *App) Inbox(limit int) ([]show.InboxEntry, error) {
	return a.cfg.Controller.Inbox(a.context(), limit)
}

// SecondScreenURL returns the local URL of view ("stage" or "console").
func (a *App) SecondScreenURL(view string) (string, error) {
	if a.cfg.SecondScreen == nil {
		return "", show.Errorf(show.ECONFLICT, "The second-screen server is not running.")
	}
	return a.cfg.SecondScreen(view)
}

// browserLink is the link to view for a browser's command line: a launch
// link when the server makes them (Config.LaunchLink), else the page's link.
func (a *App) browserLink(view string) (string, error) {
	if a.cfg.LaunchLink != nil {
		return a.cfg.LaunchLink(view)
	}
	return a.SecondScreenURL(view)
}

// OpenSecondScreen opens view in the system browser (for a second display);
// it is OpenLink. It fails, with the reason logged, when no browser starts.
func (a *App) OpenSecondScreen(view string) error { return a.OpenLink(view) }

// LAN is the local server's LAN mode, for the phone remote.
type LAN struct {
	On bool `json:"on"`
	// URLs are the console links (with the token), one per LAN address.
	URLs []string `json:"urls"`
	// Remote is the phone remote's link (the QR code): the first of URLs.
	Remote string `json:"remote"`
	// Note says why the links changed ("" = they did not).
	Note string `json:"note"`
}

var errNoLANMode = show.Errorf(show.ECONFLICT, "This window has no LAN mode.")

// LANState returns the LAN mode of the local server.
func (a *App) LANState() (LAN, error) {
	if a.cfg.LAN == nil {
		return LAN{}, errNoLANMode
	}
	return a.cfg.LAN(nil)
}

// SetLAN restarts the local server on every interface (on: a phone on the
// venue network can open the console) or on this machine only; the open
// stage reconnects by itself.
func (a *App) SetLAN(on bool) (LAN, error) {
	if a.cfg.LAN == nil {
		return LAN{}, errNoLANMode
	}
	return a.cfg.LAN(&on)
}

// NewToken replaces the token of the local server (a link leaked): the old
// links stop working (with the LAN mode on, the stage window, when up, is
// reopened on the new one); it returns the new ones.
func (a *App) NewToken() (Links, error) {
	if a.cfg.NewToken == nil {
		return Links{}, show.Errorf(show.ECONFLICT, "The second-screen server is not running.")
	}
	if err := a.cfg.NewToken(); err != nil {
		return Links{}, err
	}
	// On loopback the stage page reads the show without a token and keeps
	// running; with the LAN mode on, every request needs the new one.
	if a.cfg.LAN != nil {
		if st, err := a.cfg.LAN(nil); err == nil && st.On {
			a.restartStage()
		}
	}
	return a.Links()
}

// ToggleFullscreen switches the window in or out of full screen.
func (a *App) ToggleFullscreen() error {
	if a.rt == nil {
		return show.Errorf(show.ECONFLICT, "The window is not ready yet.")
	}
	if a.rt.WindowIsFullscreen() {
		a.rt.WindowUnfullscreen()
	} else {
		a.rt.WindowFullscreen()
	}
	return nil
}

// Ready is called by the frontend once its first slide is drawn.
func (a *App) Ready() {
	a.readyOnce.Do(func() {
		a.cfg.Logger.Info("page ready")
		if a.cfg.OnReady != nil {
			a.cfg.OnReady()
		}
	})
}

// TimingReport times every path from the rehearsals recorded so far.
func (a *App) TimingReport() (*rehearse.Report, error) {
	if a.cfg.Rehearsal == nil {
		return nil, errLive
	}
	return a.cfg.Rehearsal.TimingReport(a.context())
}

// Finish is the current fork's time to an ending per choice against the
// time left in the slot (nil off a fork); see rehearse.FinishNow.
func (a *App) Finish() (*rehearse.ForkFinish, error) {
	doc, err := a.cfg.StoryDoc()
	if err != nil {
		return nil, err
	}
	return rehearse.FinishNow(a.context(), doc.Story, a.cfg.Controller.State(), a.cfg.Rehearsal)
}

// TakeExit is the speaker's "wrap up": it leaves the current fork by its
// exit. It fails with a conflict when the show cannot take exits.
func (a *App) TakeExit() error {
	x, ok := a.cfg.Controller.(interface{ TakeExit(context.Context) error })
	if !ok {
		return show.Errorf(show.ECONFLICT, "This show cannot take a fork's exit.")
	}
	return x.TakeExit(a.context())
}

// Walk visits every fork choice with a simulated audience (in a scratch database).
func (a *App) Walk() (*rehearse.Coverage, error) {
	if a.cfg.Rehearsal == nil {
		return nil, errLive
	}
	return a.cfg.Rehearsal.Walk(a.context())
}

// Audience returns the simulated audience's bias ("" = even).
func (a *App) Audience() (string, error) {
	if a.cfg.Rehearsal == nil {
		return "", errLive
	}
	return a.cfg.Rehearsal.Audience(), nil
}

// SetAudience changes the simulated audience's bias ("60/40", "2:80").
func (a *App) SetAudience(bias string) error {
	if a.cfg.Rehearsal == nil {
		return errLive
	}
	return a.cfg.Rehearsal.SetAudience(a.context(), bias)
}

// ResetRehearsal starts a fresh rehearsal from the first slide.
func (a *App) ResetRehearsal() error {
	if a.cfg.Rehearsal == nil {
		return errLive
	}
	return a.cfg.Rehearsal.Reset(a.context())
}

var errLive = show.Errorf(show.ECONFLICT, "This is a live show: rehearsal tools are off.")

// ErrorBody is what the window receives for a failed call, as the browser
// does from the HTTP API.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// FormatError turns a bound method's error into what the UI shows, by the
// policy of show.ErrorCode and show.ErrorMessage: an internal failure is
// "Internal error." in the window and logged in full.
func FormatError(log *slog.Logger, err error) any {
	code := show.ErrorCode(err)
	if code == show.EINTERNAL {
		log.Error("bound method failed", "err", err)
	}
	return ErrorBody{Code: code, Message: show.ErrorMessage(err)}
}

// errNoWindow is returned by Run when there is nothing to show.
var errNoWindow = fmt.Errorf("no frontend assets")
