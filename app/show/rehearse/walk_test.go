package rehearse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/bridge/sim"
)

// simAudience makes bridge/sim audiences for walks.
func simAudience(spec string) func(now func() time.Time) (Audience, error) {
	return func(now func() time.Time) (Audience, error) {
		cfg, err := sim.ParseSpec(spec)
		if err != nil {
			return nil, err
		}
		cfg.Instant, cfg.Now = true, now
		return sim.New(cfg)
	}
}

func walk(t *testing.T, path, spec string) *Coverage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cov, err := Walk(ctx, WalkOptions{Story: loadStory(t, path), Audience: simAudience(spec), Start: t0})
	if err != nil {
		t.Fatalf("Walk(%s): %v\ncoverage: %+v", path, err, cov)
	}
	return cov
}

func TestWalkCoversEveryBranch(t *testing.T) {
	cov := walk(t, "testdata/timed.md", "audience=120,seed=3")
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
		path := filepath.Join("..", "..", "..", "stories", name)
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
	aud := func(now func() time.Time) (Audience, error) {
		cfg, _ := sim.ParseSpec("audience=60,bias=100/0,change=0,late=0,invalid=0")
		cfg.Instant, cfg.Now = true, now
		a, err := sim.New(cfg)
		return unsteerable{a}, err
	}
	cov, err := Walk(ctx, WalkOptions{Story: loadStory(t, "testdata/timed.md"), Audience: aud, Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	var b2 BranchCoverage
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
// cannot complete with votes, and Walk says so.
func TestWalkReportsSilentPolls(t *testing.T) {
	aud := func(now func() time.Time) (Audience, error) {
		cfg, _ := sim.ParseSpec("audience=10,turnout=0")
		cfg.Instant, cfg.Now = true, now
		return sim.New(cfg)
	}
	cov, err := Walk(context.Background(), WalkOptions{Story: loadStory(t, "testdata/timed.md"), Audience: aud, Start: t0})
	if !errors.Is(err, ErrIncomplete) {
		t.Fatalf("Walk with a silent audience: %v, want ErrIncomplete", err)
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
	cov, err := Walk(context.Background(), WalkOptions{Story: loadStory(t, "testdata/timed.md"), Audience: simAudience("seed=1"), Store: db, Start: t0})
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
	cov, err := Walk(context.Background(), WalkOptions{Story: s, Audience: simAudience(""), Start: t0})
	if !errors.Is(err, ErrIncomplete) {
		t.Fatalf("walk: %v, want ErrIncomplete", err)
	}
	if len(cov.Unreached) != 1 || cov.Unreached[0] != "orphan" || cov.Percent != 100 {
		t.Errorf("unreached %v, percent %v; want [orphan] and 100%% (no forks)", cov.Unreached, cov.Percent)
	}
}
