package twine

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"forkcast/app/story"
)

// The corpus: hub-and-spoke talks written as Twine 2.6 saves them (an
// archive of Harlowe 3, a published SugarCube 2 story and a published
// 51-passage Harlowe 3 story, each with its story format's page around
// tw-storydata, the engine's script stubbed): "Back to ..." links, no
// ending, remote images, styling macros and conditions on visits.
var corpus = []struct {
	file   string
	hub    string // the hub that gets the exit
	scenes int
}{
	{"testdata/corpus/harlowe-archive.html", "adventure-choices", 17},
	{"testdata/corpus/sugarcube-published.html", "Menu", 10},
	{"testdata/corpus/harlowe-published.html", "adventure-choices", 51},
}

// rawMarkup is story-format markup that must never reach a slide.
var rawMarkup = regexp.MustCompile(`\([a-z][\w-]*:[^/]|<<|>>|@@|''|//[^/]|\|\w+>\[|\]<[\w-]+\||\$[A-Za-z]|\[img\[`)

func TestCorpusImportsAndChecksClean(t *testing.T) {
	for _, tc := range corpus {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			imp, ds, err := Import(f, tc.file, ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			warnedNoEnding := false
			for _, d := range ds {
				if d.Severity == story.SevError {
					t.Errorf("import: %s", d)
				}
				warnedNoEnding = warnedNoEnding || strings.Contains(d.Message, "the talk has no ending")
			}
			if !warnedNoEnding {
				t.Error("no warning that the talk had no ending and got an exit")
			}
			for i, line := range strings.Split(string(imp.Source), "\n") {
				if strings.HasPrefix(line, "::") || strings.Contains(line, "https://") {
					continue // headers hold options; URLs hold "//"
				}
				if m := rawMarkup.FindString(line); m != "" {
					t.Errorf("line %d shows raw markup %q: %s", i+1, m, line)
				}
			}
			s, checked := story.Parse("talk.md", imp.Source, "")
			for _, d := range checked {
				if d.Severity == story.SevError {
					t.Errorf("check: %s", d)
				}
			}
			sum := story.Summarize(s, 0)
			if sum.Scenes != tc.scenes || !sum.Loops || len(sum.Hubs) == 0 {
				t.Fatalf("summary: %s", sum)
			}
			hub := s.Scene(tc.hub)
			if hub == nil || hub.Exit != story.End || hub.Vote.Visited != story.VisitedHide {
				t.Errorf("hub %q = %+v, want {visited: hide, exit: END}", tc.hub, hub)
			}
			t.Log(sum)
		})
	}
}

// TestCorpusCheckWithoutHTMLAgrees: the check import-twine runs on its
// result (story.Options{NoHTML: true}, rendering only what holds images,
// links, raw HTML or code) says what the full parse says on the corpus,
// with its remote images, and on the long one-line story.
func TestCorpusCheckWithoutHTMLAgrees(t *testing.T) {
	srcs := map[string]string{"one-line-2000": onOneLine(2000)}
	for _, tc := range corpus {
		b, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		srcs[tc.file] = string(b)
	}
	dir := t.TempDir()
	diags := 0
	for name, src := range srcs {
		imp, _, err := Import(strings.NewReader(src), name, ImportOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, want := story.Parse("talk.md", imp.Source, dir)
		_, got := story.ParseWith("talk.md", imp.Source, dir, story.Options{NoHTML: true})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: without HTML\n got: %v\nwant: %v", name, got, want)
		}
		diags += len(want)
	}
	if diags == 0 {
		t.Fatal("no diagnostic on the corpus: the comparison proves nothing")
	}
}
