package story

import (
	"strings"
	"testing"

	"forkcast/app/testkit"
)

// TestLookalikeArrows: an arrow a word processor or phone typed instead of
// "->" is pointed at, with what to type.
func TestLookalikeArrows(t *testing.T) {
	cases := []struct{ line, want string }{
		{"1. Ship it → ship #go", `7:12: error: choice 1: use "->" (hyphen, greater-than) not "→" to point at the target`},
		{"1. Ship it ⇒ ship", `7:12: error: choice 1: use "->" (hyphen, greater-than) not "⇒" to point at the target`},
		{"1. Ship it ➔ ship", `7:12: error: choice 1: use "->" (hyphen, greater-than) not "➔" to point at the target`},
		{"1. Ship it –> ship", `7:12: error: choice 1: use "->" (hyphen, greater-than) not "–>" to point at the target`},
		{"1. Ship it ship", `7:1: error: choice 1 has no target; write "1. Label -> scene-id"`},
	}
	for _, c := range cases {
		src := fm + ":: a\n" + c.line + "\n2. Wait -> wait\n:: ship\n-> END\n:: wait\n-> END\n"
		_, ds := Parse("t.md", []byte(src), "")
		got := lines(ds)
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("%q:\n got %q\nwant first %q", c.line, got, c.want)
		}
	}
}

// TestMissingFileSuggests: a misspelt image names the folder once and the
// nearest file in it, also for a story in the working folder.
func TestMissingFileSuggests(t *testing.T) {
	dir := testkit.WriteTree(t, map[string]string{
		"talk.md":        fm + ":: a\n![crab](img/feris.png) ![x](img/nothing-like-it.png)\n-> END\n",
		"img/ferris.png": "\x89PNG\r\n\x1a\nFERRIS",
		"img/other.png":  "\x89PNG\r\n\x1a\nOTHER",
		".git/feris.png": "not a candidate",
	})
	t.Chdir(dir)
	_, ds, err := ParseFile("talk.md")
	if err != nil {
		t.Fatal(err)
	}
	testkit.SameLines(t, lines(ds), []string{
		`7:9: error: image "img/feris.png" not found next to the story; did you mean "img/ferris.png"?`,
		`7:29: error: image "img/nothing-like-it.png" not found next to the story`,
	})
}

// TestThemes: the two stage themes are taken; any other name is an error
// that says which exist.
func TestThemes(t *testing.T) {
	for _, name := range Themes {
		s, ds := Parse("t.md", []byte("---\ntitle: T\ntheme: "+name+"\n---\n:: a\nHi\n-> END\n"), "")
		if HasErrors(ds) || s.Theme != name {
			t.Errorf("theme %s: %q, theme %q", name, lines(ds), s.Theme)
		}
	}
	_, ds := Parse("t.md", []byte("---\ntitle: T\ntheme: high-contrst\n---\n:: a\nHi\n-> END\n"), "")
	testkit.SameLines(t, lines(ds), []string{`3:8: error: theme: "high-contrst" is not a stage theme; write dark or high-contrast; did you mean "high-contrast"?`})
}

// TestLookalikeDivert: a scene whose last line is a divert written with a
// look-alike arrow has no way on; the error points at the arrow and says
// which to type. A slide line starting with "=>" in a scene that does end
// with a divert is left alone.
func TestLookalikeDivert(t *testing.T) {
	cases := []struct{ scene, want string }{
		{"→ END", `7:1: error: scene "a" has no way on: its divert starts with "→"; use "->" (hyphen, greater-than)`},
		{"  ⇒ b", `7:3: error: scene "a" has no way on: its divert starts with "⇒"; use "->" (hyphen, greater-than)`},
		{"just words", `6:4: error: scene "a" has no way on: end it with "-> END", a divert "-> scene-id", or numbered choices "1. Label -> scene-id"`},
	}
	for _, c := range cases {
		src := fm + ":: a\n" + c.scene + "\n:: b\n-> END\n"
		_, ds := Parse("t.md", []byte(src), "")
		got := lines(ds)
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("%q:\n got %q\nwant first %q", c.scene, got, c.want)
		}
	}
	_, ds := Parse("t.md", []byte(fm+":: a\n=> not an arrow here\n-> END\n"), "")
	for _, l := range lines(ds) {
		if strings.Contains(l, "error") {
			t.Errorf("a scene ending with a real divert: %q", l)
		}
	}
}
