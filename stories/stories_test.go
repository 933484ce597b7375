package stories

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"forkcast/app/rehearse"
	"forkcast/app/story"
)

// imageRE finds Markdown images: ![alt](target).
var imageRE = regexp.MustCompile(`!\[[^\]]*\]\(([^)\s]+)`)

func bundled(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(FS, "*.md")
	if err != nil {
		t.Fatalf("glob *.md: %v", err)
	}
	return names
}

func TestFSHoldsBothStories(t *testing.T) {
	for _, name := range []string{Default, Demo} {
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Fatalf("read %s from FS: %v", name, err)
		}
		if !strings.HasPrefix(string(b), "---\n") {
			t.Errorf("%s starts with %q, want front matter (---)", name, b[:min(len(b), 20)])
		}
	}
}

func TestImagesAreBundled(t *testing.T) {
	referenced := map[string]bool{}
	for _, name := range bundled(t) {
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		for _, m := range imageRE.FindAllStringSubmatch(string(b), -1) {
			p := path.Join(path.Dir(name), m[1])
			referenced[p] = true
			if _, err := fs.Stat(FS, p); err != nil {
				t.Errorf("%s: image %s is not in FS: %v", name, m[1], err)
			}
		}
	}
	if len(referenced) < 5 {
		t.Errorf("stories reference %d images, want at least 5 diagrams", len(referenced))
	}
	// Every bundled asset is used, so the folder holds no stale files.
	err := fs.WalkDir(FS, "django-deployment", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !referenced[p] {
			t.Errorf("%s is bundled but no story references it", p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk django-deployment: %v", err)
	}
}

// TestSVGsAreSelfContained checks what the stage needs from a diagram: well
// formed, scalable, titled, readable fonts, and nothing fetched from outside.
func TestSVGsAreSelfContained(t *testing.T) {
	svgs, err := fs.Glob(FS, "django-deployment/*.svg")
	if err != nil || len(svgs) == 0 {
		t.Fatalf("glob svgs: %v, %d files", err, len(svgs))
	}
	external := regexp.MustCompile(`(?i)(href\s*=\s*"[^#]|url\(\s*[^#\s]|@import|<script|<foreignObject|<image)`)
	for _, p := range svgs {
		b, err := fs.ReadFile(FS, p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		src := string(b)
		dec := xml.NewDecoder(strings.NewReader(src))
		for {
			_, err := dec.Token()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("%s: not well-formed XML: %v", p, err)
				}
				break
			}
		}
		for _, want := range []string{`viewBox="`, "<title", "sans-serif"} {
			if !strings.Contains(src, want) {
				t.Errorf("%s: missing %q", p, want)
			}
		}
		if m := external.FindString(src); m != "" {
			t.Errorf("%s: external reference %q; diagrams must be self-contained", p, m)
		}
	}
}

// TestStoriesCheckClean parses the embedded bytes (what the binary ships) and
// the files on disk (what `forkcast check` reads) and wants no diagnostics at
// all, warnings included, as `forkcast check --strict` does.
func TestStoriesCheckClean(t *testing.T) {
	for _, name := range bundled(t) {
		src, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		_, ds := story.Parse(name, src, ".")
		for _, d := range ds {
			t.Errorf("embedded %s", d)
		}
		_, ds, err = story.ParseFile(name)
		if err != nil {
			t.Fatalf("parse %s from disk: %v", name, err)
		}
		for _, d := range ds {
			t.Errorf("on disk %s", d)
		}
	}
}

func parse(t *testing.T, name string) *story.Story {
	t.Helper()
	s, ds, err := story.ParseFile(name)
	if err != nil || story.HasErrors(ds) {
		t.Fatalf("parse %s: %v %v", name, err, ds)
	}
	return s
}

// estimates times every path of s exactly as `forkcast rehearse --report`
// does for a talk never rehearsed: words at the story's rate, code per line,
// a pause per slide, and each poll's timer.
func estimates(s *story.Story) []rehearse.PathTiming {
	return rehearse.Timing(s, nil, rehearse.TimingOptions{}).Paths
}

func pathDuration(p rehearse.PathTiming) time.Duration {
	return time.Duration(p.Ms) * time.Millisecond
}

func TestDjangoTalkShape(t *testing.T) {
	s := parse(t, Default)
	sum := story.Summarize(s, 0)
	if sum.Forks < 6 {
		t.Errorf("forks = %d, want a warm-up plus at least 5", sum.Forks)
	}
	if sum.Endings < 2 {
		t.Errorf("endings = %d, want at least 2", sum.Endings)
	}
	if !strings.Contains(s.Credits, "Kate Heddleston") || !strings.Contains(s.Credits, "Matt Makai") {
		t.Errorf("credits = %q, want the original authors named", s.Credits)
	}
	if title := s.Scene(s.Start).Slides[0].Markdown; !strings.Contains(title, "After Kate Heddleston and Matt Makai, DjangoCon US 2014") {
		t.Errorf("title slide %q lacks the credit line", title)
	}
	for _, sc := range s.Scenes {
		for _, sl := range sc.Slides {
			if strings.TrimSpace(sl.Notes) == "" {
				t.Errorf("%s:%d: slide %d of %q has no speaker notes", s.File, sl.Pos.Line, sl.Index+1, sc.ID)
			}
		}
		if sc.Fork != nil {
			for _, c := range sc.Fork.Choices {
				if len(c.Keywords) == 0 {
					t.Errorf("%s:%d: choice %d of %q has no keyword", s.File, c.Pos.Line, c.Number, sc.ID)
				}
			}
		}
		if len(sc.Targets()) == 1 && sc.Targets()[0] == story.End && sc.Rating == nil {
			t.Errorf("ending %q has no rating", sc.ID)
		}
		// The console shows the notes: at every poll they say when to open it.
		if sc.Fork != nil || sc.Rating != nil {
			last := sc.Slides[len(sc.Slides)-1]
			if !strings.Contains(last.Notes, "Open the poll now") && !strings.Contains(last.Notes, "Open the rating now") {
				t.Errorf("%s:%d: the poll slide of %q has no \"Open the poll now\" cue in its notes", s.File, last.Pos.Line, sc.ID)
			}
		}
		if sc.Rating != nil && !strings.Contains(sc.Slides[len(sc.Slides)-1].Markdown, "every branch of this talk") {
			t.Errorf("closing slide of %q does not say where to explore every branch of this talk", sc.ID)
		}
	}
	paths := estimates(s)
	if len(paths) == 0 {
		t.Fatal("no paths")
	}
	// Every path must leave room in the 40-minute slot for questions and for
	// votes that run long (at most 36 minutes), and still fill most of it.
	lo, hi := 30*time.Minute, 36*time.Minute
	for _, p := range paths {
		if got := pathDuration(p); got < lo || got > hi {
			t.Errorf("path ending %s via %v: %v, want %v to %v", p.Ending, p.Scenes, got.Round(time.Second), lo, hi)
		}
	}
}

// codeBlocks returns the body lines of each fenced code block in md and the
// info string (language) of each opening fence.
func codeBlocks(md string) (blocks [][]string, langs []string) {
	in := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case !in && strings.HasPrefix(line, "```"):
			in = true
			langs = append(langs, strings.TrimSpace(strings.TrimPrefix(line, "```")))
			blocks = append(blocks, nil)
		case in && strings.TrimSpace(line) == "```":
			in = false
		case in:
			blocks[len(blocks)-1] = append(blocks[len(blocks)-1], line)
		}
	}
	return blocks, langs
}

// slideWordRE counts words the way a reader sees them.
var slideWordRE = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'’._-]*`)

// slideWords counts the words shown on a slide outside code blocks, images
// and Markdown syntax.
func slideWords(md string) int {
	n, in := 0, false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			in = !in
			continue
		}
		if in || strings.HasPrefix(line, "![") {
			continue
		}
		n += len(slideWordRE.FindAllString(line, -1))
	}
	return n
}

// Stage limits: what a projector shows readably to the back row.
const (
	maxBullets    = 5
	maxSlideWords = 45 // words on the slide itself; the notes say the rest
	maxCodeLines  = 18
	maxCodeWidth  = 72 // about 70 characters: longer lines wrap
)

// TestSlidesAreStageSized keeps every slide readable from the back row: a
// heading, about five short bullets and few words, at most one code block,
// short and narrow, with a language for highlighting.
func TestSlidesAreStageSized(t *testing.T) {
	for _, name := range bundled(t) {
		s := parse(t, name)
		for _, sc := range s.Scenes {
			for _, sl := range sc.Slides {
				where := fmt.Sprintf("%s:%d (%s slide %d)", name, sl.Pos.Line, sc.ID, sl.Index+1)
				if !strings.HasPrefix(strings.TrimSpace(sl.Markdown), "# ") {
					t.Errorf("%s: slide does not start with a # heading", where)
				}
				bullets := 0
				for _, line := range strings.Split(sl.Markdown, "\n") {
					if strings.HasPrefix(line, "- ") {
						bullets++
					}
				}
				if bullets > maxBullets {
					t.Errorf("%s: %d bullets, want at most %d", where, bullets, maxBullets)
				}
				if n := slideWords(sl.Markdown); n > maxSlideWords {
					t.Errorf("%s: %d words on the slide, want at most %d", where, n, maxSlideWords)
				}
				blocks, langs := codeBlocks(sl.Markdown)
				if len(blocks) > 1 {
					t.Errorf("%s: %d code blocks, want at most 1", where, len(blocks))
				}
				for i, b := range blocks {
					if len(b) > maxCodeLines {
						t.Errorf("%s: code block of %d lines, want at most %d", where, len(b), maxCodeLines)
					}
					for _, line := range b {
						if n := len([]rune(line)); n > maxCodeWidth {
							t.Errorf("%s: code line of %d characters, want at most %d: %s", where, n, maxCodeWidth, line)
						}
					}
					if langs[i] == "" {
						t.Errorf("%s: code block without a language", where)
					}
				}
			}
		}
	}
}

func TestDemoShape(t *testing.T) {
	s := parse(t, Demo)
	sum := story.Summarize(s, 0)
	if sum.Forks != 2 {
		t.Errorf("forks = %d, want 2", sum.Forks)
	}
	first := s.Scene(s.Start).Slides[0].Markdown
	if !strings.HasPrefix(first, "# ") {
		t.Errorf("first slide starts %q, want a big # title", first)
	}
	ratings := 0
	for _, sc := range s.Scenes {
		if sc.Rating != nil {
			ratings++
		}
		if sc.Fork != nil {
			for _, c := range sc.Fork.Choices {
				if len(c.Keywords) == 0 {
					t.Errorf("choice %d of %q has no keyword", c.Number, sc.ID)
				}
			}
		}
	}
	if ratings != 1 {
		t.Errorf("rating scenes = %d, want 1", ratings)
	}
	for _, p := range estimates(s) {
		if got := pathDuration(p); got > 3*time.Minute {
			t.Errorf("demo path ending %s takes %v, want about 2 minutes", p.Ending, got)
		}
	}
}
