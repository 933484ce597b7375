package story

import (
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writePNG writes a w×h PNG at dir/name.
func writePNG(t *testing.T, dir, name string, w, h int) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
}

// mediaDir is a story folder with images of known sizes.
func mediaDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writePNG(t, dir, "a.png", 300, 100)
	writePNG(t, dir, "big.png", 2000, 1000)
	files := map[string]string{
		"vb.svg":   `<?xml version="1.0"?><!-- a comment --><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 675"><rect width="1" height="1"/></svg>`,
		"wh.svg":   `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300px"></svg>`,
		"pic.webp": "RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00",
		"bad.png":  "not a png at all",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The figures below were measured on the stage in Chromium (the browser
// test frontend/e2e/slides-budget.test.mjs keeps checking them): an image
// alone on its line makes the paragraph 10.89 px taller than itself.
func TestFitSlideImages(t *testing.T) {
	dir := mediaDir(t)
	cases := []struct {
		md         string
		wide, four float64 // px at 16:9 and 4:3
	}{
		{"![a](a.png)", 110.89, 110.89},            // its own size
		{"![a](big.png)", 470.89, 402.89},          // 920×460 (max-height), 784×392 (max-width)
		{"![a](vb.svg)", 470.89, 451.89},           // a viewBox alone: as wide as the line, then 460 tall at most
		{"![a](wh.svg \"title\")", 310.89, 310.89}, // width and height
		{"text ![a](a.png) more text", 110.89, 110.89},
		{"# Title\n\n![a](big.png)", 73.44 + 8 + 18 + 470.89, 73.44 + 8 + 18 + 402.89},
		// A raw <img> alone is a flex item (no line around it); its width
		// attribute sets its size, the ratio kept.
		{"<img src=\"a.png\" width=\"600\">", 200, 200},
		{"<img src=\"big.png\" height=\"300\">", 300, 300},
		{"<img src=\"big.png\" width=\"1000\">", 460, 392},
		// Inline, it sits on the line like a Markdown image.
		{"text <img src=\"a.png\" height=\"50\"> text", 60.89, 60.89},
	}
	for _, c := range cases {
		for i, want := range []float64{c.wide, c.four} {
			images := &imageSizes{dir: dir}
			f := Projectors[i].fitSlide(c.md, images)
			images.close()
			if math.Abs(f.Height-want) > 0.1 || f.Partial {
				t.Errorf("%q at %s: %.2f px (unmeasured %q), want %.2f", c.md, Projectors[i].Name, f.Height, f.Unmeasured, want)
			}
		}
	}
	// A big image pushes a slide that fits on its text alone off the stage.
	text := "# Title\n\n" + strings.Repeat("word ", 30)
	images := &imageSizes{dir: dir}
	defer images.close()
	if f := Projectors[0].fitSlide(text, images); f.Cut() {
		t.Fatalf("the text alone is cut: %+v", f)
	}
	if f := Projectors[0].fitSlide(text+"\n\n![a](big.png)", images); !f.Cut() {
		t.Errorf("text and a 460 px image: %.1f px of %.0f, want cut", f.Height, f.Room)
	}
}

func TestImageUnmeasured(t *testing.T) {
	dir := mediaDir(t)
	images := &imageSizes{dir: dir}
	defer images.close()
	for md, want := range map[string]string{
		"![a](pic.webp)": `image "pic.webp" (the checker reads the size of PNG, JPEG, GIF and SVG files only)`,
		"![a](bad.png)":  `image "bad.png" (its png header cannot be read)`,
		// A block first (<p> starts one anywhere), then the inline tags of
		// the paragraph above it: one note, naming the first.
		"<video src=\"x.mp4\"></video>\n\n<p>b</p>": "raw HTML (<p>b</p>)",
		"Some <kbd>K</kbd> text":                    "raw HTML (<kbd>)",
		"<img src=\"a.png\" class=\"x\">\n<p>":      `raw HTML (<img src="a.png" class=…)`,
	} {
		f := Projectors[0].fitSlide(md, images)
		if len(f.Unmeasured) != 1 || f.Unmeasured[0] != want || !f.Partial {
			t.Errorf("%q: unmeasured %q, want [%q]", md, f.Unmeasured, want)
		}
	}
	// Missing, remote and escaping images are the asset checks' to report,
	// and a comment shows nothing: no note.
	for _, md := range []string{"![a](gone.png)", "![a](https://example.org/x.png)", "![a](../x.png)", "<img src=\"gone.png\">", "<!-- hidden -->\n\ntext", "<https://example.org>"} {
		if f := Projectors[0].fitSlide(md, images); len(f.Unmeasured) != 0 {
			t.Errorf("%q: unmeasured %q, want none", md, f.Unmeasured)
		}
	}
}

func TestSVGSize(t *testing.T) {
	for svg, want := range map[string]imageBox{
		`<svg width="10cm" height="96pt"/>`:                {w: 10 * 96 / 2.54, h: 128},
		`<svg width="200" viewBox="0 0 400 100"/>`:         {w: 200, h: 50},
		`<svg height="50" viewBox="0,0,400,100"/>`:         {w: 200, h: 50},
		`<svg width="100%" viewBox="0 0 16 9"/>`:           {ratio: 16.0 / 9},
		`<svg width="2em" height="3em"/>`:                  {w: 300, h: 150},
		`<!DOCTYPE svg><svg width="40" height="30"></svg>`: {w: 40, h: 30},
	} {
		got, err := svgSize(strings.NewReader(svg))
		if err != nil || math.Abs(got.w-want.w) > 1e-9 || math.Abs(got.h-want.h) > 1e-9 || math.Abs(got.ratio-want.ratio) > 1e-9 {
			t.Errorf("%s: %+v, %v; want %+v", svg, got, err, want)
		}
	}
	if _, err := svgSize(strings.NewReader(`<html><svg width="1" height="1"/></html>`)); err == nil {
		t.Error("an HTML file: want an error")
	}
}

// The figures were measured on the stage in Chromium.
func TestFitSlideBlocksFromChromium(t *testing.T) {
	cases := []struct {
		md         string
		wide, four float64
	}{
		{"#### Four heading\n\ntext", 45.9 + 45.22 + 18 + 45.9, 45.9 + 45.22 + 18 + 45.9},
		{"##### Five heading\n\ntext", 38.09 + 47.13 + 18 + 45.9, 38.09 + 47.13 + 18 + 45.9},
		{"###### Six heading\n\ntext", 30.75 + 53.08 + 18 + 45.9, 30.75 + 53.08 + 18 + 45.9},
		{"text\n\n#### Four heading", 45.9 + 18 + 45.22 + 45.9 + 45.22, 45.9 + 18 + 45.22 + 45.9 + 45.22},
		{"text\n\n***\n\ntext", 45.9 + 18 + 17 + 2 + 17 + 18 + 45.9, 45.9 + 18 + 17 + 2 + 17 + 18 + 45.9},
		{"Setext\n===", 73.44 + 8, 73.44 + 8},
		{"    indented code\n    more", 111.6, 111.6},
		{"- [x] done\n- [ ] todo", 2*45.9 + 3*6.12, 2*45.9 + 3*6.12},
		// A header row 54.3 px (28 × 1.35 + 16 + half a border), body rows
		// 54.8, and the last half border.
		{"| Head one | Head two |\n|---|---|\n| a | b |\n| c | d |", 164.39, 164.39},
		// Cells that wrap: the body row takes 6 lines of 37.8 px at 16:9, 8
		// at 4:3 (Chromium gives the columns 609 and 495 px, 429 and 355).
		{"| Head one | Head two |\n|---|---|\n| " + strings.Repeat("word ", 40) + " | " + strings.Repeat("other ", 30) + " |", 298.58, 374.17},
	}
	for _, c := range cases {
		for i, want := range []float64{c.wide, c.four} {
			f := Projectors[i].FitSlide(c.md)
			if math.Abs(f.Height-want) > 0.1 || f.Cut() {
				t.Errorf("%q at %s: %.2f px (%+v), want %.2f", c.md, Projectors[i].Name, f.Height, f, want)
			}
		}
	}
	// A cell's word wider than the line makes the table run off at the right.
	f := Projectors[0].FitSlide("| H |\n|---|\n| " + strings.Repeat("x", 80) + " |")
	if !f.Cut() || !f.Table || math.Abs(f.Wide-1254.81) > 0.5 {
		t.Errorf("a table of an 80-letter word: %+v, want cut at 1254.81 px", f)
	}
}

func TestCheckSlidesMedia(t *testing.T) {
	dir := mediaDir(t)
	src := fm + ":: start\n# Fits on its text\n\n" + strings.Repeat("word ", 60) + "\n\n![a](big.png)\n\n---\n\n![a](pic.webp)\n\n<video src=\"x.mp4\"></video>\n\n<div>x</div>\n\n---\n\n![a](gone.png)\n\n-> END\n"
	_, ds := Parse("t.md", []byte(src), dir)
	var got []string
	for _, l := range lines(ds) {
		if strings.Contains(l, "slide ") {
			got = append(got, l)
		}
	}
	want := []string{
		`7:1: warning: slide 1 of scene "start" needs 818 px of the stage's 592 at 16:9`,
		`7:1: warning: slide 1 of scene "start" needs 888 px of the stage's 592 at 4:3`,
		`15:1: warning: slide 2 of scene "start" has raw HTML (<div>x</div>) and image "pic.webp" (the checker reads the size of PNG, JPEG, GIF and SVG files only), which the checker cannot measure: the rest of the slide is checked; look at it on the stage at 16:9 and 4:3`,
	}
	if len(got) != len(want) {
		t.Fatalf("warnings:\n%s\nwant %d like:\n%s", strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d:\n%s\nwant\n%s", i, got[i], want[i])
		}
	}
}

func FuzzSVGSize(f *testing.F) {
	f.Add(`<svg width="10cm" height="96pt" viewBox="0 0 4 3"/>`)
	f.Add(`<?xml version="1.0"?><!DOCTYPE svg><svg viewBox="0,0,-1,1e400"/>`)
	f.Add(`<svg width="Inf" height="Inf"/>`)
	f.Add(`<svg width="NaN" viewBox="0 0 Inf 1"/>`)
	f.Fuzz(func(t *testing.T, svg string) {
		b, err := svgSize(strings.NewReader(svg))
		if err != nil {
			return
		}
		w, h := b.size(1104)
		if w < 0 || h < 0 || w > 1104+1e-9 || h > imgMaxH+1e-9 || math.IsNaN(w) || math.IsNaN(h) {
			t.Fatalf("%q: %+v sized %v×%v on a 1104 px line", svg, b, w, h)
		}
	})
}
