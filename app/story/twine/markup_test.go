package twine

import "testing"

// Harlowe names a hook on either side: |name>[text] or [text]<name|. The
// inputs below are written the way Harlowe's manual shows named hooks
// (twinery.org/wiki/harlowe:named_hook): several small hooks in one
// sentence, used later by (click:) and (replace:).
func TestHarloweClosingNamedHooks(t *testing.T) {
	const warn = "Harlowe named hooks ([...]<name|) are dropped: their text shows"
	cases := []struct {
		name, in, want string
		warned         bool
	}{
		{"one", "[Fie and fuggaboo!]<shout|", "Fie and fuggaboo!", true},
		{"several in a sentence",
			"Your [ballroom gown]<c1| is [bright red]<c2| with [silver streaks]<c3|,\nand covered in [moonstones]<c4|.",
			"Your ballroom gown is bright red with silver streaks,\nand covered in moonstones.", true},
		{"nested", "[outer [inner]<in| text]<out|", "outer inner text", true},
		{"around a link", "[[[Pods]]]<menu|", "[[Pods]]", true},
		{"after a link", "[[Back to adventure choices->adventure choices]]<back|", "[[Back to adventure choices->adventure choices]]", true},
		{"inside a changer's hook", "(text-style:\"rumble\")[Where [shall]<s| we go?]", "Where shall we go?", true},
		{"with a click macro", "[Fie!]<shout|\n(click: ?shout)[ (replace: ?shout)[\"Blast!\"] ]", "Fie!\n \"Blast!\" ", true},
		{"stray nametag", "text]<x| more", "text] more", true},
		{"no nametag", "a [plain] hook and a <b>tag</b>", "a [plain] hook and a <b>tag</b>", false},
		{"a Markdown link is not one", "[docs](https://example.org/a<b|c)", "[docs](https://example.org/a<b|c)", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := convertMarkup("Harlowe", tc.in, func(string) bool { return true })
			if r.text != tc.want {
				t.Errorf("text = %q, want %q", r.text, tc.want)
			}
			n := 0
			for _, k := range r.kinds {
				if k == warn {
					n++
				}
			}
			if tc.warned && n != 1 || !tc.warned && n != 0 {
				t.Errorf("warnings %q: %d of %q, want %v", r.kinds, n, warn, tc.warned)
			}
		})
	}
}
