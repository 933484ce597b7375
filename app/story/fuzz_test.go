package story

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary text to the parser and checker: it must never
// panic, every diagnostic must have a position inside the file, and the
// graph, paths and Twee export must work on whatever was parsed.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/baseline.md", "testdata/render/features.md", "testdata/broken/forks.md", "testdata/broken/structure.md"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(hub))
	f.Add([]byte(richStory))
	f.Add([]byte("---\nvote: {timer: [1, {a: b}]}\n---\n:: a {x: *y}\n1) -> \n"))
	f.Add([]byte(":: a\n```\n---\n:: b\n~~~~\n-> a\n"))
	f.Add([]byte(stageStory))
	f.Add([]byte("---\nlanguages: {a: b}\naudio: [1]\nsafe-area: x\n---\n:: a [fork] {audio: {open: ../x, volume: -1}, letters: 2}\n1. A -> END\n2. B -> END\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, ds := Parse("f.md", src, "")
		n := bytes.Count(src, []byte("\n")) + 2
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
		if err := ExportTwee(&b, s); err != nil {
			t.Fatal(err)
		}
		_ = WriteMermaid(&b, s)
		_ = WriteDOT(&b, s)
	})
}

// FuzzImportTwine feeds arbitrary Twine HTML or Twee: no panic, and what it
// writes must parse.
func FuzzImportTwine(f *testing.F) {
	for _, p := range []string{"testdata/twine/archive.html", "testdata/twine/published.html", "testdata/twine/hub.twee", "testdata/twine/toomany.twee"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<tw-storydata name=x startnode=1><tw-passagedata pid=1 name=\"a b\">[[x|y]] [[a b]]"))
	f.Add([]byte(":: A [t\n[[A<-]] [[->]] [[|]]\n:: StoryData\n{\"start\": 3}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		imp, ds, err := ImportTwine(bytes.NewReader(src), "f.html", ImportOptions{})
		if err != nil {
			return
		}
		for _, d := range ds {
			if d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Fatalf("bad position %v", d)
			}
		}
		s, _ := Parse("out.md", imp.Source, "")
		if len(s.Scenes) == 0 && strings.Contains(string(imp.Source), "\n:: ") {
			t.Fatalf("the import wrote scenes the parser cannot read:\n%s", imp.Source)
		}
	})
}
