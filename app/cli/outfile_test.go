package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue #21 item 6: `import-twine --out FILE` wrote a 113-byte skeleton
// over an existing talk when the import failed, and exited 1. A failed
// command now leaves an existing FILE as it was (and no temporary file
// beside it); every file the CLI writes appears whole or not at all.
func TestFailedCommandsKeepTheExistingOutFile(t *testing.T) {
	dir := t.TempDir()
	const talk = "---\ntitle: My talk\nstart: a\n---\n\n:: a\n# Months of work\n-> END\n"
	loop := filepath.Join(dir, "loop.twee")
	if err := os.WriteFile(loop, []byte(":: A\n[[B]]\n:: B\n[[A]]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.md")
	if err := os.WriteFile(broken, []byte("---\ntitle: x\nstart: nowhere\n---\n:: a\n-> b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missingDB := filepath.Join(dir, "none.db")
	for _, c := range []struct {
		name string
		args func(out string) []string
	}{
		{"import-twine of a story with errors", func(out string) []string { return []string{"import-twine", "--out", out, loop} }},
		{"import-twine of a missing file", func(out string) []string {
			return []string{"import-twine", "--out", out, filepath.Join(dir, "gone.html")}
		}},
		{"export-twee of a story with errors", func(out string) []string { return []string{"export-twee", "--out", out, broken} }},
		{"export from a missing database", func(out string) []string {
			return []string{"export", "--db", missingDB, "--last", "--out", out}
		}},
		{"rehearse --record-stream from a missing database", func(out string) []string {
			return []string{"rehearse", "--db", missingDB, "--record-stream", "1", "--out", out, broken}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sub := t.TempDir()
			out := filepath.Join(sub, "talk.md")
			if err := os.WriteFile(out, []byte(talk), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := runCmd(c.args(out)...)
			if code == exitOK {
				t.Fatalf("%v succeeded, want a failure: %s", c.args(out), errOut)
			}
			if b, err := os.ReadFile(out); err != nil || string(b) != talk {
				t.Fatalf("after a failed %v the existing file holds %d bytes %q (%v), want it unchanged", c.args(out), len(b), b, err)
			}
			if entries, _ := os.ReadDir(sub); len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("the folder holds %v, want only talk.md", names)
			}
			if strings.Contains(errOut, "panic") {
				t.Errorf("stderr: %s", errOut)
			}
		})
	}
}

// A successful import with --out replaces the file whole.
func TestImportReplacesTheOutFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "django.md")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd("import-twine", "--story", "Django Deployment Adventure", "--out", out, archive); code != exitOK {
		t.Fatalf("import-twine = %d %s", code, errOut)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "Security breach") {
		t.Fatalf("the file holds %q, want the imported story", b[:min(len(b), 80)])
	}
}
