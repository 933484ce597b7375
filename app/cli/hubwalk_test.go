package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue #14: the Twine hub talks of the corpus, imported with the command,
// walk every fork choice: the walk follows the hub rule (spokes presented
// once a show, the last one without a poll, the exit at the end) and plans
// its passes towards the choices left, at most one pass per choice.
func TestWalkImportedHubTalks(t *testing.T) {
	for _, name := range []string{"sugarcube-published.html", "harlowe-archive.html"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "talk.md")
			if code, _, errOut := runCmd("import-twine", "--out", out, filepath.Join("..", "story", "twine", "testdata", "corpus", name)); code != 0 {
				t.Fatalf("import-twine = %d: %s", code, errOut)
			}
			src, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			src = []byte(strings.Replace(string(src), `number: ""`, `number: "+1 555 0100"`, 1))
			if err := os.WriteFile(out, src, 0o644); err != nil {
				t.Fatal(err)
			}
			cov := walk(t, out, "seed=5")
			if cov.Percent != 100 || len(cov.Unreached) > 0 || len(cov.Problems) > 0 {
				t.Errorf("coverage %v%% (%d of %d), unreached %v, problems %q; want 100%%", cov.Percent, cov.Covered, cov.Choices, cov.Unreached, cov.Problems)
			}
			if len(cov.Runs) > cov.Choices {
				t.Errorf("%d runs for %d choices, want at most one a choice", len(cov.Runs), cov.Choices)
			}
			t.Logf("%d runs, %d texts", len(cov.Runs), cov.Texts)
		})
	}
}
