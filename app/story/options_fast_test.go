package story

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// sameNode says how a differs from b in what the parser reads (kind, style,
// tag, value, line, column, children), "" when they agree.
func sameNode(a, b *yaml.Node, path string) string {
	switch {
	case a == nil || b == nil:
		if a != b {
			return fmt.Sprintf("%s: fast %v, yaml %v", path, a, b)
		}
		return ""
	case a.Kind != b.Kind, a.Style != b.Style, a.Tag != b.Tag, a.Value != b.Value, a.Line != b.Line, a.Column != b.Column,
		a.Anchor != b.Anchor, a.HeadComment != b.HeadComment, a.LineComment != b.LineComment, a.FootComment != b.FootComment,
		len(a.Content) != len(b.Content):
		return fmt.Sprintf("%s: fast {kind %v style %v tag %s value %q at %d:%d, %d children}, yaml {kind %v style %v tag %s value %q at %d:%d, %d children}",
			path, a.Kind, a.Style, a.Tag, a.Value, a.Line, a.Column, len(a.Content), b.Kind, b.Style, b.Tag, b.Value, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if d := sameNode(a.Content[i], b.Content[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkAgainstYAML fails when the fast path accepts text and the YAML
// library reads it otherwise (or refuses it); it reports whether the fast
// path took text.
func checkAgainstYAML(t *testing.T, text string) bool {
	t.Helper()
	fast := fastOptions(text)
	if fast == nil {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("fastOptions(%q) accepted what YAML refuses: %v", text, err)
	}
	if len(doc.Content) != 1 {
		t.Fatalf("fastOptions(%q) accepted a document of %d nodes", text, len(doc.Content))
	}
	if d := sameNode(fast, doc.Content[0], "options"); d != "" {
		t.Fatalf("fastOptions(%q) differs from YAML: %s", text, d)
	}
	return true
}

var fastOptionSeeds = []struct {
	text string
	fast bool // the fast path must take it (else it must leave it to YAML)
}{
	{`{position: "10,0", size: "100,100"}`, true}, // what the Twine importer writes
	{`{timer: 30s, policy: first-wins}`, true},
	{`{timer: 1m30s, grace: 250ms, hide-results: true, letters: false}`, true},
	{`{min: 0, max: 10, reply: "Thanks!"}`, true},
	{`{}`, true},
	{`  { exit: "Back to the hub" }  `, true},
	{`{open: arrive,ties: presenter}`, true},
	{`{visited: grey, confirm-close: false, number: "+1 503 555 0142"}`, true},
	{`{position: "10,0"}`, true},
	{`{timer: 0}`, true},
	{`{timer: null}`, false},
	{`{timer: ~}`, false},
	{`{hide-results: yes}`, false},
	{`{hide-results: on}`, false},
	{`{hide-results: True}`, false},
	{`{min: 010}`, false},
	{`{min: -1}`, false},
	{`{min: 1.5}`, false},
	{`{min: 1e3}`, false},
	{`{min: 0x10}`, false},
	{`{reply: 'single'}`, false},
	{`{reply: "esc\"aped"}`, false},
	{`{reply: "tab\there"}`, false},
	{`{reply: "Zurück"}`, false},
	{`{reply: "a # b"}`, true},
	{`{a: 1,}`, false},
	{`{a:1}`, false},
	{`{a : 1}`, false},
	{`{a: 1} trailing`, false},
	{`{a: 1`, false},
	{`{a: [1, 2]}`, false},
	{`{a: {b: c}}`, false},
	{`{a: &x 1, b: *x}`, false},
	{`{a: !!str 1}`, false},
	{`{a: 1} # comment`, false},
	{`{"a": 1}`, false},
	{`{Key: 1}`, false},
	{`{a: b c}`, false},
	{`{a: 1, a: 2}`, true}, // YAML takes a repeated key; eachKey reports it
	{`{timer: 30x}`, false},
	{`{timer: 99999999999999999999}`, false},
	{"{a: 1}\n{b: 2}", false},
	{`{a: "x", b: "y", c: "z", d: 12, e: true}`, true},
}

func TestFastOptionsAgreesWithYAML(t *testing.T) {
	for _, tc := range fastOptionSeeds {
		if got := checkAgainstYAML(t, tc.text); got != tc.fast {
			t.Errorf("fastOptions(%q) took it: %v, want %v", tc.text, got, tc.fast)
		}
	}
}

// FuzzFastOptions is the property the fast path lives by: on every input
// it accepts, it reads exactly what the YAML library reads.
func FuzzFastOptions(f *testing.F) {
	for _, tc := range fastOptionSeeds {
		f.Add(tc.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkAgainstYAML(t, text)
	})
}

// The options of a scene read the same either way: a story parsed with
// the fast path gives the same scenes and diagnostics as one whose options
// go through YAML (a space before ":" sends them there).
func TestFastOptionsParseLikeYAML(t *testing.T) {
	src := "---\ntitle: T\nstart: a\nvote:\n  number: \"+1 503 555 0142\"\n---\n\n" +
		":: a [fork] {timer: 30s, policy: first-wins, position: \"10,0\", bogus: 1}\n# Pick\n1. B -> b\n2. C -> c\n\n" +
		":: b {exit: \"Back\", position: \"20,0\", timer: 30x}\n# B\n-> END\n\n" +
		":: c [rating] {min: 0, max: 5, reply: \"Thanks\", min: 2}\n# C\n-> END\n"
	slow := strings.NewReplacer("timer:", "timer :", "exit:", "exit :", "min:", "min :").Replace(src)
	for _, s := range []string{src, slow} {
		if !strings.Contains(s, "{") {
			t.Fatal("no options in the test story")
		}
	}
	fastStory, fastDiags := Parse("t.md", []byte(src), t.TempDir())
	slowStory, slowDiags := Parse("t.md", []byte(slow), t.TempDir())
	if len(fastStory.Scenes) != 3 || len(slowStory.Scenes) != 3 {
		t.Fatalf("scenes: %d and %d, want 3", len(fastStory.Scenes), len(slowStory.Scenes))
	}
	for i := range fastStory.Scenes {
		a, b := fastStory.Scenes[i], slowStory.Scenes[i]
		if fmt.Sprint(a.Vote, a.Exit, a.Position, a.Rating) != fmt.Sprint(b.Vote, b.Exit, b.Position, b.Rating) {
			t.Errorf("scene %s: fast %v %q %q %v, yaml %v %q %q %v", a.ID, a.Vote, a.Exit, a.Position, a.Rating, b.Vote, b.Exit, b.Position, b.Rating)
		}
	}
	// The slow copy's columns move by the inserted spaces: compare the
	// messages and lines.
	msgs := func(ds []Diagnostic) (out []string) {
		for _, d := range ds {
			out = append(out, fmt.Sprintf("%d %s %s", d.Pos.Line, d.Severity, d.Message))
		}
		return out
	}
	if a, b := strings.Join(msgs(fastDiags), "\n"), strings.Join(msgs(slowDiags), "\n"); a != b {
		t.Errorf("diagnostics differ:\nfast:\n%s\nyaml:\n%s", a, b)
	}
	if len(fastDiags) < 3 {
		t.Errorf("want the unknown key, the bad timer and the repeated key reported, got %v", msgs(fastDiags))
	}
}
