package desktop

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"forkcast/app/show"
)

// Wails v2 has one window per process, and that window is the speaker's
// console. Present puts the stage on the projector, trying in turn:
//  1. the stage window: this program again, in its stage-window mode, a
//     native frameless window full screen on the chosen display, showing the
//     stage page of this process's local server (stagewindow.go);
//  2. a Chromium-family browser in app mode, full screen (kiosk) at the
//     chosen display's position, with a profile of its own;
//  3. the system's default browser (the speaker then presses F there).
// Each failure is logged, and the message says which way was taken and why.

// Links are the pages of the local server, each with the token.
type Links struct {
	Stage   string `json:"stage"`
	Console string `json:"console"`
	// Note says why the links changed since the last run ("" = they did not).
	Note string `json:"note"`
}

// Presented says where Present put the stage.
type Presented struct {
	Display int `json:"display"` // from 0
	// How is "window" (the native stage window), "kiosk" (a browser full
	// screen on the display), "browser" (the default browser) or "closed"
	// (Present closed the stage window that was up).
	How     string `json:"how"`
	Message string `json:"message"` // what the speaker reads
}

// Launcher starts programs for Present and OpenLink. Tests give a fake.
type Launcher interface {
	// LookPath finds a program (exec.LookPath).
	LookPath(name string) (string, error)
	// Start runs a program and returns once it is started; done receives its
	// error when it exits (nil for exit status 0).
	Start(name string, args []string) (done <-chan error, err error)
	// StartChild runs a program with secret on its standard input, which
	// stays open until the child is closed (the stage window).
	StartChild(name string, args []string, secret string) (*Child, error)
}

// ExecLauncher is the real Launcher (os/exec).
type ExecLauncher struct{}

// LookPath is exec.LookPath.
func (ExecLauncher) LookPath(name string) (string, error) { return exec.LookPath(name) }

// Start runs name with args, its output kept for the error; it fails when
// the program cannot be started.
func (ExecLauncher) Start(name string, args []string) (<-chan error, error) {
	cmd := exec.Command(name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		if err != nil && out.Len() > 0 {
			err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(out.Bytes()))
		}
		done <- err
	}()
	return done, nil
}

// kioskBrowsers are the browsers that can open a page full screen at a given
// position (Chromium's --app, --kiosk and --window-position), in the order tried.
var kioskBrowsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "brave-browser"}

// openerFor is the command that opens a URL in the default browser.
func openerFor(goos string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", nil
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler"}
	}
	return "xdg-open", nil
}

// openWait is how long an opener may run before it counts as started: xdg-open
// exits at once with an error when no browser is set, or stays while the browser runs.
const openWait = 3 * time.Second

// Links returns the stage and console links of the local server.
func (a *App) Links() (Links, error) {
	if a.cfg.SecondScreen == nil {
		return Links{}, show.Errorf(show.ECONFLICT, "The second-screen server is not running.")
	}
	st, err := a.cfg.SecondScreen("stage")
	if err != nil {
		return Links{}, err
	}
	con, err := a.cfg.SecondScreen("console")
	if err != nil {
		return Links{}, err
	}
	return Links{Stage: st, Console: con, Note: a.cfg.LinksNote}, nil
}

// OpenLink opens view ("stage" or "console") in the default browser. It
// fails, with the reason logged, when no browser could be started.
func (a *App) OpenLink(view string) error {
	u, err := a.browserLink(view)
	if err != nil {
		return err
	}
	return a.open(u)
}

// open runs the system's opener on u and waits openWait for an early failure.
func (a *App) open(u string) error {
	name, args := openerFor(runtime.GOOS)
	done, err := a.launcher().Start(name, append(args, u))
	if err == nil {
		select {
		case err = <-done:
		case <-time.After(openWait):
		}
	}
	if err != nil {
		a.cfg.Logger.Error("open a link in the browser", "opener", name, "err", err)
		return show.Errorf(show.ECONFLICT, "No browser could be opened (%s failed); copy the link instead.", name)
	}
	a.cfg.Logger.Info("opened a link in the browser", "opener", name)
	return nil
}

func (a *App) launcher() Launcher {
	if a.cfg.Launcher != nil {
		return a.cfg.Launcher
	}
	return ExecLauncher{}
}

// Present shows the stage on display n (from 0; -1 = the first display the
// window is not on, else the first), full screen: in the native stage window,
// else in a browser (see the top of this file). When the stage window is up,
// Present closes it instead. Displays are taken to be side by side, left to
// right, in the order the window system reports them (Wails reports no
// positions). It fails when the display does not exist or nothing could show
// the stage.
func (a *App) Present(n int) (Presented, error) {
	a.presentMu.Lock()
	defer a.presentMu.Unlock()
	if c := a.stageChild(); c != nil {
		a.closeStage(c)
		return Presented{Display: a.stageState().Display, How: "closed", Message: "The stage window is closed. Press S to present again."}, nil
	}
	screens, err := a.Displays()
	if err != nil {
		return Presented{}, err
	}
	n, err = pickDisplay(screens, n)
	if err != nil {
		return Presented{}, err
	}
	u, err := a.SecondScreenURL("stage")
	if err != nil {
		return Presented{}, err
	}
	var why []string
	if err := a.startStage(n, u); err == nil {
		msg := fmt.Sprintf("The stage is on display %d, full screen. Press S again to close it.", n+1)
		if len(screens) < 2 {
			msg = "Only one display: the stage window covers this one. Press S again (on the console) to close it, or Alt+Tab back."
		}
		return Presented{Display: n, How: "window", Message: msg}, nil
	} else if !errors.Is(err, errNoStageWindow) {
		why = append(why, "the stage window did not open")
	}
	if p, err := a.presentKiosk(screens, n); err == nil {
		p.Message = because(why, p.Message)
		return p, nil
	} else if !errors.Is(err, errNoKioskBrowser) {
		why = append(why, "no app-mode browser started")
	}
	link, err := a.browserLink("stage")
	if err != nil {
		return Presented{}, err
	}
	if err := a.open(link); err != nil {
		return Presented{}, err
	}
	return Presented{Display: n, How: "browser", Message: because(why, fmt.Sprintf("The stage opened in the default browser: drag it to display %d and press F for full screen.", n+1))}, nil
}

// because prefixes msg with what failed before it ("" = nothing).
func because(why []string, msg string) string {
	if len(why) == 0 {
		return msg
	}
	s := strings.Join(why, " and ")
	return strings.ToUpper(s[:1]) + s[1:] + " (see the log). " + msg
}

var (
	errNoStageWindow  = errors.New("no stage window command")
	errNoKioskBrowser = errors.New("no app-mode browser installed")
)

// presentKiosk opens the stage in the first Chromium-family browser that
// starts and stays up, each on a launch link of its own (a browser that
// failed may have spent its link). It fails with errNoKioskBrowser when none
// is installed.
func (a *App) presentKiosk(screens []Display, n int) (Presented, error) {
	x := 0
	for _, s := range screens[:n] {
		x += s.Width
	}
	l := a.launcher()
	tried := false
	for _, b := range kioskBrowsers {
		path, err := l.LookPath(b)
		if err != nil {
			continue
		}
		tried = true
		u, err := a.browserLink("stage")
		if err != nil {
			return Presented{}, err
		}
		args := kioskArgs(u, x, screens[n], a.cfg.ProfileDir, len(screens) > 1)
		if os.Geteuid() == 0 {
			// Chromium refuses to run as root with its sandbox (a container, a CI box).
			args = append(args, "--no-sandbox")
		}
		done, err := l.Start(path, args)
		if err == nil {
			select {
			case err = <-done:
				if err == nil {
					err = fmt.Errorf("%s exited at once", b)
				}
			case <-time.After(openWait):
			}
		}
		if err != nil {
			a.cfg.Logger.Warn("present: a browser failed", "browser", path, "err", err)
			continue
		}
		a.cfg.Logger.Info("present: the stage is on display", "display", n+1, "how", "kiosk", "browser", path)
		msg := fmt.Sprintf("The stage is on display %d, full screen, in a browser. Close it with Alt+F4 on that screen.", n+1)
		if len(screens) < 2 {
			msg = "Only one display: the stage opened in a window of its own. Press F there for full screen."
		}
		return Presented{Display: n, How: "kiosk", Message: msg}, nil
	}
	if !tried {
		return Presented{}, errNoKioskBrowser
	}
	return Presented{}, errors.New("every app-mode browser failed")
}

// pickDisplay resolves n (-1 = the other display) against screens.
func pickDisplay(screens []Display, n int) (int, error) {
	if len(screens) == 0 {
		return 0, show.Errorf(show.ECONFLICT, "The window system reports no display.")
	}
	if n == -1 {
		for i, s := range screens {
			if !s.Current {
				return i, nil
			}
		}
		return 0, nil
	}
	if n < 0 || n >= len(screens) {
		return 0, show.Errorf(show.EINVALID, "There is no display %d; this machine has %d.", n+1, len(screens))
	}
	return n, nil
}

// kioskArgs are a Chromium-family browser's arguments for the stage at x on
// display d: an app window (no tabs, no address bar) the size of d (so it
// covers the display even where no window manager makes it full screen),
// with a profile of its own (so it starts a new process even when the
// browser already runs), full screen when there is a second display.
func kioskArgs(u string, x int, d Display, profile string, kiosk bool) []string {
	args := []string{"--app=" + u, "--window-position=" + strconv.Itoa(x) + ",0", "--no-first-run", "--no-default-browser-check",
		"--disable-background-networking", "--disable-component-update", "--disable-sync"}
	if d.Width > 0 && d.Height > 0 {
		args = append(args, "--window-size="+strconv.Itoa(d.Width)+","+strconv.Itoa(d.Height))
	}
	if profile != "" {
		args = append(args, "--user-data-dir="+profile)
	}
	if kiosk {
		args = append(args, "--kiosk")
	}
	return args
}
