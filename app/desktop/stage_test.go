package desktop

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"forkcast/app/testkit"
)

// The stage window's launcher, tested two ways: with fake children (the
// order of the fallbacks, what the speaker reads) and with real child
// processes (this test binary run again in a stage-window role, see
// TestMain): the link travels on stdin and never in argv, and every child
// is reaped, however it ends.

// stageRoleEnv selects the role this test binary plays as a stage window.
const stageRoleEnv = "FORKCAST_TEST_STAGE_ROLE"

func TestMain(m *testing.M) {
	if file := os.Getenv(appRoleEnv); file != "" {
		os.Exit(playApp(file))
	}
	if role := os.Getenv(stageRoleEnv); role != "" {
		os.Exit(playStageWindow(role))
	}
	os.Exit(m.Run())
}

// playStageWindow is a stand-in for `forkcast stage-window` (no window
// system needed): it reads the link as the real one does and writes it to
// $FORKCAST_TEST_STAGE_OUT, then plays role:
//   - up: says it is up, exits on the close line, stays when its input
//     ends without it (the real behaviour) until SIGTERM;
//   - die: fails at once with a message, as with no display;
//   - silent: never says it is up (a hung start);
//   - deaf: says it is up and ignores the end of its input (a stuck window).
func playStageWindow(role string) int {
	in := bufio.NewReader(os.Stdin)
	line, _ := in.ReadString('\n')
	if err := os.WriteFile(os.Getenv("FORKCAST_TEST_STAGE_OUT"), []byte(line), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	switch role {
	case "up":
		// As the real one: the close line ends it; the end of its input
		// alone (the app died) leaves it up until SIGTERM.
		term := make(chan os.Signal, 1)
		signal.Notify(term, syscall.SIGTERM)
		IgnoreBrokenPipes()
		fmt.Println(StageUpLine)
		if ReadStageControl(in) {
			return 0
		}
		// A write to the dead app's pipe: without IgnoreBrokenPipes, SIGPIPE ends this process.
		fmt.Println("stage-window: the app is gone")
		fmt.Fprintln(os.Stderr, "stage-window: the app is gone")
		DetachOutput()
		if m := os.Getenv(orphanMarkEnv); m != "" {
			_ = os.WriteFile(m, []byte("orphaned\n"), 0o600)
		}
		<-term
		return 0
	case "die":
		fmt.Fprintln(os.Stderr, "Gtk-WARNING: cannot open display: :99")
		return 1
	case "silent":
		_, _ = io.Copy(io.Discard, in)
		return 0
	case "deaf":
		fmt.Println(StageUpLine)
		select {}
	}
	return 2
}

// realChildLauncher starts real stage-window children and fakes the browsers.
type realChildLauncher struct{ *fakeLauncher }

func (r realChildLauncher) StartChild(name string, args []string, secret string) (*Child, error) {
	r.started = append(r.started, append([]string{name}, args...))
	return ExecLauncher{}.StartChild(name, args, secret)
}

const stageLink = "http://127.0.0.1:8787/stage?token=T"

// stageApp is an App whose Present starts this test binary in role as its
// stage window; log collects what the app logs.
func stageApp(t *testing.T, role string, l Launcher, log *testkit.SyncBuffer) (*App, *fakeRuntime, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "stdin")
	t.Setenv(stageRoleEnv, role)
	t.Setenv("FORKCAST_TEST_STAGE_OUT", out)
	rt := &fakeRuntime{screens: laptopAndProjector}
	a := New(Config{Launcher: l, ProfileDir: "/p", Logger: slog.New(slog.NewTextHandler(log, nil)),
		SecondScreen: func(v string) (string, error) { return "http://127.0.0.1:8787/" + v + "?token=T", nil },
		StageWindow: func(n int) (string, []string) {
			return os.Args[0], []string{"stage-window", "--display", fmt.Sprint(n + 1)}
		},
		StageWait: 20 * time.Second})
	a.rt = rt
	t.Cleanup(a.shutdown)
	return a, rt, out
}

// reaped fails t unless process pid is gone (waited for: no zombie left).
func reaped(t *testing.T, pid int) {
	t.Helper()
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); !errors.Is(err, os.ErrNotExist) {
		state, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		t.Errorf("process %d is still there (stat %q, err %v), want it reaped", pid, state, err)
	}
}

func linuxOnly(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
}

func TestStageWindowRealChild(t *testing.T) {
	linuxOnly(t)
	var log testkit.SyncBuffer
	l := realChildLauncher{&fakeLauncher{installed: []string{"chromium"}}}
	a, rt, out := stageApp(t, "up", l, &log)

	got, err := a.Present(-1)
	if err != nil || got.How != "window" || got.Display != 1 {
		t.Fatalf("Present(-1) = %+v, %v; want the stage window on display 1 (log: %s)", got, err, log.String())
	}
	c := a.stageChild()
	if c == nil {
		t.Fatal("no stage child recorded after Present")
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", c.PID))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(cmdline), "token") || strings.Contains(string(cmdline), "8787") {
		t.Errorf("the stage window's command line %q carries the link", strings.ReplaceAll(string(cmdline), "\x00", " "))
	}
	if !strings.Contains(string(cmdline), "stage-window\x00--display\x002") {
		t.Errorf("command line %q, want stage-window --display 2", strings.ReplaceAll(string(cmdline), "\x00", " "))
	}
	if b, _ := os.ReadFile(out); strings.TrimSpace(string(b)) != stageLink {
		t.Errorf("the child read %q on stdin, want %q", b, stageLink)
	}
	if st, _ := a.StageWindow(); !st.Up || st.Display != 1 || !st.Native {
		t.Errorf("StageWindow() = %+v, want up on display 1", st)
	}
	if !slices.Contains(rt.names(), EventStageWindow) {
		t.Errorf("events %v, want %s", rt.names(), EventStageWindow)
	}
	if len(l.started) != 1 {
		t.Errorf("started %v, want the stage window only (no browser)", l.started)
	}

	// Present again closes it, and it is reaped.
	pid := c.PID
	got, err = a.Present(-1)
	if err != nil || got.How != "closed" {
		t.Fatalf("Present while up = %+v, %v; want closed", got, err)
	}
	testkit.Receive(t, c.Done, testkit.Patience, "the closed stage window to be reaped")
	if c.Err() != nil {
		t.Errorf("the stage window exited with %v, want status 0 (it ends when its input closes)", c.Err())
	}
	reaped(t, pid)
	if st, _ := a.StageWindow(); st.Up {
		t.Errorf("StageWindow() = %+v after closing, want not up", st)
	}

	// The child dies on its own (killed): the app notices; Present works again.
	if got, err := a.Present(-1); err != nil || got.How != "window" {
		t.Fatalf("Present after closing = %+v, %v; want a new stage window", got, err)
	}
	c = a.stageChild()
	if err := syscall.Kill(c.PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// The app forgets it, then logs its death: wait for both.
	testkit.Eventually(t, testkit.Patience, "the app to see the killed stage window gone and log it", func() error {
		if st, _ := a.StageWindow(); st.Up || !strings.Contains(log.String(), "stage window died") {
			return fmt.Errorf("stage window %+v, log %q", st, log.String())
		}
		return nil
	})
	reaped(t, c.PID)
	if got, err := a.Present(-1); err != nil || got.How != "window" {
		t.Fatalf("Present after the window died = %+v, %v; want a new stage window", got, err)
	}
	// Closing the app closes it.
	c = a.stageChild()
	a.shutdown()
	testkit.Receive(t, c.Done, testkit.Patience, "the stage window to end with the app")
	reaped(t, c.PID)
}

// appRoleEnv makes this test binary a desktop app that presents the stage
// window (role up) and records it in the file the variable names; it then
// waits to be killed. orphanMarkEnv is the file the stage window writes once
// it has outlived its app.
const (
	appRoleEnv    = "FORKCAST_TEST_APP_ROLE"
	orphanMarkEnv = "FORKCAST_TEST_STAGE_ORPHAN"
)

func playApp(file string) int {
	os.Unsetenv(appRoleEnv) // the stage window is not an app
	a := New(Config{StageFile: file, Launcher: ExecLauncher{},
		SecondScreen: func(v string) (string, error) { return os.Getenv("FORKCAST_TEST_LINK"), nil },
		StageWindow: func(n int) (string, []string) {
			return os.Args[0], []string{StageWindowCommand, "--display", fmt.Sprint(n + 1)}
		}})
	a.rt = &fakeRuntime{screens: laptopAndProjector}
	if p, err := a.Present(1); err != nil || p.How != "window" {
		fmt.Fprintln(os.Stderr, "app: Present:", p, err)
		return 1
	}
	select {}
}

// orphanStage starts an app (playApp) that presents a stage window on link
// and records it in file, kills the app with SIGKILL, and returns the stage
// window's process id once the window has seen its app go and stayed up.
func orphanStage(t *testing.T, file, link string) int {
	t.Helper()
	mark := filepath.Join(t.TempDir(), "orphaned")
	app := exec.Command(os.Args[0])
	app.Env = append(os.Environ(), appRoleEnv+"="+file, stageRoleEnv+"=up", "FORKCAST_TEST_LINK="+link,
		orphanMarkEnv+"="+mark, "FORKCAST_TEST_STAGE_OUT="+filepath.Join(t.TempDir(), "stdin"))
	var appOut testkit.SyncBuffer
	app.Stdout, app.Stderr = &appOut, &appOut
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	var r stageRecord
	testkit.Eventually(t, testkit.Patience, "the app to record its stage window", func() error {
		var err error
		r, err = readStageRecord(file)
		if err != nil {
			return fmt.Errorf("%v (app: %q)", err, appOut.String())
		}
		return nil
	})
	t.Cleanup(func() { _ = syscall.Kill(r.PID, syscall.SIGKILL) })
	if err := app.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = app.Wait()
	testkit.Eventually(t, testkit.Patience, "the stage window to outlive its app", func() error {
		if _, err := os.Stat(mark); err != nil {
			return fmt.Errorf("no mark yet (%v); stage window alive: %v", err, stageAlive(r))
		}
		return nil
	})
	if !stageAlive(r) {
		t.Fatalf("the stage window %d ended with its app; want it up", r.PID)
	}
	return r.PID
}

// restartedApp is the app started again on the database whose stage window
// record is file: stageApp (role up) with that record.
func restartedApp(t *testing.T, file string, log *testkit.SyncBuffer) (*App, *fakeRuntime, string) {
	t.Helper()
	a, rt, out := stageApp(t, "up", realChildLauncher{&fakeLauncher{}}, log)
	a.cfg.StageFile = file
	return a, rt, out
}

// TestStageWindowOutlivesACrash: the app is killed (SIGKILL), the stage
// window stays up (the projector keeps the stage), and the next app on the
// database adopts it: up in the screens panel, closed by S.
func TestStageWindowOutlivesACrash(t *testing.T) {
	linuxOnly(t)
	file := filepath.Join(t.TempDir(), "show.db.stage-window")
	pid := orphanStage(t, file, stageLink)

	var log testkit.SyncBuffer
	a, rt, _ := restartedApp(t, file, &log)
	a.adoptStage()
	c := a.stageChild()
	if c == nil || c.PID != pid {
		t.Fatalf("adopted %v, want the stage window %d (log: %s)", c, pid, log.String())
	}
	if st, _ := a.StageWindow(); !st.Up || st.Display != 1 {
		t.Errorf("StageWindow() = %+v, want up on display 1", st)
	}
	if !slices.Contains(rt.names(), EventStageWindow) || !strings.Contains(log.String(), "adopted the stage window") {
		t.Errorf("events %v, log %q: want the adoption said", rt.names(), log.String())
	}
	// S closes it, by a signal.
	if got, err := a.Present(-1); err != nil || got.How != "closed" {
		t.Fatalf("Present while adopted = %+v, %v; want closed", got, err)
	}
	testkit.Receive(t, c.Done, testkit.Patience, "the adopted stage window to end")
	if _, ok := processStarted(pid); ok {
		t.Errorf("the adopted stage window %d still runs after S", pid)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stage window file is still there after S (%v)", err)
	}
}

// TestAdoptedStageWindowOnAnOldLink: the restarted app has another link (a
// new port or token): the window left up cannot reach it, so it is closed
// and a new one opens on the same display with the current link.
func TestAdoptedStageWindowOnAnOldLink(t *testing.T) {
	linuxOnly(t)
	file := filepath.Join(t.TempDir(), "show.db.stage-window")
	pid := orphanStage(t, file, "http://127.0.0.1:8786/stage?token=OLD")

	var log testkit.SyncBuffer
	a, _, out := restartedApp(t, file, &log)
	a.adoptStage()
	c := a.stageChild()
	if c == nil || c.PID == pid {
		t.Fatalf("stage child %v after adopting a window on an old link, want a new one (log: %s)", c, log.String())
	}
	if _, ok := processStarted(pid); ok {
		t.Errorf("the stage window on the old link (%d) still runs", pid)
	}
	if b, _ := os.ReadFile(out); strings.TrimSpace(string(b)) != stageLink {
		t.Errorf("the new stage window read %q, want %q", b, stageLink)
	}
	if st, _ := a.StageWindow(); !st.Up || st.Display != 1 {
		t.Errorf("StageWindow() = %+v, want up on display 1", st)
	}
	if r, err := readStageRecord(file); err != nil || r.PID != c.PID {
		t.Errorf("stage window file %+v, %v; want the new window %d", r, err, c.PID)
	}
}

// TestAdoptionAfterPresent: the speaker pressed S before the restarted app
// adopted the window left up: the new window stays, the old one closes.
func TestAdoptionAfterPresent(t *testing.T) {
	linuxOnly(t)
	file := filepath.Join(t.TempDir(), "show.db.stage-window")
	pid := orphanStage(t, file, stageLink)
	var log testkit.SyncBuffer
	a, _, _ := restartedApp(t, file, &log)
	r, err := readStageRecord(file) // what the adoption will read: the orphan
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a.Present(1); err != nil || got.How != "window" {
		t.Fatalf("Present = %+v, %v; want a new stage window", got, err)
	}
	now := a.stageChild()
	// As if the adoption had read the file before Present rewrote it.
	b, _ := json.Marshal(r)
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	a.adoptStage()
	if _, ok := processStarted(pid); ok {
		t.Errorf("the window left by the last run (%d) still runs beside the new one (log: %s)", pid, log.String())
	}
	if c := a.stageChild(); c != now {
		t.Errorf("stage child %v after the late adoption, want the new window %v", c, now)
	}
}

// TestStageWindowFileNotAStageWindow: a record whose process is gone, or is
// some other program (its id reused), is removed and nothing is adopted.
func TestStageWindowFileNotAStageWindow(t *testing.T) {
	linuxOnly(t)
	for name, pid := range map[string]int{"another program": os.Getpid(), "gone": 1 << 22} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "show.db.stage-window")
			started, _ := processStarted(pid)
			b, _ := json.Marshal(stageRecord{PID: pid, Display: 1, Link: linkHash(stageLink), Started: started})
			if err := os.WriteFile(file, b, 0o600); err != nil {
				t.Fatal(err)
			}
			var log testkit.SyncBuffer
			a, _, _ := restartedApp(t, file, &log)
			a.adoptStage()
			if c := a.stageChild(); c != nil {
				t.Errorf("adopted %d, want nothing", c.PID)
			}
			if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the stale record is still there (%v)", err)
			}
		})
	}
}

// TestStageWindowFallsBack: a stage window that cannot start, dies at once,
// stays silent or ignores its closing: each is logged, reaped, and the
// speaker still gets the stage (an app-mode browser, then the default one).
func TestStageWindowFallsBack(t *testing.T) {
	linuxOnly(t)
	t.Run("dies at once", func(t *testing.T) {
		var log testkit.SyncBuffer
		l := realChildLauncher{&fakeLauncher{installed: []string{"chromium"}}}
		a, _, _ := stageApp(t, "die", l, &log)
		got, err := a.Present(1)
		if err != nil || got.How != "kiosk" {
			t.Fatalf("Present = %+v, %v; want the app-mode browser after the stage window died", got, err)
		}
		if !strings.HasPrefix(got.Message, "The stage window did not open (see the log).") {
			t.Errorf("message %q, want it to say the stage window did not open", got.Message)
		}
		if !strings.Contains(log.String(), "cannot open display") {
			t.Errorf("log %q, want the child's own error", log.String())
		}
		if len(l.started) != 2 || !strings.HasSuffix(l.started[1][0], "chromium") {
			t.Errorf("started %v, want the stage window then chromium", l.started)
		}
	})
	t.Run("silent", func(t *testing.T) {
		var log testkit.SyncBuffer
		l := realChildLauncher{&fakeLauncher{}}
		a, _, _ := stageApp(t, "silent", l, &log)
		a.cfg.StageWait = 500 * time.Millisecond // the time it is given is the subject
		got, err := a.Present(1)
		if err != nil || got.How != "browser" {
			t.Fatalf("Present = %+v, %v; want the default browser after a silent stage window", got, err)
		}
		m := regexp.MustCompile(`stage window failed.* pid=(\d+)`).FindStringSubmatch(log.String())
		if m == nil || !strings.Contains(log.String(), "did not come up in time") {
			t.Fatalf("log %q, want the timeout with the child's pid", log.String())
		}
		var pid int
		fmt.Sscan(m[1], &pid)
		reaped(t, pid)
		if st, _ := a.StageWindow(); st.Up {
			t.Errorf("StageWindow() = %+v, want not up", st)
		}
	})
	t.Run("deaf", func(t *testing.T) {
		var log testkit.SyncBuffer
		l := realChildLauncher{&fakeLauncher{}}
		a, _, _ := stageApp(t, "deaf", l, &log)
		if got, err := a.Present(1); err != nil || got.How != "window" {
			t.Fatalf("Present = %+v, %v; want the stage window", got, err)
		}
		c := a.stageChild()
		if got, err := a.Present(1); err != nil || got.How != "closed" {
			t.Fatalf("Present again = %+v, %v; want closed", got, err)
		}
		// Close returned: the child that ignored its input was killed and reaped.
		reaped(t, c.PID)
		if c.Err() == nil {
			t.Errorf("the deaf stage window exited cleanly, want it killed")
		}
	})
}

// fakeChild is a stage window that is up at once (up) or exits at once with exit.
func fakeChild(up bool, exit error) func() (*Child, error) {
	return func() (*Child, error) {
		upc, done := make(chan struct{}), make(chan error, 1)
		if up {
			close(upc)
		} else {
			done <- exit
		}
		closed := func() error {
			select {
			case done <- nil:
			default:
			}
			return nil
		}
		return newChild(4242, upc, done, closed, closed), nil
	}
}

func TestPresentFallbackOrder(t *testing.T) {
	tests := []struct {
		name      string
		installed []string
		exit      map[string]error
		child     func() (*Child, error)
		how       string
		order     []string
		message   string
	}{
		{"the stage window first", []string{"chromium"}, nil, fakeChild(true, nil), "window",
			[]string{"/bin/forkcast"}, "The stage is on display 2, full screen. Press S again to close it."},
		{"cannot start: a browser", []string{"chromium"}, nil, nil, "kiosk",
			[]string{"/bin/forkcast", "/usr/bin/chromium"}, "The stage window did not open (see the log). The stage is on display 2"},
		{"exits at once, no app-mode browser: the default browser", nil, nil, fakeChild(false, errors.New("exit status 1")), "browser",
			[]string{"/bin/forkcast", "xdg-open"}, "The stage window did not open (see the log). The stage opened in the default browser"},
		{"every way fails but the last", []string{"chromium"}, map[string]error{"chromium": errors.New("exit status 1")}, fakeChild(false, nil), "browser",
			[]string{"/bin/forkcast", "/usr/bin/chromium", "xdg-open"}, "The stage window did not open and no app-mode browser started (see the log). The stage opened"},
	}
	if runtime.GOOS != "linux" {
		t.Skip("the default opener named here is xdg-open")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &fakeLauncher{installed: tt.installed, exit: tt.exit, child: tt.child}
			a := presentApp(l, laptopAndProjector)
			a.cfg.StageWindow = func(n int) (string, []string) {
				return "/bin/forkcast", []string{"stage-window", "--display", fmt.Sprint(n + 1)}
			}
			got, err := a.Present(-1)
			if err != nil || got.How != tt.how || !strings.HasPrefix(got.Message, tt.message) {
				t.Fatalf("Present = %+v, %v; want how %q, message starting %q", got, err, tt.how, tt.message)
			}
			var order []string
			for _, s := range l.started {
				order = append(order, s[0])
				for _, arg := range s[1:] {
					if s[0] == "/bin/forkcast" && strings.Contains(arg, "token") {
						t.Errorf("the stage window's argument %q carries the token", arg)
					}
				}
			}
			if !slices.Equal(order, tt.order) {
				t.Errorf("tried %v, want %v", order, tt.order)
			}
			if l.secrets[0] != stageLink {
				t.Errorf("the stage window got %q on stdin, want %q", l.secrets[0], stageLink)
			}
		})
	}
}

// TestNewTokenReopensTheStageWindow: the stage window holds the old link; on
// loopback it keeps reading the show (no flash on the projector); with the LAN
// mode on (every request needs the token) a new token reopens it on the new link.
func TestNewTokenReopensTheStageWindow(t *testing.T) {
	linuxOnly(t)
	var log testkit.SyncBuffer
	a, _, out := stageApp(t, "up", realChildLauncher{&fakeLauncher{}}, &log)
	token := "T"
	a.cfg.SecondScreen = func(v string) (string, error) { return "http://127.0.0.1:8787/" + v + "?token=" + token, nil }
	a.cfg.NewToken = func() error { token = "U"; return nil }
	if got, err := a.Present(1); err != nil || got.How != "window" {
		t.Fatalf("Present = %+v, %v; want the stage window", got, err)
	}
	old := a.stageChild()
	lan := false
	a.cfg.LAN = func(*bool) (LAN, error) { return LAN{On: lan}, nil }
	if _, err := a.NewToken(); err != nil {
		t.Fatal(err)
	}
	if now := a.stageChild(); now != old {
		t.Fatalf("stage child after NewToken on loopback = %v, want the same %v", now, old)
	}
	lan = true
	if _, err := a.NewToken(); err != nil {
		t.Fatal(err)
	}
	testkit.Receive(t, old.Done, testkit.Patience, "the stage window on the old token to end")
	reaped(t, old.PID)
	now := a.stageChild()
	if now == nil || now == old {
		t.Fatalf("stage child after NewToken = %v, want a new one (log: %s)", now, log.String())
	}
	if b, _ := os.ReadFile(out); strings.TrimSpace(string(b)) != "http://127.0.0.1:8787/stage?token=U" {
		t.Errorf("the new stage window read %q, want the link with the new token", b)
	}
}
