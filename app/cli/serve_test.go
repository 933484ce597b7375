package cli

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/show"
	"forkcast/app/testkit"
)

// TestServeVotesReachTheBars drives a served show to the first fork, opens the
// poll, and waits for the simulated audience's votes to be counted.
func TestServeVotesReachTheBars(t *testing.T) {
	s := startE2EShow(t, "--story", filepath.Join("..", "..", "stories", "demo.md"), "--db", filepath.Join(t.TempDir(), "f.db"))
	if code, _ := s.do(t, http.MethodPost, "/api/next", "", nil); code != http.StatusUnauthorized {
		t.Errorf("POST /api/next without token = %d, want 401", code)
	}
	s.openFirstFork(t)
	var st show.State
	testkit.Eventually(t, testkit.Patience, "10 simulated votes counted", func() error {
		if st = s.state(t); st.Poll == nil || st.Poll.Total < 10 {
			return fmt.Errorf("poll %+v", st.Poll)
		}
		return nil
	})
	sum := 0
	for _, c := range st.Poll.Choices {
		sum += c.Count
	}
	if sum != st.Poll.Total {
		t.Errorf("bars add up to %d, total says %d", sum, st.Poll.Total)
	}
}

func TestServeRejectsLiveSimulation(t *testing.T) {
	var out, errb strings.Builder
	got := run([]string{"serve", "--live", "--source", "sim", "--story", "../../stories/demo.md", "--db", filepath.Join(t.TempDir(), "x.db")}, nil, &out, &errb)
	if got != exitUsage {
		t.Fatalf("serve --live --source sim = %d, want %d (%s)", got, exitUsage, errb.String())
	}
	if !strings.Contains(errb.String(), "live session cannot use the simulated audience") {
		t.Errorf("stderr = %q", errb.String())
	}
}

func TestServeBrokenStory(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.md")
	writeFile(t, bad, "---\ntitle: Broken\nstart: nowhere\n---\n\n:: intro\n# Hi\n-> missing\n")
	var out, errb strings.Builder
	got := run([]string{"serve", "--story", bad, "--db", filepath.Join(dir, "x.db")}, nil, &out, &errb)
	if got != exitFailed {
		t.Fatalf("serve on a broken story = %d, want 1", got)
	}
	if !strings.Contains(errb.String(), "bad.md:") {
		t.Errorf("stderr lacks a file:line message: %q", errb.String())
	}
}

// TestServeRefusesABadDatabase: a file that is not a database stops serve
// with one line naming it once, and nothing is written into it.
func TestServeRefusesABadDatabase(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "notes.db")
	writeFile(t, bad, strings.Repeat("not a database, ", 20))
	var out, errb strings.Builder
	got := run([]string{"serve", "--story", "../../stories/demo.md", "--db", bad}, nil, &out, &errb)
	if got != exitFailed {
		t.Fatalf("serve --db <text file> = %d, want 1 (%s)", got, errb.String())
	}
	if n := strings.Count(errb.String(), bad); n != 1 || !strings.HasPrefix(errb.String(), "forkcast serve: open database ") {
		t.Errorf("stderr names the file %d times, want one line \"forkcast serve: open database PATH: ...\": %q", n, errb.String())
	}
	if b, _ := os.ReadFile(bad); string(b) != strings.Repeat("not a database, ", 20) {
		t.Errorf("the refused file was changed")
	}
}
