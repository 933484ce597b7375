package story

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// sameButHTML fails t unless ParseWith(NoHTML) gives src the diagnostics,
// word and code-line counts of Parse, with every HTML field left empty.
func sameButHTML(t *testing.T, name string, src []byte, dir string) []Diagnostic {
	t.Helper()
	full, want := Parse(name, src, dir)
	bare, got := ParseWith(name, src, dir, Options{NoHTML: true})
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: diagnostics without HTML differ\n got: %v\nwant: %v", name, got, want)
	}
	if len(bare.Scenes) != len(full.Scenes) {
		t.Fatalf("%s: %d scenes without HTML, %d with", name, len(bare.Scenes), len(full.Scenes))
	}
	for i, sc := range bare.Scenes {
		for j, sl := range sc.Slides {
			fsl := full.Scenes[i].Slides[j]
			if sl.Words != fsl.Words || sl.CodeLines != fsl.CodeLines {
				t.Fatalf("%s: scene %s slide %d: words/code lines %d/%d without HTML, %d/%d with", name, sc.ID, j, sl.Words, sl.CodeLines, fsl.Words, fsl.CodeLines)
			}
			if sl.HTML != "" || sl.NotesHTML != "" {
				t.Fatalf("%s: scene %s slide %d has HTML with NoHTML: %.80q", name, sc.ID, j, sl.HTML+sl.NotesHTML)
			}
		}
		if sc.Fork != nil {
			for _, c := range sc.Fork.Choices {
				if c.LabelHTML != "" {
					t.Fatalf("%s: choice %q has label HTML with NoHTML", name, c.Label)
				}
			}
		}
	}
	return got
}

// TestNoHTMLSameDiagnostics holds the check-only parse to Parse's verdict on
// every story in this package's testdata and the bundled talks (stories/),
// each read with its own folder for the asset checks.
func TestNoHTMLSameDiagnostics(t *testing.T) {
	var files []string
	for _, pat := range []string{"testdata/*.md", "testdata/*/*.md", "../../stories/*.md"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 8 {
		t.Fatalf("found only %d stories: %v", len(files), files)
	}
	withDiags := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(sameButHTML(t, f, src, filepath.Dir(f))) > 0 {
			withDiags++
		}
	}
	if withDiags == 0 {
		t.Fatalf("no story of %v has a diagnostic: the comparison proves nothing", files)
	}
}

// TestNoHTMLKeepsRenderedChecks: every check that needs the rendering still
// reports with NoHTML (missing, escaping, remote and unservable files in
// Markdown and raw HTML, and unknown code languages, in slides and notes).
func TestNoHTMLKeepsRenderedChecks(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ok.png"), []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.db"), []byte("db"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := []byte(":: a\n# Title\n\n![ok](ok.png) ![gone](gone.png)\n\n[ref]: ../up.png\n\nSee [the ref][ref] and <img src=\"secret.db\">.\n\n" +
		"```pythn\nprint(1)\n```\n\n![far](https://example.com/x.png)\n\n~~~nosuchlang\nx\n~~~\n\nNote: <video poster='missing.jpg'></video> [x](notes-gone.pdf)\n\n-> END\n")
	ds := sameButHTML(t, "a.md", src, dir)
	if len(ds) < 7 {
		t.Fatalf("want at least 7 asset and language diagnostics, got %d: %v", len(ds), ds)
	}
}

// FuzzParseNoHTML: on any text, the check-only parse says what Parse says.
func FuzzParseNoHTML(f *testing.F) {
	for _, p := range []string{"testdata/baseline.md", "testdata/render/features.md", "testdata/broken/assets.md", "testdata/rich.md"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(":: a\n![x](y.png) <img src=z.gif>\n```qq\n```\nNote: [n](m.pdf)\n-> END\n"))
	f.Add([]byte(":: a\nwww.example.com <https://x.y/z.png> &#91;x&#93;(y.png) \\[x](y.png)\n-> END\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sameButHTML(t, "f.md", src, "testdata")
	})
}
