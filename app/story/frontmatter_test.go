package story

import (
	"testing"
	"time"

	"forkcast/app/testkit"
)

const oneScene = ":: a\n1. A -> END\n2. B -> END\n"

var frontCases = []struct {
	name string
	src  string
	want []string
}{
	{"timer sixty", "---\nvote:\n  number: \"1\"\n  timer: sixty\n---\n" + oneScene,
		[]string{`4:10: error: vote.timer: "sixty" is not a duration; write 60s, 1m30s, 40m or a number of seconds`}},
	{"negative grace", "---\nvote:\n  number: \"1\"\n  grace: -5s\n---\n" + oneScene,
		[]string{`4:10: error: vote.grace: "-5s" is not a duration; write 60s, 1m30s, 40m or a number of seconds`}},
	{"unknown key with suggestion", "---\ntitel: T\nvote:\n  number: \"1\"\n  timr: 60s\n---\n" + oneScene,
		[]string{`2:1: warning: unknown front-matter key "titel"; did you mean "title"?`,
			`5:3: warning: unknown key in vote "timr"; did you mean "timer"?`}},
	{"unknown key far from all", "---\nvote:\n  number: \"1\"\nbananas: 3\n---\n" + oneScene,
		[]string{`4:1: warning: unknown front-matter key "bananas"`}},
	{"policy typo", "---\nvote:\n  number: \"1\"\n  policy: last-win\n---\n" + oneScene,
		[]string{`4:11: error: vote.policy: "last-win" is not a choice; did you mean "last-wins"?`}},
	{"open unknown", "---\nvote:\n  number: \"1\"\n  open: whenever\n---\n" + oneScene,
		[]string{`4:9: error: vote.open: "whenever" is not a choice; write "key" or "auto"`}},
	{"hide-results not bool", "---\nvote:\n  number: \"1\"\n  hide-results: maybe\n---\n" + oneScene,
		[]string{`4:17: error: vote.hide-results: "maybe" is not true or false`}},
	{"wpm not a number", "---\nwpm: fast\nvote:\n  number: \"1\"\n---\n" + oneScene,
		[]string{`2:6: error: wpm: "fast" is not a whole number`}},
	{"vote is a list", "---\nvote: [1, 2]\n---\n" + oneScene,
		[]string{`1:1: warning: vote.number is not set: fork slides cannot tell the audience where to text`,
			`2:7: error: vote: want indented "key: value" lines, got a list`}},
	{"repeated key", "---\ntitle: A\ntitle: B\nvote:\n  number: \"1\"\n---\n" + oneScene,
		[]string{`3:1: error: key "title" appears twice`}},
	{"yaml syntax", "---\ntitle: [unclosed\nvote:\n  number: \"1\"\n---\n" + oneScene,
		[]string{`1:1: warning: vote.number is not set: fork slides cannot tell the audience where to text`,
			`2:1: error: front matter: did not find expected ',' or ']'`}},
	{"not closed", "---\ntitle: T\n:: a\nx\n-> END\n",
		[]string{`1:1: error: front matter is not closed: end it with a line of three dashes (---)`,
			`1:1: error: the story has no scenes; start one with a line like ":: intro"`}},
	{"start missing", "---\nstart: intor\n---\n:: intro\nx\n-> END\n",
		[]string{`2:8: error: start scene "intor" does not exist; did you mean "intro"?`}},
	{"scene options", fm + ":: a {timer: 30s, policy: first-wins, tiemr: 3}\n1. A -> END\n2. B -> END\n",
		[]string{`6:39: warning: unknown key in scene options "tiemr"; did you mean "timer"?`}},
	{"scene option bad value", fm + ":: a {timer: soon}\n1. A -> END\n2. B -> END\n",
		[]string{`6:14: error: timer: "soon" is not a duration; write 60s, 1m30s, 40m or a number of seconds`}},
	{"scene options not yaml", fm + ":: a {timer: 30s\n1. A -> END\n2. B -> END\n",
		[]string{`6:6: error: scene options: did not find expected ',' or '}'`}},
	{"poll option on a divert scene", fm + ":: a {timer: 30s}\nx\n-> END\n",
		[]string{`6:7: warning: option "timer" has no effect: scene "a" has no fork or rating`}},
	{"rating options", fm + ":: a [rating] {min: 5, max: 3}\nRate\n-> END\n",
		[]string{`6:24: error: rating scale 5 to 3 is empty; max must be above min`}},
	{"rating option elsewhere", fm + ":: a {reply: thanks}\nx\n-> END\n",
		[]string{`6:7: warning: option "reply" has no effect: scene "a" is not tagged [rating]`}},
}

func TestFrontMatterRules(t *testing.T) {
	for _, tc := range frontCases {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := Parse("t.md", []byte(tc.src), "")
			testkit.SameLines(t, lines(ds), tc.want)
		})
	}
}

func TestFrontMatterValues(t *testing.T) {
	src := `---
title: Deploy Django
authors: [Ann, Bob]
credits: Pony by the DSF
start: b
slot: 40m
wpm: 150
theme: dark
vote:
  number: "+1 503 555 0142"
  timer: 90
  policy: first-wins
  ties: first-listed
  open: auto
  hide-results: true
  grace: 1m30s
replies:
  accepted: Got it
  rating: Thanks! Slides at example.com
---
:: a
x
-> END
:: b {timer: 0, open: key}
1. A -> a
2. B -> END
:: r [rating] {max: 5, reply: Merci}
Rate
-> END
`
	s, ds := Parse("t.md", []byte(src), "")
	if len(ds) != 1 || ds[0].Message != `scene "r" is unreachable from start "b": no divert or choice leads to it` {
		t.Fatalf("diagnostics = %v", ds)
	}
	if s.Title != "Deploy Django" || len(s.Authors) != 2 || s.Credits == "" || s.Start != "b" || s.Slot != 40*time.Minute || s.WPM != 150 || s.Theme != "dark" {
		t.Errorf("story = %+v", s)
	}
	wantVote := VoteOptions{Number: "+1 503 555 0142", Timer: 90 * time.Second, Policy: FirstWins, Ties: TiesFirstListed,
		Open: OpenOnArrive, HideResults: true, Grace: 90 * time.Second}
	if s.Vote != wantVote {
		t.Errorf("vote = %+v, want %+v", s.Vote, wantVote)
	}
	b := s.Scene("b")
	if b.Vote.Timer != 0 || b.Vote.Open != OpenOnKey || b.Vote.Policy != FirstWins {
		t.Errorf("scene b vote = %+v, want timer 0, open key, policy from the story", b.Vote)
	}
	r := s.Scene("r").Rating
	if r == nil || r.Min != 1 || r.Max != 5 || r.Reply != "Merci" || s.Scene("r").Next != End {
		t.Errorf("rating = %+v", r)
	}
	if s.Replies.Accepted != "Got it" || s.Replies.Rating == "" {
		t.Errorf("replies = %+v", s.Replies)
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"60s": time.Minute, "1m30s": 90 * time.Second, "40m": 40 * time.Minute, "45": 45 * time.Second, "0": 0, "2.5": 2500 * time.Millisecond} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"sixty", "", "-1s", "1e3", "NaN", "Inf"} {
		if got, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, got)
		}
	}
}
