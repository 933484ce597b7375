package cli

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"forkcast/app/testkit"
)

// TestHelperServeProcess is not a test: it is `forkcast serve` in a process
// of its own (this test binary run again), for the tests that need two real
// processes on one database or a kill -9.
func TestHelperServeProcess(t *testing.T) {
	if os.Getenv("FORKCAST_HELPER_SERVE") != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	args := strings.Split(os.Getenv("FORKCAST_HELPER_ARGS"), "\x1f")
	os.Exit(Main(ctx, append([]string{"serve"}, args...), Env{Stdout: os.Stdout, Stderr: os.Stderr, Version: "dev", Frontend: testFrontend}))
}

// serveProc is one `forkcast serve` process.
type serveProc struct {
	cmd    *exec.Cmd
	stage  string // the stage URL it printed ("" when it exited first)
	stderr *testkit.SyncBuffer
	exited chan struct{}
}

// startServeProc runs serve with args in a new process and waits until it
// prints its stage URL or exits; it is killed when the test ends.
func startServeProc(t *testing.T, args ...string) *serveProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServeProcess$")
	cmd.Env = append(os.Environ(), "FORKCAST_HELPER_SERVE=1", "FORKCAST_HELPER_ARGS="+strings.Join(args, "\x1f"), "FORKCAST_TOKEN=")
	p := &serveProc{cmd: cmd, stderr: &testkit.SyncBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start serve: %v", err)
	}
	t.Cleanup(func() { p.kill9(t) })
	stage := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "stage: "); ok {
				stage <- u
			}
		}
		cmd.Wait()
		close(p.exited)
	}()
	select {
	case p.stage = <-stage:
	case <-p.exited:
	case <-time.After(testkit.Patience):
		t.Fatalf("serve %v printed no stage URL and did not exit within %v; stderr: %s", args, testkit.Patience, p.stderr.String())
	}
	return p
}

// kill9 kills the process with SIGKILL (no clean-up runs) and waits for it.
func (p *serveProc) kill9(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Kill()
	select {
	case <-p.exited:
	case <-time.After(testkit.Patience):
		t.Fatalf("serve pid %d still running %v after SIGKILL", p.cmd.Process.Pid, testkit.Patience)
	}
}

// exitCode waits for the process to exit by itself and returns its code.
func (p *serveProc) exitCode(t *testing.T) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(testkit.Patience):
		t.Fatalf("serve pid %d still running after %v; stderr: %s", p.cmd.Process.Pid, testkit.Patience, p.stderr.String())
		return -1
	}
}

// TestSecondCopyRefused: two processes on one database: the second refuses
// with the first one's pid and touches nothing; after the first is killed
// with SIGKILL (no clean-up) a new one starts, and resumes the same links.
func TestSecondCopyRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "show.db")
	args := []string{"--story", "../../stories/demo.md", "--db", db}
	first := startServeProc(t, args...)
	if first.stage == "" {
		t.Fatalf("the first serve exited: %s", first.stderr.String())
	}
	second := startServeProc(t, args...)
	if second.stage != "" {
		t.Fatalf("the second serve on the same database started (%s), want a refusal", second.stage)
	}
	if code := second.exitCode(t); code != exitFailed {
		t.Errorf("the second serve exited %d, want %d", code, exitFailed)
	}
	want := fmt.Sprintf("Forkcast is already running on this database (pid %d)", first.cmd.Process.Pid)
	if got := second.stderr.String(); !strings.Contains(got, want) {
		t.Errorf("the second serve said %q, want it to contain %q", got, want)
	}
	first.kill9(t)
	third := startServeProc(t, args...)
	if third.stage == "" {
		t.Fatalf("serve after kill -9 of the first did not start: %s", third.stderr.String())
	}
	if third.stage != first.stage {
		t.Errorf("after a restart the stage link is %s, want the same as before: %s", third.stage, first.stage)
	}
	if b, err := os.ReadFile(db + ".lock"); err != nil || strings.TrimSpace(string(b)) != strconv.Itoa(third.cmd.Process.Pid) {
		t.Errorf("lock file holds %q (%v), want the running pid %d", b, err, third.cmd.Process.Pid)
	}
}

// TestLinksKeptAcrossRestarts: the same database gives the same port and
// token; --new-token keeps the port and changes the token; a port taken by
// another program is said on the log and another one is used.
func TestLinksKeptAcrossRestarts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "show.db")
	args := []string{"--story", "../../stories/demo.md", "--db", db}
	runOnce := func(extra ...string) *serveProc {
		p := startServeProc(t, append(args, extra...)...)
		if p.stage == "" {
			t.Fatalf("serve %v did not start: %s", extra, p.stderr.String())
		}
		p.cmd.Process.Signal(syscall.SIGTERM)
		if code := p.exitCode(t); code != exitOK {
			t.Fatalf("serve exited %d: %s", code, p.stderr.String())
		}
		return p
	}
	a := runOnce()
	b := runOnce()
	if a.stage != b.stage {
		t.Errorf("second run's stage link %s, want the first run's %s", b.stage, a.stage)
	}
	c := runOnce("--new-token")
	if hostOf(c.stage) != hostOf(a.stage) || tokenOf(c.stage) == tokenOf(a.stage) || len(tokenOf(c.stage)) != 48 {
		t.Errorf("--new-token gave %s, want the port of %s with another 48-character token", c.stage, a.stage)
	}
	d := runOnce()
	if d.stage != c.stage {
		t.Errorf("the run after --new-token gave %s, want the new link %s kept", d.stage, c.stage)
	}
	// Another program takes the port between two runs.
	ln, err := net.Listen("tcp", hostOf(d.stage))
	if err != nil {
		t.Fatalf("take the port: %v", err)
	}
	defer ln.Close()
	e := runOnce()
	if hostOf(e.stage) == hostOf(d.stage) || tokenOf(e.stage) != tokenOf(d.stage) {
		t.Errorf("with the port taken the link is %s, want another port and the same token as %s", e.stage, d.stage)
	}
	if want := "Port " + portOf(hostOf(d.stage)) + " of the last run is taken"; !strings.Contains(e.stderr.String(), want) {
		t.Errorf("the log does not say %q:\n%s", want, e.stderr.String())
	}
}

// hostOf is the host:port of a link; tokenOf its token.
func hostOf(link string) string {
	s, _ := strings.CutPrefix(link, "http://")
	return s[:strings.Index(s, "/")]
}

func tokenOf(link string) string { return link[strings.Index(link, "token=")+len("token="):] }
