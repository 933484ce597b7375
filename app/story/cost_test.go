package story

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The parser's cost must grow linearly with the file: inputs that made it
// quadratic (found by hand and from CommonMark's known pathological cases)
// are parsed at two sizes and the cost per byte compared. Limits that bound
// goldmark (nesting, slide size, table width) turn the worst of them into
// one clear error instead.

// costCase builds a story from n repetitions of something hard.
type costCase struct {
	name string
	n    int // the small size; the large one is 4n
	make func(n int) string
	want string // a diagnostic the large input must produce: one of these texts, split at "|" ("" = none needed)
}

const costHeader = "---\ntitle: Cost\nstart: a\n---\n\n"

func costCases() []costCase {
	return []costCase{
		{"one choice with many keywords", 10000, func(n int) string {
			var b strings.Builder
			b.WriteString(costHeader + ":: a\n# Pick\n1. One -> b")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, " #k%d", i)
			}
			b.WriteString("\n2. Two -> b\n\n:: b\n# B\n-> END\n")
			return b.String()
		}, ""},
		{"many digit keywords, one error each, on one line", 5000, func(n int) string {
			var b strings.Builder
			b.WriteString(costHeader + ":: a\n# Pick\n1. Oné -> b")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, " #%d", i)
			}
			b.WriteString("\n2. Two -> b\n\n:: b\n# B\n-> END\n")
			return b.String()
		}, "made of digits"},
		{"list nested on one line", 500, func(n int) string {
			return costHeader + ":: a\n" + strings.Repeat("- ", n) + "x\n\n-> END\n"
		}, "nested"},
		{"list nested by indentation", 100, func(n int) string {
			var b strings.Builder
			b.WriteString(costHeader + ":: a\n")
			for i := 0; i < n; i++ {
				b.WriteString(strings.Repeat("  ", i) + "- item\n")
			}
			b.WriteString("\n-> END\n")
			return b.String()
		}, "nested|KB of Markdown"},
		{"quotes nested, then lazy lines", 300, func(n int) string {
			return costHeader + ":: a\n" + strings.Repeat("> ", n) + "x\n" + strings.Repeat("lazy\n", n) + "\n-> END\n"
		}, "nested"},
		{"many slides with missing images", 500, func(n int) string {
			var b strings.Builder
			b.WriteString(costHeader + ":: a\n")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "![](img/missing-%d.png) ![](img/gone-%d.png)\n---\n", i, i)
			}
			b.WriteString("# end\n-> END\n")
			return b.String()
		}, "not found"},
		{"one slide of distinct images", 2000, func(n int) string {
			var b strings.Builder
			b.WriteString(costHeader + ":: a\n")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "![](p%d.png) ", i)
			}
			b.WriteString("\n\n-> END\n")
			return b.String()
		}, ""},
		// goldmark's cost on these grows with the square of a paragraph's
		// length; MaxSlideBytes bounds it per slide, so a story of many
		// such slides costs time linear in its size, and one huge slide is
		// refused.
		{"slides of unclosed links", 2, func(n int) string {
			return costHeader + ":: a\n" + strings.Repeat(strings.Repeat("[a](b ", 5000)+"\n---\n", n) + "x\n\n-> END\n"
		}, ""},
		{"slides of mismatched emphasis", 2, func(n int) string {
			return costHeader + ":: a\n" + strings.Repeat(strings.Repeat("*a_ ", 2500)+"\n---\n", n) + "x\n\n-> END\n"
		}, ""},
		{"one slide of mismatched emphasis", 2000, func(n int) string {
			return costHeader + ":: a\n" + strings.Repeat("*a_ ", 5*n) + "\n\n-> END\n"
		}, "KB of Markdown"},
		{"a wide table header over short rows", 300, func(n int) string {
			return costHeader + ":: a\n" + strings.Repeat("|a", n) + "|\n" + strings.Repeat("|-", n) + "|\n" + strings.Repeat("|x\n", n) + "\n-> END\n"
		}, "columns"},
		{"many scenes", 300, func(n int) string {
			var b strings.Builder
			b.WriteString(costHeader)
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, ":: s%d\n# Scene %d\nSome *text* and `code`.\n---\n- a\n  - b\n-> s%d\n\n", i, i, i+1)
			}
			fmt.Fprintf(&b, ":: s%d\n# End\n-> END\n", n)
			return strings.Replace(b.String(), "start: a", "start: s0", 1)
		}, ""},
	}
}

// parseCost is the least thread CPU time of three parses of src.
func parseCost(src []byte, dir string) (time.Duration, []Diagnostic) {
	best := time.Duration(1 << 62)
	var ds []Diagnostic
	for range 3 {
		runtime.GC()
		d := threadCPU(func() { _, ds = Parse("cost.md", src, dir) })
		best = min(best, d)
	}
	return best, ds
}

func TestParseCostIsLinear(t *testing.T) {
	for _, c := range costCases() {
		t.Run(c.name, func(t *testing.T) {
			small, large := []byte(c.make(c.n)), []byte(c.make(4*c.n))
			dir := t.TempDir()
			ts, _ := parseCost(small, dir)
			tl, ds := parseCost(large, dir)
			if c.want != "" && !hasDiag(ds, c.want) {
				t.Errorf("the large input gave no diagnostic containing %q; first ones: %v", c.want, firstDiags(ds, 3))
			}
			// Cost per byte of the large input over that of the small one:
			// 1 when linear, 4 when quadratic; the collector and cache
			// misses on bigger maps push a linear parse up to ~x2 on a
			// busy 2-core machine. Tiny costs are below the clock's
			// resolution, so give them a floor.
			ts = max(ts, time.Millisecond)
			perByte := (float64(tl) / float64(len(large))) / (float64(ts) / float64(len(small)))
			t.Logf("%d bytes: %v; %d bytes: %v; cost per byte x%.2f", len(small), ts, len(large), tl, perByte)
			if perByte > 2.5 {
				t.Errorf("cost per byte grew x%.2f from %d to %d bytes (%v to %v): not linear", perByte, len(small), len(large), ts, tl)
			}
		})
	}
}

func hasDiag(ds []Diagnostic, subs string) bool {
	for _, d := range ds {
		for _, sub := range strings.Split(subs, "|") {
			if strings.Contains(d.Message, sub) {
				return true
			}
		}
	}
	return false
}

func firstDiags(ds []Diagnostic, n int) []Diagnostic { return ds[:min(n, len(ds))] }

// A fence's info string is looked up in chroma's registry; a name that is
// no lexer's is matched against every lexer's filename globs, in time that
// grows with its length. FuzzParseNoHTML found a 3,600-character one that
// took a second to parse (its seed is kept). The long info string must
// cost no more than the same characters inside the code block.
func TestLongCodeLanguageCost(t *testing.T) {
	long := "z" + strings.Repeat("~", 3600)
	inInfo := []byte(costHeader + ":: a\n# A\n~~~" + long + "\nx := 1\n~~~\n-> END\n")
	inCode := []byte(costHeader + ":: a\n# A\n~~~go\nx := 1 // " + long + "\n~~~\n-> END\n")
	dir := t.TempDir()
	ti, ds := parseCost(inInfo, dir)
	tc, _ := parseCost(inCode, dir)
	if !hasDiag(ds, "no highlighting for code language") {
		t.Errorf("no warning for an unknown code language; first diagnostics: %v", firstDiags(ds, 3))
	}
	for _, d := range ds {
		if strings.Contains(d.Message, "did you mean") {
			t.Errorf("a 3,600-character language got a suggestion: %s", d.Message)
		}
	}
	tc = max(tc, time.Millisecond)
	t.Logf("long info string %v, the same text as code %v: x%.2f", ti, tc, float64(ti)/float64(tc))
	if ti > 3*tc {
		t.Errorf("a long code language costs %v, the same text as code %v: over x3", ti, tc)
	}
	for _, lang := range []string{"python", "py", "main.go", "Dockerfile"} {
		if lexerFor(strings.ToLower(lang)) == nil {
			t.Errorf("no lexer for %q", lang)
		}
	}
}
