package twine

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"forkcast/app/story"
)

// FuzzExport feeds the parser's seeds (see story.FuzzParse) through the
// parser and exports whatever was parsed as Twee: it must never fail or
// panic.
func FuzzExport(f *testing.F) {
	for _, p := range []string{"../testdata/baseline.md", "../testdata/render/features.md", "../testdata/broken/forks.md", "../testdata/broken/structure.md", "../testdata/rich.md"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("---\nvote: {timer: [1, {a: b}]}\n---\n:: a {x: *y}\n1) -> \n"))
	f.Add([]byte(":: a\n```\n---\n:: b\n~~~~\n-> a\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, _ := story.Parse("f.md", src, "")
		var b bytes.Buffer
		if err := Export(&b, s); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzImportTwine feeds arbitrary Twine HTML or Twee: no panic, and what it
// writes must parse.
func FuzzImportTwine(f *testing.F) {
	for _, p := range []string{"testdata/twine/archive.html", "testdata/twine/published.html", "testdata/twine/hub.twee", "testdata/twine/toomany.twee",
		"testdata/corpus/harlowe-archive.html", "testdata/corpus/sugarcube-published.html"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<tw-storydata name=x startnode=1><tw-passagedata pid=1 name=\"a b\">[[x|y]] [[a b]]"))
	f.Add([]byte(":: A [t\n[[A<-]] [[->]] [[|]]\n:: StoryData\n{\"start\": 3}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		imp, ds, err := Import(bytes.NewReader(src), "f.html", ImportOptions{})
		if err != nil {
			return
		}
		for _, d := range ds {
			if d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Fatalf("bad position %v", d)
			}
		}
		s, _ := story.Parse("out.md", imp.Source, "")
		if len(s.Scenes) == 0 && strings.Contains(string(imp.Source), "\n:: ") {
			t.Fatalf("the import wrote scenes the parser cannot read:\n%s", imp.Source)
		}
	})
}
