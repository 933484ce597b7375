package story

import "testing"

// TestSlideCodeLines checks what timing estimates count as code: non-blank
// lines inside fences on the slide, not in its notes.
func TestSlideCodeLines(t *testing.T) {
	src := fm + ":: a\n" +
		"# Backticks\n```python\nx = 1\n\n   \ny = 2\n```\nafter the fence\n" +
		"Note: notes code is spoken, not read\n```bash\necho not counted\n```\n" +
		"---\n# Tildes and a longer fence\n~~~\none\n~~~\n````md\n```\nthree\n```\n````\n" +
		"---\n# No code, `inline` is not a block\n-> END\n"
	s, ds := Parse("t.md", []byte(src), "")
	if HasErrors(ds) {
		t.Fatalf("parse: %v", lines(ds))
	}
	want := []int{2, 4, 0}
	slides := s.Scene("a").Slides
	if len(slides) != len(want) {
		t.Fatalf("%d slides, want %d", len(slides), len(want))
	}
	for i, sl := range slides {
		if sl.CodeLines != want[i] {
			t.Errorf("slide %d: CodeLines = %d, want %d\n%s", i+1, sl.CodeLines, want[i], sl.Markdown)
		}
	}
}
