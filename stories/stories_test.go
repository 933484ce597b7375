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

// perSlide is the pause the timing report adds to every slide (moving on,
// letting the room read); it mirrors rehearse.DefaultPerSlide, copied rather
// than imported so this package does not build against the engine.
const perSlide = 5 * time.Second

// estimate is the talk time of one path as `forkcast rehearse --report`
// estimates a slide never rehearsed: the words spoken (slide and notes, as
// the parser counts them) at the story's words per minute, perSlide for each
// slide, and each fork's or rating's poll timer.
func estimate(s *story.Story, p story.Path) time.Duration {
	var d time.Duration
	for _, id := range p.Scenes {
		sc := s.Scene(id)
		for _, sl := range sc.Slides {
			d += time.Duration(sl.Words) * time.Minute / time.Duration(s.WPM)
			d += perSlide
		}
		if sc.Fork != nil || sc.Rating != nil {
			d += sc.Vote.Timer
		}
	}
	return d
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
	}
	paths := story.Paths(s, 0)
	if len(paths) == 0 {
		t.Fatal("no paths")
	}
	// Every path, shortest and longest, must fill the slot without running
	// over by more than a minute: from two minutes short to one minute long.
	lo, hi := s.Slot-2*time.Minute, s.Slot+time.Minute
	for _, p := range paths {
		if got := estimate(s, p); got < lo || got > hi {
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

// TestSlidesAreStageSized keeps every slide readable from the back row: a
// heading, at most six bullets, at most one code block of at most twelve
// lines, with a language for highlighting.
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
				if bullets > 6 {
					t.Errorf("%s: %d bullets, want at most 6", where, bullets)
				}
				blocks, langs := codeBlocks(sl.Markdown)
				if len(blocks) > 1 {
					t.Errorf("%s: %d code blocks, want at most 1", where, len(blocks))
				}
				for i, b := range blocks {
					if len(b) > 12 {
						t.Errorf("%s: code block of %d lines, want at most 12", where, len(b))
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
	for _, p := range story.Paths(s, 0) {
		if got := estimate(s, p); got > 3*time.Minute {
			t.Errorf("demo path ending %s takes %v, want about 2 minutes", p.Ending, got)
		}
	}
}
