package desktop

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/testkit"
)

// fakeRuntime records what the facade asks of the window.
type fakeRuntime struct {
	mu         sync.Mutex
	emitted    []string
	fullscreen bool
	pos        [2]int
	size       [2]int
	screens    []Display
}

func (f *fakeRuntime) EventsEmit(name string, _ ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.emitted = append(f.emitted, name)
}
func (f *fakeRuntime) WindowFullscreen()           { f.fullscreen = true }
func (f *fakeRuntime) WindowUnfullscreen()         { f.fullscreen = false }
func (f *fakeRuntime) WindowIsFullscreen() bool    { return f.fullscreen }
func (f *fakeRuntime) BrowserOpenURL(string)       {}
func (f *fakeRuntime) Screens() ([]Display, error) { return f.screens, nil }
func (f *fakeRuntime) WindowSetPosition(x, y int)  { f.pos = [2]int{x, y} }
func (f *fakeRuntime) WindowSetSize(w, h int)      { f.size = [2]int{w, h} }
func (f *fakeRuntime) Quit()                       {}

func (f *fakeRuntime) names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.emitted...)
}

func TestFormatError(t *testing.T) {
	tests := []struct {
		err  error
		code string
		msg  string
	}{
		{show.Errorf(show.EINVALID, "Choice %d is not on this fork.", 7), show.EINVALID, "Choice 7 is not on this fork."},
		{errors.New("disk I/O error"), show.EINTERNAL, "Internal error."},
		// A coded internal error says no more in the window than in the browser.
		{&show.Error{Code: show.EINTERNAL, Message: "Could not save the change.", Err: errors.New("disk I/O error")},
			show.EINTERNAL, "Internal error."},
		{fmt.Errorf("pick: %w", show.Errorf(show.ECONFLICT, "The poll is open.")), show.ECONFLICT, "The poll is open."},
	}
	for _, tt := range tests {
		got := FormatError(discard(), tt.err).(ErrorBody)
		if got.Code != tt.code || got.Message != tt.msg {
			t.Errorf("FormatError(%v) = %v, want {%s %s}", tt.err, got, tt.code, tt.msg)
		}
	}
}

func TestEventsReachTheWindow(t *testing.T) {
	hub := show.NewHub()
	rt := &fakeRuntime{}
	a := New(Config{Hub: hub})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a.startup(ctx, rt)
	// The forwarder subscribes in the background: publish until it hears.
	testkit.WaitFor(t, testkit.Patience, "an event forwarded to the window", func() bool {
		hub.Notify(show.EventState, show.State{})
		return len(rt.names()) > 0
	})
	if got := rt.names(); len(got) == 0 || got[0] != show.EventState {
		t.Fatalf("emitted %v, want %s first", got, show.EventState)
	}
	a.shutdown()
}

func TestFullscreenOn(t *testing.T) {
	rt := &fakeRuntime{screens: []Display{{Index: 0, Width: 1440, Height: 900, Current: true}, {Index: 1, Width: 1920, Height: 1080}}}
	a := New(Config{})
	a.rt = rt
	if err := a.FullscreenOn(1); err != nil {
		t.Fatal(err)
	}
	if !rt.fullscreen || rt.pos != [2]int{1440 + 40, 40} {
		t.Errorf("after FullscreenOn(1): fullscreen=%v pos=%v, want true [1480 40]", rt.fullscreen, rt.pos)
	}
	if err := a.FullscreenOn(5); show.ErrorCode(err) != show.EINVALID {
		t.Errorf("FullscreenOn(5) = %v, want an invalid error", err)
	}
	a2 := New(Config{})
	if err := a2.ToggleFullscreen(); show.ErrorCode(err) != show.ECONFLICT {
		t.Errorf("ToggleFullscreen before startup = %v, want conflict", err)
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestQuitWhenDone: ending the command's context (Ctrl-C) closes the window;
// a window closed first leaves the runtime alone.
func TestQuitWhenDone(t *testing.T) {
	rt := &quitRuntime{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { quitWhenDone(ctx, context.Background(), rt); close(done) }()
	cancel()
	testkit.Receive(t, done, 5*time.Second, "quitWhenDone to return after the context ended")
	if !rt.quit.Load() {
		t.Errorf("the window was not asked to quit")
	}
	rt2 := &quitRuntime{}
	closed, closeWindow := context.WithCancel(context.Background())
	closeWindow()
	quitWhenDone(context.Background(), closed, rt2)
	if rt2.quit.Load() {
		t.Errorf("quit after the window had closed")
	}
}

// quitRuntime records Quit.
type quitRuntime struct {
	fakeRuntime
	quit atomic.Bool
}

func (q *quitRuntime) Quit() { q.quit.Store(true) }
