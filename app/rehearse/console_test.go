package rehearse

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/testkit"
)

// fakeShow is the running show a Console works beside.
type fakeShow struct {
	s      *story.Story
	resets int
}

func (f *fakeShow) Story() *story.Story { return f.s }

func (f *fakeShow) ResetRehearsal(context.Context) error { f.resets++; return nil }

// fakeBias is a simulated audience's bias, refusing specs with a reason.
type fakeBias struct{ bias string }

func (f *fakeBias) Bias() string { return f.bias }

func (f *fakeBias) SetBias(spec string) error {
	if spec == "x/y" {
		return errors.New("x is not a number")
	}
	f.bias = spec
	return nil
}

func TestConsoleAudience(t *testing.T) {
	ctx := context.Background()
	none := NewConsole(ConsoleConfig{Show: &fakeShow{}})
	if got := none.Audience(); got != "" {
		t.Errorf("Audience without a simulated audience = %q, want \"\"", got)
	}
	if err := none.SetAudience(ctx, "60/40"); show.ErrorCode(err) != show.ECONFLICT {
		t.Errorf("SetAudience without a simulated audience = %v, want a conflict", err)
	}
	b := &fakeBias{bias: "50/50"}
	c := NewConsole(ConsoleConfig{Show: &fakeShow{}, Bias: b})
	if err := c.SetAudience(ctx, "60/40"); err != nil || c.Audience() != "60/40" {
		t.Errorf("SetAudience(60/40) = %v, bias now %q; want it set", err, c.Audience())
	}
	err := c.SetAudience(ctx, "x/y")
	if show.ErrorCode(err) != show.EINVALID || show.ErrorMessage(err) != `Bias "x/y": x is not a number` {
		t.Errorf("SetAudience(x/y) = %v (%s), want invalid with the reason", err, show.ErrorCode(err))
	}
	var e *show.Error
	if !errors.As(err, &e) || e.Err == nil || e.Err.Error() != "x is not a number" {
		t.Errorf("the refusal does not wrap its cause: %#v", err)
	}
	if c.Audience() != "60/40" {
		t.Errorf("a refused bias changed it to %q", c.Audience())
	}
	fs := &fakeShow{}
	if err := NewConsole(ConsoleConfig{Show: fs}).Reset(ctx); err != nil || fs.resets != 1 {
		t.Errorf("Reset = %v after %d resets, want one", err, fs.resets)
	}
}

// TestConsoleOneWalkAtATime holds a walk inside its audience factory and
// checks that a second walk is refused with a conflict, not queued.
func TestConsoleOneWalkAtATime(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	blocked := func(func() time.Time) (Audience, error) {
		close(entered)
		<-release
		return nil, errors.New("no audience in this test")
	}
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "walk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := NewConsole(ConsoleConfig{Show: &fakeShow{s: loadStory(t, "testdata/timed.md")}, Audience: blocked,
		Scratch: func() (show.Store, func(), error) { return db, func() {}, nil }})
	first := make(chan error, 1)
	go func() { _, err := c.Walk(context.Background()); first <- err }()
	testkit.Receive(t, entered, 10*time.Second, "the first walk to start")
	if _, err := c.Walk(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Errorf("a second walk = %v, want a conflict", err)
	}
	close(release)
	err = testkit.Receive(t, first, 10*time.Second, "the first walk to end")
	if err == nil || show.ErrorCode(err) != show.EINTERNAL || show.ErrorMessage(err) != "Internal error." {
		t.Errorf("a walk whose audience fails = %v, want an internal error", err)
	}
}

func TestConsoleTimingReportReadsTheStore(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := loadStory(t, "testdata/timed.md")
	r, err := NewConsole(ConsoleConfig{Show: &fakeShow{s: s}, Store: db}).TimingReport(context.Background())
	if err != nil || r.Title != s.Title || len(r.Paths) != 2 || len(r.Sessions) != 0 {
		t.Fatalf("TimingReport = %+v, %v; want the story's 2 paths from no session", r, err)
	}
	db.Close()
	if _, err := NewConsole(ConsoleConfig{Show: &fakeShow{s: s}, Store: db}).TimingReport(context.Background()); show.ErrorCode(err) != show.EINTERNAL {
		t.Errorf("TimingReport on a closed store = %v, want an internal error", err)
	}
}
