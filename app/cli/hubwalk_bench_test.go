package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/rehearse"
)

// BenchmarkWalkHubTalk walks the corpus's 51-passage Harlowe hub talk
// (imported with the command) with the simulated audience on a scratch
// SQLite store: issue #14's target is under 5 s a walk.
//
//	go test ./app/cli -run '^$' -bench WalkHubTalk -benchtime 3x -count 3
func BenchmarkWalkHubTalk(b *testing.B) {
	out := filepath.Join(b.TempDir(), "friday.md")
	if code, _, errOut := runCmd("import-twine", "--out", out, filepath.Join("..", "story", "twine", "testdata", "corpus", "harlowe-published.html")); code != 0 {
		b.Fatalf("import-twine = %d: %s", code, errOut)
	}
	src, err := os.ReadFile(out)
	if err != nil {
		b.Fatal(err)
	}
	src = []byte(strings.Replace(string(src), `number: ""`, `number: "+1 555 0100"`, 1))
	if err := os.WriteFile(out, src, 0o644); err != nil {
		b.Fatal(err)
	}
	s := loadStory(b, out)
	polls := 0
	b.ResetTimer()
	for range b.N {
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
		cov, err := rehearse.Walk(ctx, rehearse.WalkOptions{Story: s, Audience: simAudience("seed=5"), Scratch: scratchStore, Start: t0})
		cancel()
		if err != nil {
			b.Fatalf("walk: %v", err)
		}
		polls = 0
		for _, r := range cov.Runs {
			polls += len(r.Polls)
		}
	}
	b.ReportMetric(float64(polls), "polls/walk")
}
