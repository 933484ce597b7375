package desktop

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"forkcast/app/show"
)

// fakeLauncher finds the programs in installed and records what it starts;
// exit is what a started program exits with (nil = it keeps running).
// child, when set, is what StartChild does (nil: it fails to start).
type fakeLauncher struct {
	installed []string
	exit      map[string]error
	started   [][]string
	secrets   []string
	child     func() (*Child, error)
}

func (f *fakeLauncher) StartChild(name string, args []string, secret string) (*Child, error) {
	f.started = append(f.started, append([]string{name}, args...))
	f.secrets = append(f.secrets, secret)
	if f.child == nil {
		return nil, errors.New("exec: no such file")
	}
	return f.child()
}

func (f *fakeLauncher) LookPath(name string) (string, error) {
	if slices.Contains(f.installed, name) {
		return "/usr/bin/" + name, nil
	}
	return "", errors.New("not found")
}

func (f *fakeLauncher) Start(name string, args []string) (<-chan error, error) {
	f.started = append(f.started, append([]string{name}, args...))
	done := make(chan error, 1)
	if err, ok := f.exit[filepath.Base(name)]; ok {
		done <- err
	}
	return done, nil
}

func presentApp(l Launcher, screens []Display) *App {
	a := New(Config{Launcher: l, ProfileDir: "/p", SecondScreen: func(v string) (string, error) {
		return "http://127.0.0.1:8787/" + v + "?token=T", nil
	}})
	a.rt = &fakeRuntime{screens: screens}
	return a
}

var laptopAndProjector = []Display{{Index: 0, Width: 1440, Height: 900, Current: true}, {Index: 1, Width: 1920, Height: 1080}}

func TestPresentOnTheOtherDisplay(t *testing.T) {
	l := &fakeLauncher{installed: []string{"chromium"}}
	a := presentApp(l, laptopAndProjector)
	got, err := a.Present(-1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Display != 1 || got.How != "kiosk" {
		t.Errorf("Present(-1) = %+v, want display 1 (the one the window is not on) in kiosk", got)
	}
	if len(l.started) != 1 {
		t.Fatalf("started %v, want one browser", l.started)
	}
	cmd := strings.Join(l.started[0], " ")
	for _, want := range []string{"/usr/bin/chromium ", "--app=http://127.0.0.1:8787/stage?token=T", "--window-position=1440,0", "--kiosk", "--user-data-dir=/p"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("command %q lacks %q", cmd, want)
		}
	}
	// The window on the right-hand display: the stage goes left.
	l2 := &fakeLauncher{installed: []string{"google-chrome"}}
	a2 := presentApp(l2, []Display{{Width: 1920, Height: 1080}, {Width: 1440, Height: 900, Current: true}})
	if got, err := a2.Present(-1); err != nil || got.Display != 0 || !strings.Contains(strings.Join(l2.started[0], " "), "--window-position=0,0") {
		t.Errorf("Present(-1) from the right display = %+v, %v, started %v; want display 0 at x=0", got, err, l2.started)
	}
}

func TestPresentFallsBack(t *testing.T) {
	// A browser that dies at once is skipped; the next one is tried.
	l := &fakeLauncher{installed: []string{"chromium", "google-chrome"}, exit: map[string]error{"chromium": errors.New("exit status 1: no display")}}
	a := presentApp(l, laptopAndProjector)
	if got, err := a.Present(1); err != nil || got.How != "kiosk" || len(l.started) != 2 || l.started[1][0] != "/usr/bin/google-chrome" {
		t.Errorf("Present(1) = %+v, %v, started %v; want google-chrome after chromium failed", got, err, l.started)
	}
	// No Chromium-family browser: the default browser.
	l2 := &fakeLauncher{}
	a2 := presentApp(l2, laptopAndProjector)
	got, err := a2.Present(1)
	if err != nil || got.How != "browser" || len(l2.started) != 1 || l2.started[0][len(l2.started[0])-1] != "http://127.0.0.1:8787/stage?token=T" {
		t.Errorf("Present without a kiosk browser = %+v, %v, started %v; want the opener on the stage link", got, err, l2.started)
	}
	// The opener fails too: a clear error, not silence.
	l3 := &fakeLauncher{exit: map[string]error{"xdg-open": errors.New("exit status 3"), "open": errors.New("exit status 1"), "rundll32": errors.New("exit status 1")}}
	a3 := presentApp(l3, laptopAndProjector)
	if _, err := a3.Present(1); show.ErrorCode(err) != show.ECONFLICT || !strings.Contains(show.ErrorMessage(err), "No browser could be opened") {
		t.Errorf("Present with no browser at all = %v, want a conflict saying no browser could be opened", err)
	}
	if _, err := a3.Present(7); show.ErrorCode(err) != show.EINVALID {
		t.Errorf("Present(7) = %v, want invalid (no display 8)", err)
	}
}

// TestOpenLinkRealOpener runs a real program as the opener: one that fails
// (as xdg-open does with no browser set) gives the speaker an error.
func TestOpenLinkRealOpener(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the opener script is a Linux xdg-open stand-in")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "args")
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	opener, _ := openerFor("linux")
	t.Setenv("PATH", dir)
	write(opener, `echo "$@" > `+log+`; exit 0`)
	a := New(Config{SecondScreen: func(v string) (string, error) { return "http://127.0.0.1:1/" + v, nil }})
	if err := a.OpenLink("stage"); err != nil {
		t.Fatalf("OpenLink with a working opener: %v", err)
	}
	if b, _ := os.ReadFile(log); strings.TrimSpace(string(b)) != "http://127.0.0.1:1/stage" {
		t.Errorf("the opener got %q, want the stage link", b)
	}
	write(opener, `echo "no method available for opening" >&2; exit 3`)
	if err := a.OpenLink("console"); show.ErrorCode(err) != show.ECONFLICT {
		t.Errorf("OpenLink with a failing opener = %v, want a conflict error", err)
	}
	os.Remove(filepath.Join(dir, opener))
	if err := a.OpenLink("console"); show.ErrorCode(err) != show.ECONFLICT {
		t.Errorf("OpenLink with no opener installed = %v, want a conflict error", err)
	}
}

// TestBrowsersGetLaunchLinks: with launch links (as app/cli wires them), no
// browser's command line carries the token: each app-mode browser tried gets
// a link of its own (a failed one may have spent its link), then the opener.
func TestBrowsersGetLaunchLinks(t *testing.T) {
	l := &fakeLauncher{installed: []string{"chromium", "google-chrome"},
		exit: map[string]error{"chromium": errors.New("exit status 1"), "google-chrome": errors.New("exit status 1")}}
	a := presentApp(l, laptopAndProjector)
	n := 0
	a.cfg.LaunchLink = func(v string) (string, error) {
		n++
		return fmt.Sprintf("http://127.0.0.1:8787/launch/%s-%d", v, n), nil
	}
	if got, err := a.Present(1); err != nil || got.How != "browser" {
		t.Fatalf("Present = %+v, %v; want the default browser after two app-mode browsers failed", got, err)
	}
	if err := a.OpenLink("console"); err != nil {
		t.Fatal(err)
	}
	var links []string
	for _, cmd := range l.started {
		line := strings.Join(cmd, " ")
		if strings.Contains(line, "token") {
			t.Errorf("command line %q carries the token", line)
		}
		if i := strings.Index(line, "http://127.0.0.1:8787/launch/"); i >= 0 {
			links = append(links, strings.Fields(strings.TrimPrefix(line[i:], "--app="))[0])
		}
	}
	want := []string{"http://127.0.0.1:8787/launch/stage-1", "http://127.0.0.1:8787/launch/stage-2", "http://127.0.0.1:8787/launch/stage-3", "http://127.0.0.1:8787/launch/console-4"}
	if !slices.Equal(links, want) {
		t.Errorf("the browsers got %q, want a launch link each: %q (started %v)", links, want, l.started)
	}
}
