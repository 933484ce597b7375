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
// its client leaves, and does not hold up the server's shutdown (SIGTERM).

// blockingReport is a rehearsal whose report runs until its context ends,
// telling started when it begins and ended with the context's error.
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
	if dl.IsZero() || time.Until(dl) > ReportTimeout {
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

func (c consoleShow) Story() *story.Story                   { return c.s }
func (c consoleShow) ResetRehearsal(ctx context.Context) error { return nil }

func TestReportOfManyForksIsLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: Chained forks\nslot: 40m\nvote:\n  number: \"+1 555 0100\"\n---\n")
	const n = 10_000
	for i := 0; i < n; i++ {
		next := func(k int) string {
			if k >= n {
				return story.End
			}
			return fmt.Sprintf("f%d", k)
		}
		fmt.Fprintf(&b, ":: f%d\n# Fork %d\n1. Left -> %s\n2. Right -> %s\n\n", i, i, next(i+1), next(i+2))
	}
	st, ds := story.Parse("chain.md", []byte(b.String()), "")
	if story.HasErrors(ds) {
		t.Fatal(ds[0])
	}
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "forkcast.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tools := rehearse.NewConsole(rehearse.ConsoleConfig{Show: consoleShow{st}, Store: db})
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Rehearsal = tools; c.Story = func() *story.Story { return st } })
	var code int
	var body string
	testkit.Bounded(t, "GET /api/rehearse/report of 10,000 chained forks", 5*time.Second, 500<<20, func() {
		w := do(t, s.Handler(), req{method: "GET", target: "/api/rehearse/report"})
		code, body = w.Code, w.Body.String()
	})
	if code != 200 || !strings.Contains(body, `"title":"Chained forks"`) {
		t.Errorf("GET /api/rehearse/report = %d %.300s", code, body)
	}
}
