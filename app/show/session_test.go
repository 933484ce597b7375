package show_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/testkit"
	"forkcast/app/vote"
)

func TestResume(t *testing.T) {
	o := defaultOpts()
	o.Timer = 60 * time.Second
	f := newFixture(t, o)
	f.toFork()
	f.do("open", f.e.OpenPoll)
	f.text(1, "1")
	f.text(2, "2")
	f.text(3, "2")
	f.text(4, "hmm")
	before := f.e.State()
	f.clock.Advance(10 * time.Second)
	f.start(false) // a restart: same store, same story
	after := f.e.State()
	if !after.Session.Resumed || after.Session.ID != before.Session.ID {
		t.Fatalf("session %d resumed=%v, want %d resumed", after.Session.ID, after.Session.Resumed, before.Session.ID)
	}
	if after.Scene != before.Scene || after.Slide != before.Slide {
		t.Fatalf("at %s/%d, want %s/%d", after.Scene, after.Slide, before.Scene, before.Slide)
	}
	p, q := after.Poll, before.Poll
	if p.ID != q.ID || p.State != show.PollOpen || !p.ClosesAt.Equal(q.ClosesAt) || p.Total != 3 || p.Invalid != 1 {
		t.Fatalf("poll after restart %+v, want %+v", p, q)
	}
	if got := p.ClosesAt.Sub(after.Now); got != 50*time.Second {
		t.Fatalf("remaining %v, want 50s", got)
	}
	// One vote per phone still holds across the restart.
	f.text(1, "2")
	if got := f.lastResult().Result; got != show.ResultChanged {
		t.Fatalf("vote change after restart: %q, want changed", got)
	}
	if got := f.counts(); got[1] != 0 || got[2] != 3 {
		t.Fatalf("counts=%v, want 1:0 2:3", got)
	}
}

func TestResumeAfterDeadline(t *testing.T) {
	o := defaultOpts()
	o.Timer, o.Grace = 30*time.Second, 5*time.Second
	f := newFixture(t, o)
	f.toFork()
	f.do("open", f.e.OpenPoll)
	opened := f.clock.Now()
	f.text(1, "2")
	f.e.Close()
	f.clock.Advance(2 * time.Minute) // down past the deadline and the grace window
	f.start(false)
	p := f.e.State().Poll
	if p.State != show.PollDecided || p.Winner != 2 || !p.ClosedAt.Equal(opened.Add(30*time.Second)) {
		t.Fatalf("poll %+v, want decided for 2, closed at the deadline", p)
	}
}

func TestNewSessionAndModes(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.do("next", f.e.Next)
	first := f.e.State().Session.ID
	f.start(true)
	s := f.e.State()
	if s.Session.ID == first || s.Scene != "intro" || s.Slide != 0 || s.Session.Resumed {
		t.Fatalf("new session %d at %s/%d resumed=%v, want a fresh one", s.Session.ID, s.Scene, s.Slide, s.Session.Resumed)
	}
	// A rehearsal never resumes the live session.
	f.e.Close()
	r, err := show.New(context.Background(), show.Config{Story: f.st, Store: f.db, Mode: show.Rehearsal, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := r.State().Session; got.Mode != show.Rehearsal || got.ID == s.Session.ID {
		t.Fatalf("rehearsal session %+v shares the live one %d", got, s.Session.ID)
	}
	if err := r.ResetRehearsal(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.start(false)
	if got := f.e.State().Session.ID; got != s.Session.ID {
		t.Fatalf("live resumed session %d, want %d", got, s.Session.ID)
	}
	if err := f.e.ResetRehearsal(context.Background()); show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("reset a live show: %v, want conflict", err)
	}
}

func TestNewErrors(t *testing.T) {
	db, err := sqlite.Open(t.TempDir() + "/x.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := testStory(defaultOpts())
	for name, cfg := range map[string]show.Config{
		"no story":  {Store: db, Mode: show.Live},
		"no store":  {Story: st, Mode: show.Live},
		"no mode":   {Story: st, Store: db},
		"bad start": {Story: &story.Story{Start: "x", Scenes: []*story.Scene{{ID: "y"}}}, Store: db, Mode: show.Live},
	} {
		if _, err := show.New(context.Background(), cfg); show.ErrorCode(err) != show.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}

func TestReloadStory(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.toFork()
	s2 := testStory(defaultOpts())
	s2.Hash = "edited"
	if err := f.e.ReloadStory(s2); err != nil {
		t.Fatal(err)
	}
	if s := f.e.State(); s.Scene != "crisis" || s.Slide != 1 || s.Story.Hash != "edited" {
		t.Fatalf("after reload at %s/%d hash %s, want crisis/1 edited", s.Scene, s.Slide, s.Story.Hash)
	}
	// A restart with the edited story resumes the same session.
	f.st = s2
	id := f.e.State().Session.ID
	f.start(false)
	if got := f.e.State().Session.ID; got != id {
		t.Fatalf("session %d after restart, want %d", got, id)
	}
	s3 := testStory(defaultOpts())
	s3.Hash = "no crisis"
	s3.Scenes = append(s3.Scenes[:1:1], s3.Scenes[2:]...)
	s3.Scenes[0].Next = "security"
	if err := f.e.ReloadStory(s3); err != nil {
		t.Fatal(err)
	}
	if s := f.e.State(); s.Scene != "intro" || s.Slide != 0 {
		t.Fatalf("scene gone: at %s/%d, want intro/0", s.Scene, s.Slide)
	}
	if err := f.e.ReloadStory(&story.Story{}); show.ErrorCode(err) != show.EINVALID {
		t.Fatalf("reload empty story: %v, want invalid", err)
	}
}

// failingStore wraps the real store; its transactions fail to commit when fail is set.
type failingStore struct {
	*sqlite.DB
	fail bool
}

type failingTx struct {
	show.Tx
	fail bool
}

func (s *failingStore) Begin(ctx context.Context) (show.Tx, error) {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return &failingTx{Tx: tx, fail: s.fail}, nil
}

func (tx *failingTx) Commit() error {
	if tx.fail {
		tx.Tx.Rollback()
		return errors.New("disk full")
	}
	return tx.Tx.Commit()
}

func TestNoEventsWithoutCommit(t *testing.T) {
	db, err := sqlite.Open(t.TempDir() + "/x.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := &failingStore{DB: db}
	rec := &recorder{}
	c := newClock()
	e, err := show.New(context.Background(), show.Config{Story: testStory(defaultOpts()), Store: store,
		Notifier: rec, Mode: show.Live, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	store.fail = true
	before := rec.count(show.EventState)
	if err := e.Next(context.Background()); show.ErrorCode(err) != show.EINTERNAL {
		t.Fatalf("next with a failing store: %v, want internal", err)
	}
	err = e.Ingest(context.Background(), []vote.Message{{Source: "sim", ProviderID: "1", Sender: "+15035550001", Text: "1"}})
	if err == nil {
		t.Fatal("ingest with a failing store returned nil")
	}
	// A state event goes out on the acting goroutine before the action
	// returns, so none can still be on its way.
	if got := rec.count(show.EventState); got != before {
		t.Fatalf("%d state events after failed commits, want none", got-before)
	}
	if s := e.State(); s.Slide != 0 {
		t.Fatalf("slide=%d after a failed next, want 0", s.Slide)
	}
	store.fail = false
	if err := e.Ingest(context.Background(), []vote.Message{{Source: "sim", ProviderID: "1", Sender: "+15035550001", Text: "1"}}); err != nil {
		t.Fatalf("ingest after the store recovered: %v", err)
	}
	in, _ := e.Inbox(context.Background(), 10)
	if len(in) != 1 {
		t.Fatalf("inbox has %d texts, want 1", len(in))
	}
	// Message events are coalesced: a text queued by the failed commit would
	// go out in the same flush as the committed one, or before it. Once the
	// committed text's event is here, the failed one has had its chance.
	var sent []show.InboxEntry
	testkit.Eventually(t, testkit.Patience, "the message event of the committed text", func() error {
		sent = rec.messages()
		if !slices.ContainsFunc(sent, func(m show.InboxEntry) bool { return m.ID == in[0].ID }) {
			return fmt.Errorf("message events carry %+v, none with id %d", sent, in[0].ID)
		}
		return nil
	})
	if len(sent) != 1 {
		t.Fatalf("message events carry %+v, want only the committed text", sent)
	}
}

func TestReloadRemovesOpenFork(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.toFork()
	f.do("open", f.e.OpenPoll)
	s2 := testStory(defaultOpts())
	s2.Hash = "no fork"
	crisis := s2.Scene("crisis")
	crisis.Fork, crisis.Next = nil, "security"
	if err := f.e.ReloadStory(s2); err != nil {
		t.Fatal(err)
	}
	if p := f.e.State().Poll; p != nil {
		t.Fatalf("poll %+v on a scene without a fork", p)
	}
	f.clock.Advance(6 * time.Second) // past the grace window of the closed poll
	f.text(1, "1")
	if got := f.lastResult().Result; got != show.ResultLate {
		t.Fatalf("text after the fork vanished: %q, want late", got)
	}
	f.do("next", f.e.Next)
	if s := f.e.State(); s.Scene != "security" {
		t.Fatalf("scene=%s, want security", s.Scene)
	}
}

// TestStoryChanged: a watcher's new reading reloads the show when it has no
// errors, keeps the previous version when it has, and the edges hear both.
func TestStoryChanged(t *testing.T) {
	f := newFixture(t, defaultOpts())
	s2 := testStory(defaultOpts())
	s2.Hash = "edited"
	warn := story.Diagnostic{Pos: story.Pos{File: "test.md", Line: 3, Col: 1}, Severity: story.SevWarning, Message: "w"}
	st := f.e.StoryChanged("test.md", s2, []story.Diagnostic{warn})
	if !st.OK || st.Hash != "edited" || len(st.Problems) != 1 || f.e.State().Story.Hash != "edited" {
		t.Fatalf("clean change: status %+v, show on hash %q; want reloaded with one warning", st, f.e.State().Story.Hash)
	}
	bad := story.Diagnostic{Pos: story.Pos{File: "test.md", Line: 9, Col: 4}, Severity: story.SevError, Message: "unknown target \"x\""}
	st = f.e.StoryChanged("test.md", nil, []story.Diagnostic{bad})
	if st.OK || f.e.State().Story.Hash != "edited" || len(st.Problems) != 1 || st.Problems[0] != bad.String() {
		t.Fatalf("broken change: status %+v, show on hash %q; want the previous version kept", st, f.e.State().Story.Hash)
	}
	st = f.e.StoryChanged("test.md", &story.Story{}, nil)
	if st.OK || !strings.Contains(strings.Join(st.Problems, "\n"), "reload: The new story has no start scene.") {
		t.Fatalf("unloadable story: status %+v, want the reload's sentence", st)
	}
	if n := f.rec.count(show.EventStory); n != 3 {
		t.Errorf("%d story events, want 3", n)
	}
}
