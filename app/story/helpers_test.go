package story

import (
	"fmt"
)

// fm is a front matter that keeps the number warning out of rule tests; it
// is 5 lines long, so a story's first scene header is on line 6.
const fm = "---\ntitle: T\nvote:\n  number: \"+1 555 0100\"\n---\n"

// lines formats diagnostics without the file name, one per element.
func lines(ds []Diagnostic) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("%d:%d: %s: %s", d.Pos.Line, d.Pos.Col, d.Severity, d.Message)
	}
	return out
}
