package show_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// testStory is a small talk: intro (2 slides) -> crisis (fork, 2 slides) ->
// security | traffic -> rating -> END.
func testStory(opts story.VoteOptions) *story.Story {
	slides := func(n int) []*story.Slide {
		out := make([]*story.Slide, n)
		for i := range out {
			out[i] = &story.Slide{Index: i, HTML: fmt.Sprintf("<p>slide %d</p>", i)}
		}
		return out
	}
	return &story.Story{
		File: "test.md", Hash: "hash-" + string(opts.Policy) + string(opts.Ties) + string(opts.Open) + opts.Timer.String() + opts.Grace.String(),
		Title: "Test talk", Start: "intro", Vote: opts,
		Scenes: []*story.Scene{
			{ID: "intro", Vote: opts, Slides: slides(2), Next: "crisis"},
			{ID: "crisis", Vote: opts, Slides: slides(2), Fork: &story.Fork{Choices: []*story.Choice{
				{Number: 1, Label: "Security breach", Target: "security", Keywords: []string{"breach", "security"}},
				{Number: 2, Label: "Traffic surge", Target: "traffic", Keywords: []string{"surge"}},
			}}},
			{ID: "security", Vote: opts, Slides: slides(1), Next: "rating"},
			{ID: "traffic", Vote: opts, Slides: slides(1), Next: "rating"},
			{ID: "rating", Vote: opts, Slides: slides(1), Next: story.End, Rating: &story.Rating{Min: 1, Max: 10}},
		},
	}
}

// defaultOpts are the story format's defaults.
func defaultOpts() story.VoteOptions {
	return story.VoteOptions{Number: "+1 503 555 0142", Policy: story.LastWins, Ties: story.TiesPresenter,
		Open: story.OpenOnKey, Grace: 5 * time.Second}
}

// newClock returns the fake clock the engine reads, at the start of the talk.
func newClock() *testkit.Clock { return testkit.NewClock(time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)) }

// recorder is a Notifier that keeps every event.
type recorder struct {
	mu     sync.Mutex
	events []show.Event
}

func (r *recorder) Notify(name string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, show.Event{Name: name, Payload: payload})
}

func (r *recorder) count(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.events {
		if e.Name == name {
			n++
		}
	}
	return n
}

// messages returns the texts of every message event, in order.
func (r *recorder) messages() []show.InboxEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []show.InboxEntry
	for _, e := range r.events {
		if e.Name == show.EventMessage {
			out = append(out, e.Payload.([]show.InboxEntry)...)
		}
	}
	return out
}

// fixture is an engine on a real SQLite file in a temp dir.
type fixture struct {
	t     *testing.T
	db    *sqlite.DB
	path  string
	clock *testkit.Clock
	rec   *recorder
	e     *show.Engine
	st    *story.Story
	seq   int
}

func newFixture(t *testing.T, opts story.VoteOptions) *fixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "forkcast.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, db: db, path: path, clock: newClock(), rec: &recorder{}, st: testStory(opts)}
	f.start(false)
	return f
}

// start (re)starts the engine on the fixture's store.
func (f *fixture) start(fresh bool) {
	f.t.Helper()
	if f.e != nil {
		f.e.Close()
	}
	e, err := show.New(context.Background(), show.Config{Story: f.st, Store: f.db, Notifier: f.rec,
		Mode: show.Live, NewSession: fresh, Region: "US", Now: f.clock.Now})
	if err != nil {
		f.t.Fatalf("new engine: %v", err)
	}
	f.e = e
	f.t.Cleanup(func() { e.Close() })
}

// do runs an action and fails the test on error.
func (f *fixture) do(name string, fn func(context.Context) error) {
	f.t.Helper()
	if err := fn(context.Background()); err != nil {
		f.t.Fatalf("%s: %v", name, err)
	}
}

// toFork moves from the start to the fork's poll slide.
func (f *fixture) toFork() {
	f.t.Helper()
	for i := 0; i < 3; i++ {
		f.do("next", f.e.Next)
	}
	if s := f.e.State(); s.Scene != "crisis" || !s.AtFork {
		f.t.Fatalf("at %s/%d atFork=%v, want crisis poll slide", s.Scene, s.Slide, s.AtFork)
	}
}

// text ingests one text from phone n; it returns the message.
func (f *fixture) text(phone int, body string) vote.Message {
	f.t.Helper()
	f.seq++
	m := vote.Message{Source: "sim", ProviderID: fmt.Sprintf("m%d", f.seq), Sender: fmt.Sprintf("+1503555%04d", phone),
		Text: body, ReceivedAt: f.clock.Now()}
	if err := f.e.Ingest(context.Background(), []vote.Message{m}); err != nil {
		f.t.Fatalf("ingest %q: %v", body, err)
	}
	return m
}

// lastResult returns the result of the newest inbox entry.
func (f *fixture) lastResult() show.InboxEntry {
	f.t.Helper()
	in, err := f.e.Inbox(context.Background(), 1)
	if err != nil || len(in) == 0 {
		f.t.Fatalf("inbox: %v (%d entries)", err, len(in))
	}
	return in[0]
}

// counts returns the current poll's counts by choice.
func (f *fixture) counts() map[int]int {
	out := map[int]int{}
	if p := f.e.State().Poll; p != nil {
		for _, c := range p.Choices {
			out[c.Number] = c.Count
		}
	}
	return out
}
