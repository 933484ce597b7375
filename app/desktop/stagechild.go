package desktop

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// StageWindowCommand is the stage window's subcommand: `forkcast stage-window`.
const StageWindowCommand = "stage-window"

// StageUpLine is what the stage-window process prints on its standard output
// once its window is on the display and loading the stage.
const StageUpLine = "stage-window: up"

// StageCloseLine is what the desktop app writes on the stage window's
// standard input to close it. The end of its input alone (the app killed or
// crashed) leaves the window up: the projector keeps the stage, whose page
// reconnects by itself once the app is back on the same port and token, and
// the restarted app adopts the window (stagefile.go).
const StageCloseLine = "close"

// ReadStageControl reads the stage window's standard input after the link:
// it returns true when the app asked the window to close (StageCloseLine),
// false when the input ended without it (the app is gone).
func ReadStageControl(in *bufio.Reader) (closeAsked bool) {
	for {
		line, err := in.ReadString('\n')
		if strings.TrimSpace(line) == StageCloseLine {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// Child is a stage-window process: started by this process (StartChild), or
// adopted from the run before (adoptChild). Close asks it to close its window
// and exit: on its standard input, or by a signal when adopted.
type Child struct {
	// PID is the process id (for the log).
	PID int
	// Up is closed when the child reports its window up.
	Up <-chan struct{}
	// Done is closed once the child has exited and been waited for (reaped);
	// Err then says how it exited.
	Done <-chan struct{}

	err     error
	closeIn func() error
	kill    func() error
}

// Err is how the child exited (nil for status 0); valid once Done is closed.
func (c *Child) Err() error {
	<-c.Done
	return c.err
}

// childGrace is how long Close waits for the child to exit by itself before
// it kills it.
const childGrace = 3 * time.Second

// Close asks the child to exit (StageCloseLine, or SIGTERM), kills it when it
// has not exited within a few seconds, and returns once it is reaped. It
// returns the child's exit error, or nil.
func (c *Child) Close() error {
	_ = c.closeIn()
	select {
	case <-c.Done:
		return c.err
	case <-time.After(childGrace):
	}
	_ = c.kill()
	return c.Err()
}

// newChild makes a Child from its parts (for Launcher fakes): up is closed
// when the window is up; done receives the exit; closeIn and kill end it.
func newChild(pid int, up <-chan struct{}, done <-chan error, closeIn, kill func() error) *Child {
	exited := make(chan struct{})
	c := &Child{PID: pid, Up: up, Done: exited, closeIn: closeIn, kill: kill}
	go func() {
		c.err = <-done
		close(exited)
	}()
	return c
}

// StartChild runs name with args and writes secret, then a newline, to its
// standard input, which stays open: the secret never appears on the command
// line (any user can read that). It fails when the program cannot be started.
func (ExecLauncher) StartChild(name string, args []string, secret string) (*Child, error) {
	cmd := exec.Command(name, args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("stage window stdin: %w", err)
	}
	// One pipe of our own for its output: the child's WebKit helpers inherit
	// it and may hold it open after the child exits, which must not delay
	// reaping the child (exec's own pipes make Wait wait for them).
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("stage window output: %w", err)
	}
	cmd.Stdout, cmd.Stderr = w, w
	err = cmd.Start()
	w.Close()
	if err != nil {
		r.Close()
		in.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	up := make(chan struct{})
	done := make(chan error, 1)
	// The secret is written from a goroutine: a child that never reads its
	// input must not block Present. The close line follows it.
	written := make(chan struct{})
	go func() {
		defer close(written)
		_, _ = io.WriteString(in, secret+"\n")
	}()
	closeIn := func() error {
		<-written
		_, _ = io.WriteString(in, StageCloseLine+"\n")
		return in.Close()
	}
	tail := &tailBuffer{max: 2048}
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(r)
		isUp := false
		for sc.Scan() {
			line := sc.Text()
			if !isUp && strings.TrimSpace(line) == StageUpLine {
				isUp = true
				close(up)
				continue
			}
			_, _ = tail.Write([]byte(line + "\n"))
		}
	}()
	go func() {
		err := cmd.Wait()
		// Its last words, unless a helper holds the pipe open.
		select {
		case <-scanned:
		case <-time.After(time.Second):
		}
		r.Close()
		if err != nil {
			if t := tail.String(); t != "" {
				err = fmt.Errorf("%w: %s", err, t)
			}
		}
		done <- err
	}()
	return newChild(cmd.Process.Pid, up, done, closeIn, cmd.Process.Kill), nil
}

// tailBuffer keeps the last max bytes written to it (a child's last words).
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.b))
}

// errStageTimeout is why a stage window that never came up is abandoned.
var errStageTimeout = errors.New("the stage window did not come up in time")
