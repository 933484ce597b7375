package story

import (
	"math"
	"strings"
	"testing"
)

func TestSlideBlocks(t *testing.T) {
	md := "# Title\n\nA paragraph\nthat goes on.\n\n- one\n  - nested\n    - deeper\n- two\n  lazy line\n\n> quoted\n>\n> again\n\n```go\nx := 1\n\ty := 2\n```\n\n![img](a.png)\n\n#### small\n\n### Third"
	blocks, html := slideBlocks(md)
	if len(html) != 0 {
		t.Errorf("raw HTML %q, want none", html)
	}
	var kinds []string
	for _, b := range blocks {
		kinds = append(kinds, string(b.kind)+":"+strings.Join(b.lines, "|"))
	}
	want := []string{"h:Title", "p:A paragraph that goes on.", "l:one|nested|deeper|two lazy line", "q:quoted|again", "c:x := 1|\ty := 2", "p:![img](a.png)", "h:small", "h:Third"}
	if strings.Join(kinds, "\n") != strings.Join(want, "\n") {
		t.Fatalf("blocks:\n%s\nwant:\n%s", strings.Join(kinds, "\n"), strings.Join(want, "\n"))
	}
	if d := blocks[2].depths; len(d) != 4 || d[0] != 1 || d[1] != 2 || d[2] != 3 || d[3] != 1 {
		t.Errorf("list depths %v, want [1 2 3 1]", d)
	}
}

func TestFitSlideFromCSS(t *testing.T) {
	// The figures follow from slides.css (see projector_slides.go).
	p := Projectors[1]
	// One line of text: 34 × 1.35.
	if f := p.FitSlide("Hi"); math.Abs(f.Height-45.9) > 1e-9 || f.Room != 592 || f.Width != 960-176 {
		t.Errorf("one line: %+v, want 45.9 px of 592, 784 wide", f)
	}
	// A heading (68 × 1.08 + 8), the gap, three code lines (3 × 24 × 1.45 + 42).
	if f := p.FitSlide("# Hi\n\n```\na\nb\nc\n```"); math.Abs(f.Height-(73.44+8+18+104.4+42)) > 1e-9 {
		t.Errorf("heading and code: %v px", f.Height)
	}
	// A list of three items: 3 lines and 4 margins of 0.18em.
	if f := p.FitSlide("- a\n  - b\n- c"); math.Abs(f.Height-(3*45.9+4*0.18*34)) > 1e-9 {
		t.Errorf("list: %v px", f.Height)
	}
	// JetBrains Mono advances 0.6 em: 50 characters at 24 px are 720 px,
	// within 4:3's 730; 51 are 734.4, cut at 4:3 only.
	if f := p.FitSlide("```\n" + strings.Repeat("x", 50) + "\n```"); f.Cut() {
		t.Errorf("50 mono characters cut at 4:3: %+v", f)
	}
	f := p.FitSlide("```\n" + strings.Repeat("x", 51) + "\n```")
	if !f.Cut() || !f.CodeLine || math.Abs(f.Wide-734.4) > 0.01 {
		t.Errorf("51 mono characters at 4:3: %+v, want cut at 734.4 px", f)
	}
	if f := Projectors[0].FitSlide("```\n" + strings.Repeat("x", 51) + "\n```"); f.Cut() {
		t.Errorf("51 mono characters cut at 16:9: %+v", f)
	}
	// A tab is a run to the next stop of 8.
	if got := expandTabs("a\tb\t\tc"); got != "a       b               c" {
		t.Errorf("expandTabs: %q", got)
	}
}

func TestRichWords(t *testing.T) {
	s := sansStyle(400, 34)
	ws, w, _ := richWords("see [the docs](https://example.org/very/long) **now**", s)
	if strings.Join(ws, " ") != "see the docs now" {
		t.Errorf("words %q", ws)
	}
	bold := sansStyle(800, 34)
	if math.Abs(w[3]-bold.width("now")) > 0.01 {
		t.Errorf("strong word %v px, want %v (the 800 face)", w[3], bold.width("now"))
	}
	_, w, _ = richWords("`abc`", s)
	if want := 3*0.6*34*0.86 + 2*0.3*34*0.86; math.Abs(w[0]-want) > 0.05 {
		t.Errorf("inline code %v px, want %v (mono 0.86em and its padding)", w[0], want)
	}
}

func TestCheckSlides(t *testing.T) {
	long := strings.Repeat("word ", 400)
	src := fm + ":: start\n# Fine\n\nShort.\n\n---\n\n# Too much\n\n" + long + "\n\n---\n\n```\n" + strings.Repeat("y", 60) + "\n```\n\n-> END\n"
	ws := projectorWarnings(t, src)
	if len(ws) != 3 {
		t.Fatalf("warnings %q, want slide 2 cut at both ratios and slide 3's code line at 4:3", ws)
	}
	for i, want := range []string{`13:1: warning: slide 2 of scene "start" needs `, `13:1: warning: slide 2 of scene "start" needs `, `19:1: warning: slide 3 of scene "start" has a code line 864 px wide where 730 fit on the stage at 4:3`} {
		if !strings.HasPrefix(ws[i], want) {
			t.Errorf("warning %d: %q, want %q...", i, ws[i], want)
		}
	}
	if !strings.Contains(ws[0], "at 16:9") || !strings.Contains(ws[1], "at 4:3") || !strings.Contains(ws[0], "split the slide or shorten it") {
		t.Errorf("one warning per ratio: %q", ws)
	}
	// A fork's own slide is the fork's (checkProjector), not an ordinary one.
	if ws := projectorWarnings(t, forkStory("A", "B")); len(ws) != 0 {
		t.Errorf("a small fork: %q", ws)
	}
}

func FuzzFitSlide(f *testing.F) {
	f.Add("# T\n\n- a\n  - b\n\n> q\n\n```\ncode\n```")
	f.Add("**`x` [a](b)** ```\n\t\n")
	f.Add("| a | b |\n|---|:-:|\n| `x` | ![i](i.png) |\n\n#### h4\n\n***\n\n    code")
	f.Add("<div>\n\n<!-- c\n\n![a](<x y.svg> \"t\")<img src='a.png'>\n\nSetext\n===\n- [x] done")
	f.Fuzz(func(t *testing.T, md string) {
		for _, p := range Projectors {
			fit := p.FitSlide(md)
			if fit.Height < 0 || math.IsNaN(fit.Height) {
				t.Fatalf("%q: height %v", md, fit.Height)
			}
		}
	})
}

// A fork's question sets **strong** in the 800 face and `code` in
// JetBrains Mono at 0.86em with its padding, in the weight around it (#23):
// measured as plain text, both would be narrower than on the stage.
func TestQuestionInlineFaces(t *testing.T) {
	word := strings.Repeat("Wm", 40) // too long for any line: the model reports its width
	sc := func(q string) *Scene {
		s, _ := Parse("t.md", []byte(strings.Replace(forkStory("A", "B"), "# Pick", q, 1)), "")
		return s.Scene("start")
	}
	p := Projectors[0]
	cases := []struct {
		q    string
		want float64
	}{
		{"Pick " + word, sansStyle(400, bodyFont).width(word)},
		{"Pick **" + word + "**", sansStyle(800, bodyFont).width(word)},
		{"Pick `" + word + "`", textStyle{face: monoFace(400), size: bodyFont * codeInline}.width(word) + 2*codeInlinePad*bodyFont*codeInline},
		{"**Pick `" + word + "`**", textStyle{face: monoFace(800), size: bodyFont * codeInline}.width(word) + 2*codeInlinePad*bodyFont*codeInline},
	}
	for _, c := range cases {
		h := p.Header(sc(c.q))
		if h.TooLong != word || math.Abs(h.Wide-c.want) > 0.01 {
			t.Errorf("%q: too long %q at %.2f px, want %.2f", c.q, h.TooLong, h.Wide, c.want)
		}
	}
	// The h1's letter-spacing (-0.02em of 52px) carries into its code.
	h := p.Header(sc("# Pick `" + word + "`"))
	code := textStyle{face: monoFace(800), size: h1Font * codeInline, letter: h1Spacing / codeInline}
	if want := code.width(word) + 2*codeInlinePad*h1Font*codeInline; math.Abs(h.Wide-want) > 0.01 {
		t.Errorf("code in the h1: %.2f px, want %.2f", h.Wide, want)
	}
	// A label is shown as written (Bars.svelte does not render Markdown):
	// its asterisks take room on the stage.
	plain := p.Fit(&Fork{Choices: []*Choice{{Label: word}, {Label: "B"}}})
	starred := p.Fit(&Fork{Choices: []*Choice{{Label: "**" + word + "**"}, {Label: "B"}}})
	if starred.Wide <= plain.Wide {
		t.Errorf("a starred label %.1f px, plain %.1f: want the asterisks measured", starred.Wide, plain.Wide)
	}
}
