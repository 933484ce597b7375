package twine

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
)

// Issue #21, item 11: a Twine import costs time linear in the file's size,
// however its passages are laid out.

const (
	importCPU    = 5 * time.Second // of CPU time: the wall time of a shared machine stretches with its load
	importMemory = 500 << 20
)

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

// unclosed is n passages of about 32 bytes on one line, none closed: each
// one's text runs to the next tag.
func unclosed(n int) string {
	var b strings.Builder
	b.WriteString("<tw-storydata name=Unclosed startnode=1>")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "<tw-passagedata pid=%d name=p%d>x", i, i)
	}
	return b.String()
}

func TestImportManyPassagesIsLinear(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
	}{
		{"100,000 passages on one line", onOneLine(100_000)},
		{"50,000 unclosed passages", unclosed(50_000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			var imp *Imported
			testkit.Bounded(t, "import of "+tc.name, importCPU, importMemory, func() {
				imp, _, err = Import(strings.NewReader(tc.src), "big.html", ImportOptions{})
			})
			if err != nil || imp == nil || len(imp.Source) == 0 {
				t.Fatalf("import: %v", err)
			}
		})
	}
}
