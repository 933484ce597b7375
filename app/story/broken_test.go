package story

import (
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/testkit"
)

// TestBrokenStories checks each deliberately broken story in
// testdata/broken against its .want file: every diagnostic, sorted, in one
// run (-update rewrites the .want files; review them before committing).
func TestBrokenStories(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no broken stories: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, ds, err := ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !HasErrors(ds) {
				t.Errorf("%s has no errors", f)
			}
			var b strings.Builder
			for _, d := range ds {
				b.WriteString(filepath.ToSlash(d.String()) + "\n")
			}
			testkit.Golden(t, strings.TrimSuffix(f, ".md")+".want", b.String())
		})
	}
}
