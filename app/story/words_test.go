package story

import (
	"strings"
	"testing"
)

// slowWords is countWords without its shortcut: notWords on every line.
func slowWords(md string) int {
	n, fence := 0, false
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			continue
		}
		if !fence {
			n += len(wordRE.FindAllStringIndex(notWords.ReplaceAllString(line, " "), -1))
		}
	}
	return n
}

// FuzzCountWords: skipping notWords on lines without "]", "<" or "http"
// never changes the count.
func FuzzCountWords(f *testing.F) {
	for _, s := range []string{
		"Passage 1. p2", "![alt text](img.png) two words", "[link](x.md) three", "<b>bold</b> tag",
		"see https://example.com/a b", "http:/ not a url", "it's l'été ’tis", "```\ncode here\n```\nafter",
		"a]b(c) d", "x<y z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		if got, want := countWords(md), slowWords(md); got != want {
			t.Fatalf("countWords(%q) = %d, want %d", md, got, want)
		}
	})
}
