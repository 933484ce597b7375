package story

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
)

// The baseline example of ARCHITECTURE.md parses with no syntax problem; its
// only diagnostics are the scenes the excerpt leaves out.
func TestBaselineExample(t *testing.T) {
	s, ds, err := ParseFile("testdata/baseline.md")
	if err != nil {
		t.Fatal(err)
	}
	testkit.SameLines(t, lines(ds), []string{
		`20:23: error: unknown target "security"`,
		`21:23: error: unknown target "traffic"`,
		`23:4: error: scene "rating" is unreachable from start "intro": no divert or choice leads to it`,
	})
	if got, want := len(s.Scenes), 3; got != want {
		t.Fatalf("scenes = %d, want %d", got, want)
	}
	intro := s.Scene("intro")
	if got, want := len(intro.Slides), 2; got != want {
		t.Fatalf("intro slides = %d, want %d", got, want)
	}
	if got, want := intro.Slides[0].Notes, "phones out; read the number twice."; got != want {
		t.Errorf("notes = %q, want %q", got, want)
	}
	if intro.Next != "crisis-1" || intro.Slides[1].Pos.Line != 15 {
		t.Errorf("intro next = %q, slide 2 at line %d", intro.Next, intro.Slides[1].Pos.Line)
	}
	fork := s.Scene("crisis-1").Fork
	if fork == nil || len(fork.Choices) != 2 {
		t.Fatalf("fork = %+v", fork)
	}
	c := fork.Choices[0]
	if c.Number != 1 || c.Label != "Security breach" || c.Target != "security" || strings.Join(c.Keywords, ",") != "breach,security" {
		t.Errorf("choice 1 = %+v", c)
	}
	if s.Vote.Timer != 60*time.Second || s.Vote.Number != "+1 503 555 0142" || s.Vote.Grace != DefaultGrace {
		t.Errorf("vote = %+v", s.Vote)
	}
	r := s.Scene("rating")
	if r.Rating == nil || r.Next != End || r.Rating.Max != 10 {
		t.Errorf("rating scene = %+v / %+v", r, r.Rating)
	}
}

// With the scenes it leaves out, the baseline checks clean.
func TestBaselineCompleted(t *testing.T) {
	src, err := os.ReadFile("testdata/baseline.md")
	if err != nil {
		t.Fatal(err)
	}
	more := "\n:: security\n# Rotate the keys\n-> rating\n\n:: traffic\n# Add a cache\n-> rating\n"
	_, ds := Parse("b.md", append(src, more...), "")
	testkit.SameLines(t, lines(ds), nil)
}

func TestSlidesNotesAndPositions(t *testing.T) {
	src := fm + ":: a\n\n# One\n\nNote: first\nmore notes\n---\n\n```\n---\n```\n\n---\n# Three\nNotes: third\n-> END\n"
	s, ds := Parse("t.md", []byte(src), "")
	testkit.SameLines(t, lines(ds), nil)
	sl := s.Scene("a").Slides
	if len(sl) != 3 {
		t.Fatalf("slides = %d, want 3 (a --- inside a fence does not split)", len(sl))
	}
	tests := []struct {
		i         int
		line      int
		md, notes string
	}{
		{0, 8, "# One", "first\nmore notes"},
		{1, 14, "```\n---\n```", ""},
		{2, 19, "# Three", "third"},
	}
	for _, tc := range tests {
		got := sl[tc.i]
		if got.Pos.Line != tc.line || got.Markdown != tc.md || got.Notes != tc.notes || got.Index != tc.i {
			t.Errorf("slide %d = line %d %q notes %q, want line %d %q notes %q", tc.i, got.Pos.Line, got.Markdown, got.Notes, tc.line, tc.md, tc.notes)
		}
	}
}

func TestCRLFAndBOM(t *testing.T) {
	src := "\uFEFF" + strings.ReplaceAll(fm+":: a\nHello\n-> END\n", "\n", "\r\n")
	s, ds := Parse("t.md", []byte(src), "")
	testkit.SameLines(t, lines(ds), nil)
	if s.Scene("a") == nil || s.Scene("a").Next != End || s.Title != "T" {
		t.Fatalf("story = %+v", s)
	}
}

func TestAssetChecks(t *testing.T) {
	// A real PNG: the slide model reads its size (a file that is not one
	// would get a warning of its own).
	var pony bytes.Buffer
	if err := png.Encode(&pony, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	dir := testkit.WriteTree(t, map[string]string{"img/pony.png": pony.String(), "secret/.keep": ""})
	outside := testkit.WriteTree(t, map[string]string{"passwd": "root"})
	if err := os.Symlink(filepath.Join(outside, "passwd"), filepath.Join(dir, "img", "link.png")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	src := fm + ":: a\n" +
		"![pony](img/pony.png) ![gone](img/gone.png)\n" +
		"<img src=\"../../etc/passwd\"> <img src='img/link.png'>\n" +
		"![remote](https://example.com/x.png) [handout](handout.pdf) ![dir](img)\n" +
		"-> END\n"
	_, ds := Parse(filepath.Join(dir, "t.md"), []byte(src), dir)
	testkit.SameLines(t, lines(ds), []string{
		`7:31: error: image "img/gone.png" not found in ` + dir + `; did you mean "img/pony.png"?`,
		`8:11: error: image "../../etc/passwd" is outside the story's folder; assets are served only from the folder of the story file`,
		`8:40: error: image "img/link.png" cannot be served: it leads outside the story's folder`,
		`9:11: warning: image "https://example.com/x.png" is on the network and the venue may have none; save it next to the story and use a relative path`,
		`9:48: error: linked file "handout.pdf" not found in ` + dir,
		`9:68: error: image "img" is a folder, not a file`,
	})
}

// Every complete example in docs/story-format.md (the ```markdown blocks)
// checks clean.
func TestSpecExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/story-format.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```markdown\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) == 0 {
		t.Fatal("no ```markdown example in the spec")
	}
	for i, b := range blocks {
		_, ds := Parse(fmt.Sprintf("example-%d.md", i+1), b[1], "")
		testkit.SameLines(t, lines(ds), nil)
	}
}
