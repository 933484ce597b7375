package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs the forkcast command line and returns its exit code and output.
func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeStory(t *testing.T, name, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const cleanStory = "---\ntitle: T\nvote:\n  number: \"+1 555 0100\"\n---\n:: a\n# Hi\n1. Left -> b\n2. Right -> END\n:: b\n# B\n---\n# B2\n-> END\n"

func TestCheckClean(t *testing.T) {
	p := writeStory(t, "ok.md", cleanStory)
	code, out, errOut := runCmd("check", p)
	want := p + ": 2 scenes, 3 slides, 1 fork, 2 endings; 2 paths, shortest 1 slide, longest 3 slides\n"
	if code != 0 || out != want || errOut != "" {
		t.Errorf("check = %d, %q, %q; want 0, %q", code, out, errOut, want)
	}
}

func TestCheckErrorsAndStrict(t *testing.T) {
	broken := writeStory(t, "broken.md", "---\ntitle: T\nvote:\n  number: \"1\"\n  timer: sixty\n---\n:: a\n-> nowhere\n")
	code, out, _ := runCmd("check", broken)
	wantLines := []string{
		broken + ":5:10: error: vote.timer: \"sixty\" is not a duration; write 60s, 1m30s, 40m or a number of seconds",
		broken + ":7:4: warning: scene \"a\" has nothing to show",
		broken + ":8:4: error: unknown target \"nowhere\"",
	}
	if code != 1 || !strings.HasPrefix(out, strings.Join(wantLines, "\n")+"\n") {
		t.Errorf("check broken = %d\n%s\nwant 1 and\n%s", code, out, strings.Join(wantLines, "\n"))
	}
	warn := writeStory(t, "warn.md", ":: a\n1. A -> END\n2. B -> END\n")
	if code, out, _ := runCmd("check", warn); code != 0 || !strings.Contains(out, "warning: vote.number is not set") {
		t.Errorf("check with warnings = %d %q, want 0 and the warning", code, out)
	}
	if code, _, _ := runCmd("check", "--strict", warn); code != 1 {
		t.Errorf("check --strict with warnings = %d, want 1", code)
	}
	if code, out, _ := runCmd("check", filepath.Join(t.TempDir(), "missing.md")); code != 1 || !strings.Contains(out, "no such file") {
		t.Errorf("check of a missing file = %d %q, want 1", code, out)
	}
}

func TestCheckUsage(t *testing.T) {
	p := writeStory(t, "ok.md", cleanStory)
	for _, args := range [][]string{{"check"}, {"check", "--graph", "png", p}, {"check", "--graph", "dot", "--json", p}, {"check", "--nope", p}} {
		if code, _, _ := runCmd(args...); code != 2 {
			t.Errorf("%q = %d, want 2", args, code)
		}
	}
	if code, _, errOut := runCmd("check", "-h"); code != 0 || !strings.Contains(errOut, "Usage: forkcast check") {
		t.Errorf("check -h = %d %q", code, errOut)
	}
}

func TestCheckGraph(t *testing.T) {
	p := writeStory(t, "ok.md", cleanStory)
	code, out, _ := runCmd("check", "--graph", "dot", p)
	if code != 0 || !strings.HasPrefix(out, "digraph story {") || !strings.Contains(out, `"a" -> "b" [label="1. Left"];`) {
		t.Errorf("--graph dot = %d\n%s", code, out)
	}
	code, out, _ = runCmd("check", "--graph", "mermaid", p)
	if code != 0 || !strings.HasPrefix(out, "flowchart TD\n") || !strings.Contains(out, `n0 -->|"1. Left"| n1`) {
		t.Errorf("--graph mermaid = %d\n%s", code, out)
	}
}

func TestCheckJSON(t *testing.T) {
	ok := writeStory(t, "ok.md", cleanStory)
	bad := writeStory(t, "bad.md", ":: a\n-> b\n")
	code, out, _ := runCmd("check", "--json", ok, bad)
	var got []checkResult
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	if code != 1 || len(got) != 2 || !got[0].OK || got[1].OK || got[0].Summary.Paths != 2 || len(got[1].Diagnostics) == 0 {
		t.Errorf("--json = %d %+v", code, got)
	}
}

// The bundled talks must check clean ("forkcast check stories/*.md").
func TestCheckBundledStories(t *testing.T) {
	files, _ := filepath.Glob("../../stories/*.md")
	if len(files) == 0 {
		t.Skip("no bundled stories yet")
	}
	code, out, errOut := runCmd(append([]string{"check"}, files...)...)
	if code != 0 {
		t.Errorf("check stories/*.md = %d\n%s%s", code, out, errOut)
	}
}
