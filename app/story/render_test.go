package story

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/testkit"
)

// TestRenderGolden renders every testdata/render/*.md and compares each
// slide's HTML and notes HTML with the .html file beside it (-update rewrites).
func TestRenderGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/render/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no render fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, ds := Parse(filepath.Base(f), src, "")
			testkit.SameLines(t, lines(ds), nil)
			var b strings.Builder
			for _, sc := range s.Scenes {
				for _, sl := range sc.Slides {
					fmt.Fprintf(&b, "<!-- %s slide %d: %d words -->\n%s", sc.ID, sl.Index, sl.Words, sl.HTML)
					if sl.NotesHTML != "" {
						fmt.Fprintf(&b, "<!-- notes -->\n%s", sl.NotesHTML)
					}
				}
			}
			testkit.Golden(t, strings.TrimSuffix(f, ".md")+".html", b.String())
		})
	}
}

func TestAssetURL(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"img/pony.png", "/story-assets/img/pony.png", true},
		{"./img/../img/pony.png", "/story-assets/img/pony.png", true},
		{"img/my%20pony.png", "/story-assets/img/my%20pony.png", true},
		{"img/a b.png?x=1#frag", "/story-assets/img/a%20b.png?x=1#frag", true},
		{"../secret.png", "", false},
		{"img/../../secret.png", "", false},
		{"/etc/passwd", "", false},
		{"https://example.com/a.png", "", false},
		{"data:image/png;base64,xx", "", false},
		{"#top", "", false},
		{"mailto:a@b.c", "", false},
		{`img\..\..\x.png`, "", false},
	}
	for _, tc := range tests {
		got, ok := assetURL(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("assetURL(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestChromaCSS(t *testing.T) {
	css := ChromaCSS()
	for _, want := range []string{".chroma .k {", `[data-theme="dark"] .chroma .k {`, `.theme-dark .chroma {`, "@media (prefers-color-scheme: dark)", `:root:not([data-theme="light"]) .chroma .s {`} {
		if !strings.Contains(css, want) {
			t.Errorf("ChromaCSS lacks %q", want)
		}
	}
	if strings.Count(css, "{") != strings.Count(css, "}") {
		t.Errorf("ChromaCSS braces do not balance")
	}
}

func TestChoiceLabelHTML(t *testing.T) {
	s, _ := Parse("t.md", []byte(fm+":: a\nx\n1. Ship `v2` **now** -> END\n2. <b>Wait</b> & see -> END\n"), "")
	got := []string{s.Scene("a").Fork.Choices[0].LabelHTML, s.Scene("a").Fork.Choices[1].LabelHTML}
	want := []string{"Ship <code>v2</code> <strong>now</strong>", "<b>Wait</b> &amp; see"}
	testkit.SameLines(t, got, want)
}
