package twine

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"forkcast/app/story"
	"forkcast/app/testkit"
)

func importFile(t *testing.T, path string, opts ImportOptions) (*Imported, []story.Diagnostic) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	imp, ds, err := Import(f, path, opts)
	if err != nil {
		t.Fatalf("Import(%s): %v", path, err)
	}
	return imp, ds
}

func TestImportArchiveNeedsAName(t *testing.T) {
	for _, asked := range []string{"", "Nope"} {
		f, err := os.Open("testdata/twine/archive.html")
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = Import(f, "archive.html", ImportOptions{Story: asked})
		f.Close()
		var amb *AmbiguousError
		if !errors.As(err, &amb) {
			t.Fatalf("story %q: err = %v, want *AmbiguousError", asked, err)
		}
		want := []string{"Django Deployment Adventure", "Lightning: Five Minutes of Caching"}
		if !reflect.DeepEqual(amb.Names, want) || amb.Asked != asked {
			t.Errorf("names = %q asked %q, want %q", amb.Names, amb.Asked, want)
		}
	}
}

// The realistic hub-shaped talk: a fork per hub, "Back to the hub" cycles,
// passages without links as endings, macros, remote images, script and style.
func TestImportArchiveHubTalk(t *testing.T) {
	imp, ds := importFile(t, "testdata/twine/archive.html", ImportOptions{Story: "Django Deployment Adventure"})
	testkit.SameLines(t, lines(ds), []string{
		`1:1: warning: the story's JavaScript (54 bytes) is dropped: Forkcast slides do not run Twine scripts`,
		`1:1: warning: the story's stylesheet (99 bytes) is dropped: slides use Forkcast's theme`,
		`3:119: warning: Harlowe macro (set:) is dropped: Forkcast runs no story-format code (2 passages, first "Start")`,
		`3:119: warning: passage "Start" shows the remote image https://example.com/img/django-pony.png; the show must not need the network: import with --fetch-images to save it beside the story`,
		`18:45: warning: passage "Security" shows the remote image https://example.com/img/leak.png; the show must not need the network: import with --fetch-images to save it beside the story`,
		`26:49: warning: Harlowe conditions ((if:), (unless:), (else:)) are dropped: every branch shows (passage "Traffic")`,
		`32:49: warning: SugarCube-style macros (<<set>>...) in a Harlowe story are dropped (passage "Scale out")`,
	})
	if imp.Name != "Django Deployment Adventure" || len(imp.Stories) != 2 {
		t.Errorf("imported %q of %q", imp.Name, imp.Stories)
	}
	testkit.Golden(t, "testdata/twine/archive.django.md", string(imp.Source))
	s, checked := story.Parse("django.md", imp.Source, "")
	testkit.SameLines(t, lines(checked), []string{
		`1:1: warning: vote.number is not set: fork slides cannot tell the audience where to text`,
		`15:11: warning: image "https://example.com/img/django-pony.png" is on the network and the venue may have none; save it next to the story and use a relative path`,
		`38:15: warning: image "https://example.com/img/leak.png" is on the network and the venue may have none; save it next to the story and use a relative path`,
	})
	hub := s.Scene("the-hub")
	if hub == nil || hub.Fork == nil || len(hub.Fork.Choices) != 5 || hub.Position != "400,350" || hub.Tags[0] != "hub" {
		t.Fatalf("hub = %+v", hub)
	}
	if got := s.Scene("Rating"); got.Rating == nil || got.Next != story.End {
		t.Errorf("Rating scene = %+v", got)
	}
	if sum := story.Summarize(s, 0); sum.Forks != 4 || sum.Endings != 1 || len(sum.Hubs) != 1 || sum.Hubs[0].Scene != "the-hub" {
		t.Errorf("summary = %+v", sum)
	}
}

func TestImportArchiveSugarCube(t *testing.T) {
	imp, ds := importFile(t, "testdata/twine/archive.html", ImportOptions{Story: "lightning: five minutes of caching"})
	testkit.SameLines(t, lines(ds), []string{
		`48:31: warning: a goto to a passage that does not exist is dropped (passage "Redis")`,
		`48:291: warning: passage "StoryInit" is a SugarCube special passage; dropped`,
	})
	s, checked := story.Parse("l.md", imp.Source, "")
	testkit.SameLines(t, lines(checked), []string{`1:1: warning: vote.number is not set: fork slides cannot tell the audience where to text`})
	if got := story.Graph(s).Edges; len(got) != 4 {
		t.Errorf("edges = %+v, want Start->Redis, Start->Memcached, Redis->END, Memcached->END", got)
	}
}

// A published story holds the engine's code too; only tw-storydata counts,
// and a passage nothing links to is reported by the checker.
func TestImportPublished(t *testing.T) {
	imp, ds := importFile(t, "testdata/twine/published.html", ImportOptions{})
	testkit.SameLines(t, lines(ds), nil)
	testkit.Golden(t, "testdata/twine/published.md", string(imp.Source))
	_, checked := story.Parse("p.md", imp.Source, "")
	testkit.SameLines(t, lines(checked), []string{
		`1:1: warning: vote.number is not set: fork slides cannot tell the audience where to text`,
		`12:4: error: scene "Notes" is unreachable from start "which-cache": no divert or choice leads to it`,
	})
}

func TestImportTwee(t *testing.T) {
	imp, ds := importFile(t, "testdata/twine/hub.twee", ImportOptions{})
	testkit.SameLines(t, lines(ds), []string{
		`16:1: warning: passage "StoryInit" is a SugarCube special passage; dropped`,
		`20:1: warning: passage "Story Stylesheet" is tagged "stylesheet" (story-format code or style); dropped`,
		`24:1: warning: passage "Story JavaScript" is tagged "script" (story-format code or style); dropped`,
		`43:1: warning: SugarCube conditions (<<if>>) are dropped: every branch shows (passage "Profile")`,
		`43:1: warning: passage "Profile" shows the remote image https://example.com/flame.svg; the show must not need the network: import with --fetch-images to save it beside the story`,
	})
	testkit.Golden(t, "testdata/twine/hub.md", string(imp.Source))
	s, checked := story.Parse("hub.md", imp.Source, "")
	testkit.SameLines(t, lines(checked), []string{
		`1:1: warning: vote.number is not set: fork slides cannot tell the audience where to text`,
		`28:16: warning: image "https://example.com/flame.svg" is on the network and the venue may have none; save it next to the story and use a relative path`,
	})
	ship := s.Scene("hub-main").Fork.Choices[3]
	if ship.Label != "Ship it" || strings.Join(ship.Keywords, ",") != "ship,done" || ship.Target != "Closing" {
		t.Errorf("choice 4 = %+v", ship)
	}
	if c := s.Scene("Closing"); c.Rating == nil || c.Vote.Timer.Seconds() != 45 {
		t.Errorf("Closing = %+v", c)
	}
}

func TestImportTooManyLinks(t *testing.T) {
	imp, ds := importFile(t, "testdata/twine/toomany.twee", ImportOptions{})
	testkit.SameLines(t, lines(ds), []string{
		`7:1: error: passage "Menu" has 11 links and a fork takes at most 9: split it, e.g. move some links to a "More..." passage linked from it`,
	})
	_, checked := story.Parse("t.md", imp.Source, "")
	if !story.HasErrors(checked) || !strings.Contains(lines(checked)[1], "a fork takes at most 9 choices") {
		t.Errorf("check of the import = %v, want the fork size error", lines(checked))
	}
}

// A hub talk with no ending gets an exit on its hub, with a warning, and
// checks clean.
func TestImportNoEnding(t *testing.T) {
	imp, ds := importFile(t, "testdata/twine/noending.twee", ImportOptions{})
	testkit.SameLines(t, lines(ds), []string{
		`1:1: warning: the talk has no ending (every passage links on); the hub "Hub" ends it once every choice was presented ({exit: END}); hubs: "Hub"`,
	})
	s, checked := story.Parse("n.md", imp.Source, "")
	for _, d := range checked {
		if d.Severity == story.SevError {
			t.Errorf("check of the import: %s", d)
		}
	}
	if h := s.Scene("Hub"); h == nil || h.Exit != story.End || h.Vote.Visited != story.VisitedHide {
		t.Errorf("hub = %+v, want {visited: hide, exit: END}", h)
	}
}

func TestImportNotTwine(t *testing.T) {
	for _, src := range []string{"", "just some text\n", "<html><body>no story</body></html>"} {
		imp, ds, err := Import(strings.NewReader(src), "x", ImportOptions{})
		if src == "just some text\n" {
			if err != nil || !story.HasErrors(ds) {
				t.Errorf("%q: err %v, diagnostics %v, want a no-passages error", src, err, ds)
			}
			continue
		}
		if err == nil && !story.HasErrors(ds) {
			t.Errorf("%q: imported %+v with no error", src, imp)
		}
	}
}

func TestParseLink(t *testing.T) {
	for in, want := range map[string]twLink{
		"Hub":                    {"Hub", "Hub"},
		"Go back|Hub":            {"Go back", "Hub"},
		"Go -> back->Hub":        {"Go -> back", "Hub"},
		"Hub<-Go back":           {"Go back", "Hub"},
		"Read|Replicas][$x to 1": {"Read", "Replicas"},
		"Replicas<-Read <- more": {"Read <- more", "Replicas"},
	} {
		if got := parseLink(in); got != want {
			t.Errorf("parseLink(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	if !isTwineHTML([]byte("\uFEFF  <!DOCTYPE html>")) || isTwineHTML([]byte(":: Start\nhi")) {
		t.Error("format detection is wrong")
	}
}

// lines formats diagnostics without the file name, one per element.
func lines(ds []story.Diagnostic) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("%d:%d: %s: %s", d.Pos.Line, d.Pos.Col, d.Severity, d.Message)
	}
	return out
}
