package story

import (
	"testing"

	"forkcast/app/testkit"
)

// ruleCases has one story per checker rule, with the exact diagnostics.
// Sources start with fm (5 lines), so the first header is on line 6.
var ruleCases = []struct {
	name string
	src  string
	want []string
}{
	{"clean", fm + ":: a\nHello\n---\nNote: only notes\n-> b\n\n:: b [fork]\n# Pick\n1. One -> c #uno\n2. Two -> END #dos\n\n:: c\n-> END\n",
		[]string{`17:4: warning: scene "c" has nothing to show`}},
	{"duplicate id", fm + ":: a\nx\n-> END\n:: a\ny\n-> END\n",
		[]string{`9:4: error: duplicate scene id "a" (first defined at line 6)`}},
	{"unknown target with suggestion", fm + ":: a\n1. Yes -> secruity\n2. No -> END\n:: security\nx\n-> END\n",
		[]string{`7:11: error: unknown target "secruity"; did you mean "security"?`,
			`9:4: error: scene "security" is unreachable from start "a": no divert or choice leads to it`}},
	{"unknown target end in lower case", fm + ":: a\nx\n-> end\n",
		[]string{`8:4: error: unknown target "end"; the end of the talk is written "END"`}},
	{"unreachable", fm + ":: a\nx\n-> END\n:: lost\ny\n-> END\n",
		[]string{`9:4: error: scene "lost" is unreachable from start "a": no divert or choice leads to it`}},
	{"no path reaches END", fm + ":: hub\n1. A -> a\n2. B -> b\n:: a\nx\n-> hub\n:: b\ny\n-> hub\n",
		[]string{`6:4: error: no path from start scene "hub" reaches END: every way on loops back; end a final scene with "-> END" or give a fork a choice "-> END"`}},
	{"loop entered later", fm + ":: a\n1. Out -> END\n2. In -> l1\n:: l1\nx\n-> l2\n:: l2\ny\n-> l1\n",
		[]string{`9:4: error: every path from scene "l1" loops without reaching END (through "l1", "l2"); add "-> END" or a choice that leaves the loop`}},
	{"hub with a way out is fine", fm + ":: hub\n1. A -> a\n2. Done -> END\n:: a\nx\n-> hub\n", nil},
	{"dead end", fm + ":: a\nx\n-> b\n:: b\nThe end?\n",
		[]string{`9:4: error: scene "b" has no way on: end it with "-> END", a divert "-> scene-id", or numbered choices "1. Label -> scene-id"`}},
	{"rating without divert", fm + ":: a [rating]\nRate us\n",
		[]string{`6:4: error: rating scene "a" needs a divert after the rating, usually "-> END"`}},
	{"rating with fork", fm + ":: a [rating]\nRate us\n1. Good -> END\n2. Bad -> END\n",
		[]string{`8:1: error: rating scene "a" cannot also have a fork; end it with a divert, usually "-> END"`}},
	{"fork of one", fm + ":: a\nx\n1. Only -> END\n",
		[]string{`8:1: error: a fork needs 2 to 9 choices, this one has 1; for a single way on write "-> target"`}},
	{"fork of ten", fm + ":: a\nx\n1. a -> END\n2. b -> END\n3. c -> END\n4. d -> END\n5. e -> END\n6. f -> END\n7. g -> END\n8. h -> END\n9. i -> END\n10. j -> END\n",
		[]string{`8:1: error: a fork takes at most 9 choices (one digit to text), this one has 10; split it into two forks`}},
	{"numbering", fm + ":: a\nx\n1. a -> END\n3. b -> END\n3. c -> END\n",
		[]string{`9:1: error: choice numbered 3, want 2: number a fork's choices 1 to 3 in order`}},
	{"keywords", fm + ":: a\nx\n1. a -> END #Surge #42\n2. b -> END #surge #traffic-jam\n3. c -> END #TrafficJam\n",
		[]string{`8:20: error: keyword "#42" is made of digits; digits already vote by choice number`,
			`9:13: error: keyword "#surge" is already used by choice 1`,
			`10:13: error: keyword "#TrafficJam" is already used by choice 2`}},
	{"choice without target or label", fm + ":: a\nx\n1. a -> END\n2. -> END\n3. c\n",
		[]string{`9:1: error: choice 2 has no label; write the words the audience votes for before "->"`,
			`10:1: error: choice 3 has no target; write "3. Label -> scene-id"`}},
	{"stuff after target", fm + ":: a\nx\n1. a -> END please\n2. b -> END\n",
		[]string{`8:13: error: unexpected "please" after the target of choice 1; keywords start with #`}},
	{"arrow in code fence ignored", fm + ":: a\n```go\n-> nowhere\n1. x -> y\n```\n-> END\n", nil},
	{"arrow in tilde fence ignored", fm + ":: a\n~~~\n-> nowhere\n---\n~~~\n-> END\n", nil},
	{"stray divert", fm + ":: a\nx\n-> b\n---\ny\n-> END\n:: b\nz\n-> END\n",
		[]string{`8:1: error: a divert must be the last line of its scene; move it to the end, or split the scene here`,
			`12:4: error: scene "b" is unreachable from start "a": no divert or choice leads to it`}},
	{"divert without target", fm + ":: a\nx\n->\n",
		[]string{`8:1: error: divert has no target; write "-> scene-id" or "-> END"`}},
	{"divert with two targets", fm + ":: a\nx\n-> END b\n",
		[]string{`8:4: error: a divert names one target; got "END b"`}},
	{"ending after notes", fm + ":: a\nx\nNote: say hi\n1. A -> END\n2. B -> END\n", nil},
	{"numbered list before the fork", fm + ":: a\nSteps:\n1. Build\n2. Ship\n\n1. A -> END\n2. B -> END\n", nil},
	{"fork tag without fork", fm + ":: a [fork]\nx\n-> END\n",
		[]string{`6:4: warning: scene "a" is tagged [fork] but does not end with numbered choices`}},
	{"header id characters", fm + ":: a/b\nx\n-> END\n",
		[]string{`6:4: error: scene id "a/b" may not contain '/'; use letters, digits, "-", "_" and "."`}},
	{"header END id", fm + ":: a\nx\n-> END\n:: END\ny\n-> END\n",
		[]string{`9:4: error: "END" is reserved for the end of the talk; pick another scene id`}},
	{"header spaces", fm + ":: Back to hub [x]\nx\n-> END\n",
		[]string{`6:9: error: unexpected "to hub [x]" after scene id "Back"; a header is ":: id [tags] {options}" and ids have no spaces`}},
	{"header no id", fm + "::\nx\n:: a\ny\n-> END\n",
		[]string{`6:1: error: scene header has no id; write ":: scene-id"`}},
	{"header unclosed tags", fm + ":: a [x y\nz\n-> END\n",
		[]string{`6:6: error: tag list is not closed: add "]"`}},
	{"no scenes", fm + "Just text\n",
		[]string{`6:1: error: the story has no scenes; start one with a line like ":: intro"`,
			`6:1: warning: text before the first scene is ignored; start a scene with a line like ":: intro"`}},
	{"empty slide", fm + ":: a\nx\n---\n---\ny\n-> END\n",
		[]string{`8:1: warning: empty slide in scene "a"`}},
	{"trailing separator before the next scene", fm + ":: a\nx\n-> b\n---\n\n:: b\ny\n-> END\n",
		[]string{`9:1: warning: "---" at the end of scene "a" starts no slide; remove it`}},
	{"unclosed fence", fm + ":: a\n```\ncode\n-> END\n:: b\nx\n-> END\n",
		[]string{`6:4: error: scene "a" has no way on: end it with "-> END", a divert "-> scene-id", or numbered choices "1. Label -> scene-id"`,
			`7:1: warning: code fence is not closed before the end of scene "a"`,
			`10:4: error: scene "b" is unreachable from start "a": no divert or choice leads to it`}},
	{"unknown code language", fm + ":: a\n```pyhton\nx = 1\n```\n-> END\n",
		[]string{`7:4: warning: no highlighting for code language "pyhton"; did you mean "python"?`}},
}

func TestCheckRules(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := Parse("t.md", []byte(tc.src), "")
			testkit.SameLines(t, lines(ds), tc.want)
		})
	}
}
