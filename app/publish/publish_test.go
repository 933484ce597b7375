package publish

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"forkcast/app/show"
	"forkcast/app/testkit"
)

// TestStageCSSIsSlidesCSS: the site's stage.css is the stage's colours and
// slide styles, frontend/src/styles/slides.css (which the app imports), byte
// for byte, so a published slide looks like the projected one. Go's embed
// cannot read outside this folder, so the site embeds a copy: `go generate
// ./app/publish` writes it again (this test with -update).
func TestStageCSSIsSlidesCSS(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "frontend", "src", "styles", "slides.css"))
	if err != nil {
		t.Fatal(err)
	}
	rule := regexp.MustCompile(`(?m)^(:root|\.slide-content[^{]*)\s*\{[^}]*\}`)
	if rules := rule.FindAllString(string(src), -1); len(rules) < 16 || !strings.HasPrefix(rules[0], ":root") {
		t.Fatalf("found %d rules in slides.css, want the colours (:root) and the slide rules (16 or more)", len(rules))
	}
	testkit.Golden(t, filepath.Join("assets", "stage.css"), string(src))
}

func TestPageName(t *testing.T) {
	for id, want := range map[string]string{
		"crisis-1": "scene-crisis-1.html",
		"a_b":      "scene-a_b.html",
		"../x":     "scene-~2E~2E~2Fx.html",
		"café":     "scene-caf~C3~A9.html",
		"A.b":      "scene-A~2Eb.html",
	} {
		if got := pageName(id); got != want {
			t.Errorf("pageName(%q)=%q, want %q", id, got, want)
		}
	}
}

func TestWriteRefusesForeignFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"index.html": []byte("<p>x</p>"), Marker: []byte("m"), "a/b.css": []byte("b")}
	err := Write(dir, files, false)
	if show.ErrorCode(err) != show.ECONFLICT {
		t.Fatalf("write over a foreign folder: %v, want a conflict", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "thesis.tex")); string(b) != "mine" {
		t.Fatal("the refused folder was changed")
	}
	if err := Write(dir, files, true); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "thesis.tex")); !os.IsNotExist(err) {
		t.Fatalf("forced publish kept the old file: %v", err)
	}
	// A previous publish is replaced without --force, whole.
	if err := Write(dir, map[string][]byte{"index.html": []byte("v2"), Marker: []byte("m")}, false); err != nil {
		t.Fatalf("publish over a publish: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a", "b.css")); !os.IsNotExist(err) {
		t.Fatalf("a file of the old site survived: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".out.new-*")); len(left) != 0 {
		t.Fatalf("temporary folders left: %v", left)
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	if err := Write(file, files, true); show.ErrorCode(err) != show.EINVALID {
		t.Fatalf("write over a file: %v, want invalid", err)
	}
}

func TestWriteFailureLeavesOldSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, map[string][]byte{"index.html": []byte("v1"), Marker: nil}, false); err != nil {
		t.Fatal(err)
	}
	// A file and a folder at one path cannot both be written: the write fails midway.
	bad := map[string][]byte{"index.html": []byte("v2"), "x": []byte("f"), "x/y": []byte("g"), Marker: nil}
	if err := Write(dir, bad, false); err == nil {
		t.Fatal("an impossible site was written")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "v1" {
		t.Fatalf("index.html=%q after a failed publish, want the old v1", b)
	}
}

func TestDecided(t *testing.T) {
	cases := []struct {
		p    show.ReportPoll
		want string
	}{
		{show.ReportPoll{DecidedBy: show.ByVotes, Winner: 2}, "Decided by the votes: choice 2 had the most."},
		{show.ReportPoll{DecidedBy: show.ByTieRule, Winner: 1, Tie: []int{1, 3}}, "A tie between choices 1 and 3, broken by the story's rule (the first listed wins): choice 1."},
		{show.ReportPoll{DecidedBy: show.ByOverride, Winner: 2, Override: "time"}, "The speaker overrode the votes and chose choice 2 (reason: “time”)."},
		{show.ReportPoll{DecidedBy: show.ByOverride, Winner: 2, Override: "secret", OverridePrivate: true}, "The speaker overrode the votes and chose choice 2 (the reason was kept private)."},
	}
	for _, c := range cases {
		if got := decided(c.p); got != c.want {
			t.Errorf("decided(%+v)=%q, want %q", c.p, got, c.want)
		}
	}
}

func TestLocalize(t *testing.T) {
	b := &builder{assets: map[string]bool{}}
	in := `<p><img src="/story-assets/img/a%20b.png" alt="A"> <img src="https://cdn.example/x.png" alt="X"> <a href="https://docs.example/">docs</a> <video poster="//v.example/p.jpg"></video></p>`
	want := `<p><img src="assets/img/a%20b.png" alt="A"> <img data-remote-src="https://cdn.example/x.png" alt="X"> <a href="https://docs.example/">docs</a> <video data-remote-poster="//v.example/p.jpg"></video></p>`
	if got := b.localize(in); got != want {
		t.Fatalf("localize:\n got %s\nwant %s", got, want)
	}
	if !b.assets["img/a b.png"] || len(b.assets) != 1 {
		t.Fatalf("assets to copy %v, want img/a b.png", b.assets)
	}
}
