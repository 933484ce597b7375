package cli

// The rehearsal tools driven by the simulated audience (bridge/sim), as the
// CLI and the console wire them: tests that need both app/rehearse and a
// bridge live here, in the one package that may import both.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"forkcast/app/rehearse"
	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/sim"
)

var t0 = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

func loadStory(t testing.TB, path string) *story.Story {
	t.Helper()
	s, diags, err := story.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if story.HasErrors(diags) || s == nil {
		t.Fatalf("parse %s: %v", path, diags)
	}
	return s
}

// walkClock is a settable clock for the engine and the audience.
type walkClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *walkClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *walkClock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// scratch is the walks' throw-away store: a SQLite file in t.TempDir().
func scratch(t testing.TB) func() (show.Store, func(), error) {
	return func() (show.Store, func(), error) {
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "walk.db"))
		if err != nil {
			return nil, nil, err
		}
		return db, func() { db.Close() }, nil
	}
}

// simAudience makes bridge/sim audiences for walks.
func simAudience(spec string) func(now func() time.Time) (rehearse.Audience, error) {
	return func(now func() time.Time) (rehearse.Audience, error) {
		cfg, err := sim.ParseSpec(spec)
		if err != nil {
			return nil, err
		}
		cfg.Instant, cfg.Now = true, now
		return sim.New(cfg)
	}
}

func walk(t *testing.T, path, spec string) *rehearse.Coverage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cov, err := rehearse.Walk(ctx, rehearse.WalkOptions{Story: loadStory(t, path), Audience: simAudience(spec), Scratch: scratch(t), Start: t0})
	if err != nil {
		t.Fatalf("rehearse.Walk(%s): %v\ncoverage: %+v", path, err, cov)
	}
	return cov
}

func TestWalkCoversEveryBranch(t *testing.T) {
	cov := walk(t, "../rehearse/testdata/timed.md", "audience=120,seed=3")
	if cov.Percent != 100 || cov.Covered != 2 || cov.Choices != 2 || len(cov.Unreached) != 0 {
		t.Errorf("coverage %v%% (%d of %d), unreached %v; want 100%% of 2", cov.Percent, cov.Covered, cov.Choices, cov.Unreached)
	}
	if len(cov.Runs) != 2 {
		t.Fatalf("%d runs, want 2 (one per choice)", len(cov.Runs))
	}
	for i, r := range cov.Runs {
		if len(r.Polls) != 1 {
			t.Fatalf("run %d: %d polls, want 1", i, len(r.Polls))
		}
		p := r.Polls[0]
		if p.Winner != p.Wanted || p.Total < 50 || p.DecidedBy != "votes" {
			t.Errorf("run %d poll %+v: want the steered choice %d to win by votes with ≥ 50 votes", i, p, p.Wanted)
		}
	}
	if got := strings.Join(cov.Runs[1].Scenes, ">"); got != "intro>pick>long" {
		t.Errorf("second run %s, want intro>pick>long", got)
	}
	if cov.Texts == 0 {
		t.Error("no texts counted in the coverage")
	}
}

func TestWalkBundledStories(t *testing.T) {
	for _, name := range []string{"demo.md", "django-deployment.md"} {
		path := filepath.Join("..", "..", "stories", name)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("bundled story %s: %v", name, err)
		}
		t.Run(name, func(t *testing.T) {
			cov := walk(t, path, "seed=5")
			if cov.Percent != 100 || len(cov.Unreached) > 0 {
				t.Errorf("coverage %v%%, unreached %v, want 100%% and none", cov.Percent, cov.Unreached)
			}
			for _, b := range cov.Branches {
				if b.Taken == 0 {
					t.Errorf("branch %s→%d never taken", b.Scene, b.Choice)
				}
			}
		})
	}
}

// TestWalkForcesWhenVotesDisagree uses an audience that always votes 1: the
// walk must override the vote to cover choice 2, and say so.
func TestWalkForcesWhenVotesDisagree(t *testing.T) {
	ctx := context.Background()
	aud := func(now func() time.Time) (rehearse.Audience, error) {
		cfg, _ := sim.ParseSpec("audience=60,bias=100/0,change=0,late=0,invalid=0")
		cfg.Instant, cfg.Now = true, now
		a, err := sim.New(cfg)
		return unsteerable{a}, err
	}
	cov, err := rehearse.Walk(ctx, rehearse.WalkOptions{Story: loadStory(t, "../rehearse/testdata/timed.md"), Audience: aud, Scratch: scratch(t), Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	var b2 rehearse.BranchCoverage
	for _, b := range cov.Branches {
		if b.Choice == 2 {
			b2 = b
		}
	}
	if b2.Taken != 1 || b2.ByVote != 0 {
		t.Errorf("choice 2: %+v, want taken once by override", b2)
	}
	if p := cov.Runs[1].Polls[0]; p.DecidedBy != "override" || p.Winner != 2 {
		t.Errorf("second poll %+v, want won by override", p)
	}
}

// unsteerable hides Steer.
type unsteerable struct{ *sim.Audience }

func (u unsteerable) Steer() {}

// TestWalkReportsSilentPolls: with an audience that never texts, polls
// cannot complete with votes, and rehearse.Walk says so.
func TestWalkReportsSilentPolls(t *testing.T) {
	aud := func(now func() time.Time) (rehearse.Audience, error) {
		cfg, _ := sim.ParseSpec("audience=10,turnout=0")
		cfg.Instant, cfg.Now = true, now
		return sim.New(cfg)
	}
	cov, err := rehearse.Walk(context.Background(), rehearse.WalkOptions{Story: loadStory(t, "../rehearse/testdata/timed.md"), Audience: aud, Scratch: scratch(t), Start: t0})
	if !errors.Is(err, rehearse.ErrIncomplete) {
		t.Fatalf("rehearse.Walk with a silent audience: %v, want rehearse.ErrIncomplete", err)
	}
	if len(cov.Problems) == 0 || !strings.Contains(cov.Problems[0], "no votes") {
		t.Errorf("problems %v, want one about no votes", cov.Problems)
	}
}

func TestWalkKeepsSessionsInAGivenStore(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cov, err := rehearse.Walk(context.Background(), rehearse.WalkOptions{Story: loadStory(t, "../rehearse/testdata/timed.md"), Audience: simAudience("seed=1"), Store: db, Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	if cov.Runs[0].Session == cov.Runs[1].Session || cov.Runs[0].Session == 0 {
		t.Errorf("runs in sessions %d and %d, want two distinct sessions", cov.Runs[0].Session, cov.Runs[1].Session)
	}
}

// TestWalkReportsUnreachedScenes: a scene no path leads to (a checker error
// the walk may still be handed) makes the walk incomplete.
func TestWalkReportsUnreachedScenes(t *testing.T) {
	src := []byte("---\ntitle: Orphan\nstart: a\nvote:\n  number: \"+1 503 555 0142\"\n---\n\n:: a\n# A\n\n-> END\n\n:: orphan\n# Nobody comes here\n\n-> END\n")
	s, _ := story.Parse("orphan.md", src, "testdata")
	if s == nil {
		t.Fatal("story.Parse returned no story")
	}
	cov, err := rehearse.Walk(context.Background(), rehearse.WalkOptions{Story: s, Audience: simAudience(""), Scratch: scratch(t), Start: t0})
	if !errors.Is(err, rehearse.ErrIncomplete) {
		t.Fatalf("walk: %v, want rehearse.ErrIncomplete", err)
	}
	if len(cov.Unreached) != 1 || cov.Unreached[0] != "orphan" || cov.Percent != 100 {
		t.Errorf("unreached %v, percent %v; want [orphan] and 100%% (no forks)", cov.Unreached, cov.Percent)
	}
}

// TestReplayReproducesTallies walks a story with a simulated audience,
// exports the walk's vote stream from the database, walks it again with the
// stream replayed, and compares every poll's tally.
func TestReplayReproducesTallies(t *testing.T) {
	ctx := context.Background()
	s := loadStory(t, "../../stories/demo.md")
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := rehearse.Walk(ctx, rehearse.WalkOptions{Story: s, Audience: simAudience("audience=250,seed=21,late=0.1,change=0.2,invalid=0.1,dup=0.05"), Store: db, Start: t0})
	defer db.Close()
	if err != nil {
		t.Fatal(err)
	}
	var sessions []int64
	for _, r := range orig.Runs {
		sessions = append(sessions, r.Session)
	}
	var buf bytes.Buffer
	if err := rehearse.ExportStream(ctx, db, sessions, &buf); err != nil {
		t.Fatal(err)
	}
	stream, err := vote.ReadStream(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("the exported stream cannot be read back: %v", err)
	}
	if len(stream.Texts) == 0 || stream.Session.Session != sessions[0] {
		t.Fatalf("exported %d texts, session %d; want texts of session %d", len(stream.Texts), stream.Session.Session, sessions[0])
	}
	replay := func(now func() time.Time) (rehearse.Audience, error) {
		return sim.NewReplay(sim.ReplayConfig{Stream: &stream, Instant: true, Now: now})
	}
	again, err := rehearse.Walk(ctx, rehearse.WalkOptions{Story: s, Audience: replay, Scratch: scratch(t), Start: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Runs) != len(orig.Runs) {
		t.Fatalf("replayed walk made %d runs, want %d", len(again.Runs), len(orig.Runs))
	}
	polls := 0
	for i := range orig.Runs {
		a, b := orig.Runs[i].Polls, again.Runs[i].Polls
		if len(a) != len(b) {
			t.Fatalf("run %d: %d polls replayed, want %d", i, len(b), len(a))
		}
		for j := range a {
			polls++
			if !reflect.DeepEqual(a[j].Counts, b[j].Counts) || a[j].Total != b[j].Total || a[j].Invalid != b[j].Invalid || a[j].Winner != b[j].Winner {
				t.Errorf("run %d poll %d (%s): replayed %v total %d invalid %d winner %d; recorded %v total %d invalid %d winner %d",
					i, j, a[j].Scene, b[j].Counts, b[j].Total, b[j].Invalid, b[j].Winner, a[j].Counts, a[j].Total, a[j].Invalid, a[j].Winner)
			}
		}
	}
	if polls < 3 {
		t.Errorf("compared %d polls, want at least 3", polls)
	}
}

// TestSimOnTheWallClock runs the simulated audience against the real engine,
// each keeping time with its own timers as on the wall clock, inside a
// synctest bubble: the clock is the bubble's, so a busy machine cannot change
// what arrives before the close. A 1.5 s poll gets its burst, is closed by
// its timer, and the texts sent after the close are kept as late.
func TestSimOnTheWallClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "rt.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		hub := show.NewHub()
		eng, err := show.New(ctx, show.Config{Story: loadStory(t, "../rehearse/testdata/quick.md"), Store: db, Notifier: hub, Mode: show.Rehearsal})
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		aud, err := sim.New(sim.Config{Audience: 100, Burst: 500 * time.Millisecond, Late: 0.2, Bias: sim.Bias{Entries: []sim.BiasEntry{{Choice: 1, Weight: 80}}}, Seed: 4})
		if err != nil {
			t.Fatal(err)
		}
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- eng.Run(runCtx, aud) }()
		defer func() { stop(); <-done }()
		testkit.WaitFor(t, testkit.Patience, "the audience started", func() bool { return aud.Health().State == vote.HealthOK })
		if err := eng.OpenPoll(ctx); err != nil {
			t.Fatal(err)
		}
		var p *show.PollState
		testkit.Eventually(t, testkit.Patience, "the poll decided by its timer", func() error {
			if p = eng.State().Poll; p == nil || p.State != show.PollDecided {
				return fmt.Errorf("poll %+v", p)
			}
			return nil
		})
		if p.Winner != 1 || p.Total < 50 || p.DecidedBy != show.ByVotes {
			t.Errorf("poll %+v: want choice 1 to win by votes with ≥ 50 of ~80 voters", p)
		}
		// The late texts trail the close by up to 10 s: wait for the first.
		testkit.Eventually(t, 2*testkit.Patience, "a late text stored (late=0.2)", func() error {
			entries, err := eng.Inbox(ctx, 500)
			if err != nil {
				return err
			}
			for _, e := range entries {
				if e.Result == show.ResultLate {
					return nil
				}
			}
			return fmt.Errorf("no late text among %d stored", len(entries))
		})
		if h := aud.Health(); h.State != "ok" || h.Received == 0 {
			t.Errorf("audience health %+v: want ok with texts sent", h)
		}
	})
}

// BenchmarkLoadIntoEngine drives the real engine (SQLite, group commit) with
// the simulator's load mode: 10,000 phones, 10,000 texts per poll handed over
// in batches of 500, and reports the texts per second stored and counted.
func BenchmarkLoadIntoEngine(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "load.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := loadStory(b, "../rehearse/testdata/quick.md") // timer 1.5 s
	clk := &walkClock{t: t0}
	eng, err := show.New(ctx, show.Config{Story: s, Store: db, Mode: show.Rehearsal, NewSession: true, Now: clk.Now, Retention: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	const perPoll = 10000
	aud, err := sim.New(sim.Config{Load: true, Rate: perPoll / 1.5, Instant: true, Batch: 500, Now: clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- eng.Run(runCtx, aud) }()
	defer func() { stop(); <-done }()
	testkit.WaitFor(b, testkit.Patience, "the audience started", func() bool { return aud.Health().State == vote.HealthOK })
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		clk.Advance(time.Minute)
		if i > 0 {
			if err := eng.ResetRehearsal(ctx); err != nil {
				b.Fatal(err)
			}
		}
		if err := eng.OpenPoll(ctx); err != nil {
			b.Fatal(err)
		}
		if err := aud.WaitPoll(ctx, eng.State().Poll.ID, true); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if got := eng.State().Poll.Total; got < 5000 {
		b.Fatalf("last poll counted %d votes, want most of 10,000 phones", got)
	}
	b.ReportMetric(float64(perPoll*b.N)/elapsed.Seconds(), "texts/s")
}
