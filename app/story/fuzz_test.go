package story

import (
	"bytes"
	"os"
	"testing"
)

// FuzzParse feeds arbitrary text to the parser and checker: it must never
// panic, every diagnostic must have a position inside the file, and the
// graph and paths must work on whatever was parsed (the Twee export is
// fuzzed on the same seeds in package twine: FuzzExport).
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/baseline.md", "testdata/render/features.md", "testdata/broken/forks.md", "testdata/broken/structure.md", "testdata/rich.md"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(hub))
	f.Add([]byte("---\nvote: {timer: [1, {a: b}]}\n---\n:: a {x: *y}\n1) -> \n"))
	f.Add([]byte(":: a\n```\n---\n:: b\n~~~~\n-> a\n"))
	f.Add([]byte(stageStory))
	f.Add([]byte("---\nlanguages: {a: b}\naudio: [1]\nsafe-area: x\n---\n:: a [fork] {audio: {open: ../x, volume: -1}, letters: 2}\n1. A -> END\n2. B -> END\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, ds := Parse("f.md", src, "")
		// Lines end in LF, CRLF or a lone CR (old Mac files): the parser reads all three.
		flat := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		n := bytes.Count(flat, []byte("\n")) + bytes.Count(flat, []byte("\r")) + 2
		for _, d := range ds {
			if d.Pos.Line < 1 || d.Pos.Line > n || d.Pos.Col < 1 || d.Pos.File != "f.md" {
				t.Fatalf("diagnostic out of the file (%d lines): %v", n, d)
			}
			if d.Severity != SevError && d.Severity != SevWarning || d.Message == "" {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
		_ = Graph(s)
		_ = Summarize(s, 50)
		var b bytes.Buffer
		_ = WriteMermaid(&b, s)
		_ = WriteDOT(&b, s)
	})
}
