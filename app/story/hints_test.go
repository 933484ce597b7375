package story

import (
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
