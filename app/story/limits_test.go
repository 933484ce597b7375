package story

import (
	"strings"
	"testing"
)

func TestNestingEstimate(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"plain text", 0},
		{"- item", 1},
		{"  - nested item", 2},
		{"    - deeper", 3},
		{"1. first", 1},
		{"   1) nested ordered", 2},
		{"> quote", 1},
		{"> > - quoted list", 3},
		{">>> tight quotes", 3},
		{"- - - x", 3},
		{"- - -", 0}, // a thematic break
		{"* * * *", 0},
		{"*emphasis* is not a list", 0},
		{"-> a divert", 0},
		{"1234567890. too many digits", 0},
		{"\t- tab", 3},
		{"                                        deeply indented text", 0},
		{strings.Repeat("- ", 40) + "x", 40},
	}
	for _, tc := range tests {
		if got := nesting(tc.line); got != tc.want {
			t.Errorf("nesting(%q) = %d, want %d", tc.line, got, tc.want)
		}
	}
}

func TestDelimiterCells(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"|---|---|", 2},
		{"| :-- | :-: | --: |", 3},
		{"---|---", 2},
		{"---", 0},
		{"| a | b |", 0},
		{"|--x|", 0},
		{"", 0},
	}
	for _, tc := range tests {
		if got := delimiterCells(tc.line); got != tc.want {
			t.Errorf("delimiterCells(%q) = %d, want %d", tc.line, got, tc.want)
		}
	}
}

// A slide over a limit is one error at the line that breaks it, and the
// slide is not rendered; a slide at the limit renders.
func TestSlideLimits(t *testing.T) {
	nested := func(depth int) string {
		var b strings.Builder
		for i := 0; i < depth; i++ {
			b.WriteString(strings.Repeat("  ", i) + "- level\n")
		}
		return b.String()
	}
	table := func(cols int) string {
		return strings.Repeat("| h ", cols) + "|\n" + strings.Repeat("|---", cols) + "|\n" + strings.Repeat("| c ", cols) + "|\n"
	}
	tests := []struct {
		name, body string
		line       int // of the error; 0 = no error
		msg        string
	}{
		{"nested to the limit", nested(MaxNesting), 0, ""},
		{"nested past the limit", nested(MaxNesting + 1), 7 + MaxNesting, "nested about 33 levels deep in this slide"},
		{"table at the limit", table(MaxTableColumns), 0, ""},
		{"table past the limit", table(MaxTableColumns + 1), 8, "a table of 65 columns in this slide"},
		{"slide at the size limit", strings.Repeat("word ", MaxSlideBytes/5), 0, ""},
		{"slide past the size limit", strings.Repeat("word ", MaxSlideBytes/5+1), 7, "slide of 33 KB of Markdown"},
		{"notes past the size limit", "# Title\nNote: " + strings.Repeat("word ", MaxSlideBytes/5+1), 8, "speaker notes of 33 KB"},
		{"deep code in a fence is not nesting", "```\n" + strings.Repeat(" ", 200) + "- x\n```\n", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "---\ntitle: Limits\nstart: a\n---\n\n:: a\n" + tc.body + "\n-> END\n"
			s, ds := Parse("limits.md", []byte(src), "")
			var errs []Diagnostic
			for _, d := range ds {
				if d.Severity == SevError {
					errs = append(errs, d)
				}
			}
			if tc.line == 0 {
				if len(errs) > 0 || s.Scenes[0].Slides[0].HTML == "" {
					t.Fatalf("errors %v, html %d bytes; want none and a rendered slide", errs, len(s.Scenes[0].Slides[0].HTML))
				}
				return
			}
			if len(errs) != 1 || errs[0].Pos.Line != tc.line || !strings.Contains(errs[0].Message, tc.msg) {
				t.Fatalf("errors %v, want one at line %d containing %q", errs, tc.line, tc.msg)
			}
		})
	}
}

// A file of thousands of mistakes lists MaxDiagnostics of them and one
// error that says how many more there are, never a list of any length.
func TestDiagnosticsAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: Many\nstart: a\n---\n\n:: a\n# Pick\n1. One -> END")
	for i := range 5000 {
		b.WriteString(" #" + strings.Repeat("1", 1+i%7))
	}
	b.WriteString("\n2. Two -> END\n")
	_, ds := Parse("many.md", []byte(b.String()), "")
	if len(ds) != MaxDiagnostics+1 {
		t.Fatalf("%d diagnostics, want %d", len(ds), MaxDiagnostics+1)
	}
	var summary *Diagnostic
	for i := range ds {
		if strings.Contains(ds[i].Message, "more problems are not listed") {
			summary = &ds[i]
		}
	}
	if summary == nil || summary.Severity != SevError || !strings.HasPrefix(summary.Message, "40") {
		t.Fatalf("summary %+v, want an error saying some 4,000 more problems", summary)
	}
}
