package web

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/rehearse"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/testkit"
)

// Issue #21, item 5: GET /api/rehearse/report is bounded in time, stops when
// its client leaves, does not hold up the server's shutdown (SIGTERM), and
// costs time linear in the story's size however many paths it has.

// blockingReport is a rehearsal whose report runs until its context ends,
// telling started (with its deadline) when it begins and ended with the
// context's error.
func blockingReport() (*fakeRehearsal, chan time.Time, chan error) {
	started, ended := make(chan time.Time, 4), make(chan error, 4)
	return &fakeRehearsal{TimingFn: func(ctx context.Context) (*rehearse.Report, error) {
		dl, _ := ctx.Deadline()
		started <- dl
		<-ctx.Done()
		ended <- ctx.Err()
		return nil, ctx.Err()
	}}, started, ended
}

func startServer(t *testing.T, f *fakeRehearsal) (*Server, string) {
	t.Helper()
	s, _ := newTest(t, &fakeController{}, withRehearsal(f))
	addr, err := s.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return s, "http://" + addr
}

func TestReportHasADeadlineAndEndsWithItsClient(t *testing.T) {
	f, started, ended := blockingReport()
	_, base := startServer(t, f)
	ctx, leave := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/rehearse/report", nil)
	go func() {
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	dl := testkit.Receive(t, started, 10*time.Second, "the report to start")
	if dl.IsZero() {
		t.Error("the report runs with no deadline")
	} else if time.Until(dl) > ReportTimeout {
		t.Errorf("the report's deadline is %v away, want at most %v", time.Until(dl), ReportTimeout)
	}
	leave()
	if err := testkit.Receive(t, ended, 10*time.Second, "the report to stop after its client left"); err == nil {
		t.Error("the report ended without a context error")
	}
}

func TestReportEndsWhenTheServerShutsDown(t *testing.T) {
	f, started, ended := blockingReport()
	s, base := startServer(t, f)
	go func() {
		if res, err := http.Get(base + "/api/rehearse/report"); err == nil {
			res.Body.Close()
		}
	}()
	testkit.Receive(t, started, 10*time.Second, "the report to start")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Shutdown(ctx) }()
	testkit.Receive(t, ended, 10*time.Second, "the report to stop when the server shuts down")
	if err := testkit.Receive(t, done, 10*time.Second, "Shutdown to return"); err != nil {
		t.Errorf("Shutdown: %v (it waited for the report)", err)
	}
}

// consoleShow is the show a rehearse.Console works beside, for a story alone.
type consoleShow struct{ s *story.Story }

func (c consoleShow) Story() *story.Story                      { return c.s }
func (c consoleShow) ResetRehearsal(ctx context.Context) error { return nil }

// chainedForks is a talk of n forks in a chain: fork i leads to forks i+1
// and i+2, so its paths grow as the Fibonacci numbers (10^2089 at 10,000).
func chainedForks(t testing.TB, n int) *story.Story {
	var b strings.Builder
	b.WriteString("---\ntitle: Chained forks\nslot: 40m\nvote:\n  number: \"+1 555 0100\"\n---\n")
	next := func(k int) string {
		if k >= n {
			return story.End
		}
		return fmt.Sprintf("f%d", k)
	}
	for i := range n {
		fmt.Fprintf(&b, ":: f%d\n# Fork %d\n1. Left -> %s\n2. Right -> %s\n\n", i, i, next(i+1), next(i+2))
	}
	st, ds := story.Parse("chain.md", []byte(b.String()), "")
	if story.HasErrors(ds) {
		t.Fatal(ds[0])
	}
	return st
}

func TestReportOfManyForksIsLinear(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "forkcast.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Every run costs the same: a story the server has not seen, parsed,
	// analysed and reported afresh. (Memoising the story made the first run
	// cold and the rest warm, the story's analysis being cached, and whether
	// Measure kept the cold run depended on its CPU time: a 2,500-fork figure
	// from warm runs against a 10,000-fork one from a cold run read as ×14.)
	get := func(n int) {
		st := chainedForks(t, n)
		tools := rehearse.NewConsole(rehearse.ConsoleConfig{Show: consoleShow{st}, Store: db})
		s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Rehearsal = tools; c.Story = func() *story.Story { return st } })
		w := do(t, s.Handler(), req{method: "GET", target: "/api/rehearse/report"})
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"title":"Chained forks"`) {
			t.Fatalf("GET /api/rehearse/report = %d %.300s", w.Code, w.Body.String())
		}
	}
	// Small first: a search through every path shows there at once.
	testkit.AssertLinear(t, "GET /api/rehearse/report of chained forks", 12, 8, get)
	if t.Failed() {
		return
	}
	_, big := testkit.AssertLinear(t, "GET /api/rehearse/report of chained forks", 2500, 8, get)
	if big.Bytes > 500<<20 {
		t.Errorf("the report of 10,000 chained forks allocated %d MB, want < 500", big.Bytes>>20)
	}
}
