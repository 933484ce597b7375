package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const archive = "../story/twine/testdata/twine/archive.html"

func TestTwineImportListsStories(t *testing.T) {
	code, out, errOut := runCmd("import-twine", archive)
	if code != 2 || out != "" || !strings.Contains(errOut, `pick one with --story: "Django Deployment Adventure", "Lightning: Five Minutes of Caching"`) {
		t.Errorf("import-twine of an archive = %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCmd("import-twine", "--story", "Nope", archive); code != 2 || !strings.Contains(errOut, `no story named "Nope"`) {
		t.Errorf("import-twine --story Nope = %d %q", code, errOut)
	}
}

func TestTwineImportWritesAStory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "django.md")
	code, stdout, errOut := runCmd("import-twine", "--story", "Django Deployment Adventure", "--out", out, archive)
	if code != 0 || stdout != "" || !strings.Contains(errOut, `imported "Django Deployment Adventure" into `+out) ||
		!strings.Contains(errOut, "warning: the story's JavaScript") || !strings.Contains(errOut, out+":1:1: warning: vote.number is not set") {
		t.Fatalf("import-twine = %d %q\n%s", code, stdout, errOut)
	}
	if code, check, _ := runCmd("check", out); code != 0 || !strings.Contains(check, "13 scenes") {
		t.Errorf("check of the import = %d\n%s", code, check)
	}
	twee := filepath.Join(t.TempDir(), "django.twee")
	if code, _, errOut := runCmd("export-twee", "--out", twee, out); code != 0 {
		t.Fatalf("export-twee = %d %s", code, errOut)
	}
	code, back, errOut := runCmd("import-twine", twee)
	if code != 0 || !strings.Contains(back, "1. Security breach -> Security") {
		t.Errorf("import of the export = %d %s\n%s", code, errOut, back)
	}
}

func TestTwineImportFailures(t *testing.T) {
	noEnd := filepath.Join(t.TempDir(), "loop.twee")
	if err := os.WriteFile(noEnd, []byte(":: A\n[[B]]\n:: B\n[[A]]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd("import-twine", noEnd)
	if code != 1 || !strings.Contains(errOut, `error: no path from start scene "A" reaches END`) {
		t.Errorf("import of a story with no ending = %d %q", code, errOut)
	}
	for _, args := range [][]string{{"import-twine"}, {"import-twine", "--fetch-images", archive}, {"export-twee"}} {
		if code, _, _ := runCmd(args...); code != 2 {
			t.Errorf("%q = %d, want 2", args, code)
		}
	}
	if code, _, _ := runCmd("import-twine", filepath.Join(t.TempDir(), "missing.html")); code != 1 {
		t.Errorf("import of a missing file = %d, want 1", code)
	}
}

func TestTweeExportToStdout(t *testing.T) {
	p := writeStory(t, "ok.md", cleanStory)
	code, out, _ := runCmd("export-twee", p)
	if code != 0 || !strings.HasPrefix(out, ":: StoryTitle\nT\n") || !strings.Contains(out, "[[Left->b]]") {
		t.Errorf("export-twee = %d\n%s", code, out)
	}
}
