package twine

import (
	"fmt"
	"strings"
	"testing"

	"forkcast/app/testkit"
)

// Issue #21, item 11: a Twine import costs time linear in the file's size,
// however its passages are laid out. The figures at full size (100,000
// passages on one line, 50,000 unclosed ones) are BenchmarkImportScale's,
// quoted in docs/benchmarks.md; the tests assert the growth, which does not
// depend on the machine's load.

// onOneLine is a published story of n passages on a single line, each
// linking to the next.
func onOneLine(n int) string {
	var b strings.Builder
	b.WriteString(`<tw-storydata name="Long line" startnode="1" format="Harlowe" format-version="3.3.8" ifid="A1B2C3D4-0000-4000-8000-000000000001">`)
	for i := 1; i <= n; i++ {
		link := fmt.Sprintf("[[p%d]]", i+1)
		if i == n {
			link = "The end."
		}
		fmt.Fprintf(&b, `<tw-passagedata pid="%d" name="p%d" tags="" position="%d,0" size="100,100">Passage %d. %s</tw-passagedata>`, i, i, i*10, i, link)
	}
	b.WriteString("</tw-storydata>")
	return b.String()
}

// unclosed is n passages of about 32 bytes, none closed: each one's text
// runs to the next tag. lines puts each on a line of its own.
func unclosed(n int, lines bool) string {
	var b strings.Builder
	b.WriteString("<tw-storydata name=Unclosed startnode=1>")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "<tw-passagedata pid=%d name=p%d>x", i, i)
		if lines {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestImportIsLinear(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  func(n int) string
	}{
		{"passages on one line", onOneLine},
		{"unclosed passages on one line", func(n int) string { return unclosed(n, false) }},
		{"unclosed passages, one a line", func(n int) string { return unclosed(n, true) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			small, big := tc.src(2500), tc.src(10_000)
			testkit.AssertLinear(t, "import of "+tc.name, 2500, 8, func(n int) {
				src := small
				if n > 2500 {
					src = big
				}
				imp, _, err := Import(strings.NewReader(src), "big.html", ImportOptions{})
				if err != nil || imp == nil || len(imp.Source) == 0 {
					t.Fatalf("import: %v", err)
				}
			})
		})
	}
}

// BenchmarkImportScale is issue #21's figure: 100,000 passages on one line
// and 50,000 unclosed passages in 1.6 MB, each imported in under 5 s.
func BenchmarkImportScale(b *testing.B) {
	for _, tc := range []struct {
		name string
		src  string
	}{
		{"one-line-100k", onOneLine(100_000)},
		{"unclosed-50k", unclosed(50_000, false)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.src)))
			for b.Loop() {
				if _, _, err := Import(strings.NewReader(tc.src), "big.html", ImportOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestUnclosedPassagesAreKeptWithOneWarning(t *testing.T) {
	src := unclosed(3, true) + "</tw-storydata>"
	imp, ds, err := Import(strings.NewReader(src), "u.html", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{":: p1", ":: p2", ":: p3"} {
		if !strings.Contains(string(imp.Source), id) {
			t.Errorf("passage %s lost:\n%s", id, imp.Source)
		}
	}
	var warned []string
	for _, d := range ds {
		if strings.Contains(d.Message, "not closed") {
			warned = append(warned, d.String())
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], `"p1"`) || !strings.Contains(warned[0], "2 more") {
		t.Errorf("warnings about unclosed passages = %q, want one naming p1 and 2 more", warned)
	}
}
