package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkPublishDjango runs `forkcast publish` of the 21-scene Django
// talk with a rehearsed session (parse, read the session, render, write
// the folder and rename it into place). Target: < 2 s.
func BenchmarkPublishDjango(b *testing.B) {
	dir := b.TempDir()
	ds := rehearseDjango(b, dir)
	out := filepath.Join(dir, "site")
	b.ResetTimer()
	for b.Loop() {
		if code := run([]string{"publish", ds.story, "--db", ds.db, "--session", fmt.Sprint(ds.id), "--out", out}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("publish exit %d", code)
		}
	}
}

// BenchmarkPublish150 runs `forkcast publish` of a generated 150-scene talk
// (50 forks of 2 choices, each choice a scene of 3 slides with code) without
// a session. Target: < 5 s.
func BenchmarkPublish150(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "big.md")
	if err := os.WriteFile(path, []byte(bigStory(50)), 0o644); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "site")
	var errb strings.Builder
	if code := run([]string{"publish", path, "--out", out}, nil, io.Discard, &errb); code != 0 {
		b.Fatalf("publish exit %d: %s", code, errb.String())
	}
	n, _ := filepath.Glob(filepath.Join(out, "scene-*.html"))
	if len(n) != 150 {
		b.Fatalf("%d scene pages, want 150", len(n))
	}
	b.ResetTimer()
	for b.Loop() {
		if code := run([]string{"publish", path, "--out", out}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("publish exit %d", code)
		}
	}
}

// bigStory is a talk of forks*3 scenes: fork i leads to a-i or b-i, both
// of which lead to fork i+1 (the last to END).
func bigStory(forks int) string {
	var b strings.Builder
	b.WriteString("---\ntitle: Big\nstart: fork-0\nvote:\n  number: \"+1 503 555 0100\"\n---\n\n")
	slide := "# Slide %d of %s\n\nSome words about the topic, and a list:\n\n- one\n- two\n\n```python\ndef f(x):\n    return x * 2\n```\n"
	for i := range forks {
		next := fmt.Sprintf("fork-%d", i+1)
		if i == forks-1 {
			next = "END"
		}
		fmt.Fprintf(&b, ":: fork-%d [fork]\n# Question %d\n1. Left -> a-%d\n2. Right -> b-%d\n\n", i, i, i, i)
		for _, side := range []string{"a", "b"} {
			fmt.Fprintf(&b, ":: %s-%d\n", side, i)
			for k := range 3 {
				if k > 0 {
					b.WriteString("---\n")
				}
				fmt.Fprintf(&b, slide, k+1, side)
			}
			fmt.Fprintf(&b, "-> %s\n\n", next)
		}
	}
	return b.String()
}
