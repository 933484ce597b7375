package story

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"forkcast/app/testkit"
)

// hub is a talk with a hub the audience returns to, and a way out.
const hub = fm + `:: intro
# Hi
---
# Day one
-> hub

:: hub [fork]
# 3 a.m.
1. Security -> sec #security
2. Traffic -> traffic
3. Done -> rate

:: sec
# Keys
-> hub

:: traffic
# Cache
---
# Scale
-> hub

:: rate [rating]
# Rate us
-> END
`

func pathStrings(ps []Path) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s %v slides=%d end=%s", strings.Join(p.Scenes, ">"), p.Choices, p.Slides, p.Ending)
	}
	return out
}

func TestPathsHub(t *testing.T) {
	s, ds := Parse("hub.md", []byte(hub), "")
	// The hub's three short choices fit the stage (frontend/e2e/budget.test.mjs
	// measures the same fork, "hub-three", whole at 16:9 and 4:3).
	testkit.SameLines(t, lines(ds), nil)
	got := pathStrings(Paths(s, 0))
	want := []string{
		"intro>hub>sec>hub>traffic>hub>rate [0 1 0 2 0 3 0] slides=9 end=rate",
		"intro>hub>sec>hub>rate [0 1 0 3 0] slides=6 end=rate",
		"intro>hub>traffic>hub>sec>hub>rate [0 2 0 1 0 3 0] slides=9 end=rate",
		"intro>hub>traffic>hub>rate [0 2 0 3 0] slides=7 end=rate",
		"intro>hub>rate [0 3 0] slides=4 end=rate",
	}
	testkit.SameLines(t, got, want)
	if got := len(Paths(s, 2)); got != 2 {
		t.Errorf("Paths(limit 2) = %d paths, want 2", got)
	}
	sum := Summarize(s, 0)
	if !sum.Loops || sum.Paths != 0 || len(sum.Hubs) != 1 {
		t.Fatalf("Summarize = %+v, want loops and one hub", sum)
	}
	if got, want := sum.String(), `5 scenes, 7 slides, 1 fork, 1 ending; 1 hub: "hub" (2 spokes of 1-2 slides)`; got != want {
		t.Errorf("Summary.String() = %q, want %q", got, want)
	}
	h := sum.Hubs[0]
	if h.Scene != "hub" || h.Exits != 1 || len(h.Spokes) != 2 || h.Spokes[0] != (Spoke{Choice: 1, Target: "sec", Min: 1, Max: 1, Ranged: true}) ||
		h.Spokes[1] != (Spoke{Choice: 2, Target: "traffic", Min: 2, Max: 2, Ranged: true}) {
		t.Errorf("hub = %+v", h)
	}
}

func TestPathsNoStartOrNoEnd(t *testing.T) {
	s, _ := Parse("x.md", []byte(fm+":: a\n-> b\n:: b\n-> a\n"), "")
	if got := Paths(s, 0); len(got) != 0 {
		t.Errorf("Paths of a story with no ending = %v, want none", got)
	}
	s.Start = "missing"
	if got := Paths(s, 0); got != nil {
		t.Errorf("Paths with a missing start = %v, want nil", got)
	}
}

// A dense graph (9 choices everywhere) stops at the limit, quickly.
func TestPathsDenseIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(fm)
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&b, ":: s%d\n# %d\n", i, i)
		for c := 1; c <= 9; c++ {
			target := fmt.Sprintf("s%d", (i+c)%12)
			if c == 9 {
				target = End
			}
			fmt.Fprintf(&b, "%d. go -> %s\n", c, target)
		}
	}
	s, ds := Parse("dense.md", []byte(b.String()), "")
	testkit.SameLines(t, lines(ds), nil)
	if got := len(Paths(s, 1000)); got != 1000 {
		t.Errorf("Paths = %d, want the limit 1000", got)
	}
}

func TestGraph(t *testing.T) {
	s, _ := Parse("hub.md", []byte(hub), "")
	g := Graph(s)
	js, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"start":"intro","nodes":[` +
		`{"id":"intro","title":"Hi","kind":"scene","slides":2},` +
		`{"id":"hub","title":"3 a.m.","tags":["fork"],"kind":"fork","slides":1,"hub":true},` +
		`{"id":"sec","title":"Keys","kind":"scene","slides":1},` +
		`{"id":"traffic","title":"Cache","kind":"scene","slides":2},` +
		`{"id":"rate","title":"Rate us","tags":["rating"],"kind":"rating","slides":1},` +
		`{"id":"END","title":"The end","kind":"end","slides":0}],"edges":[` +
		`{"from":"intro","to":"hub"},` +
		`{"from":"hub","to":"sec","choice":1,"label":"Security"},` +
		`{"from":"hub","to":"traffic","choice":2,"label":"Traffic"},` +
		`{"from":"hub","to":"rate","choice":3,"label":"Done"},` +
		`{"from":"sec","to":"hub"},{"from":"traffic","to":"hub"},{"from":"rate","to":"END"}]}`
	if string(js) != want {
		t.Errorf("Graph JSON =\n%s\nwant\n%s", js, want)
	}
}

func TestWriteDOTAndMermaid(t *testing.T) {
	s, _ := Parse("t.md", []byte(fm+":: a\n# A \"quoted\" title\n1. Yes | sure -> end-scene\n2. No -> END\n:: end-scene\nx\n-> END\n"), "")
	var dot, mm bytes.Buffer
	if err := WriteDOT(&dot, s); err != nil {
		t.Fatal(err)
	}
	if err := WriteMermaid(&mm, s); err != nil {
		t.Fatal(err)
	}
	wantDOT := `digraph story {
	rankdir=TB;
	node [fontname="Helvetica"];
	"a" [shape=diamond, label="a\n1 slide", penwidth=2];
	"end-scene" [shape=box, label="end-scene\n1 slide"];
	"END" [shape=doublecircle, label="END"];
	"a" -> "end-scene" [label="1. Yes | sure"];
	"a" -> "END" [label="2. No"];
	"end-scene" -> "END";
}
`
	wantMM := `flowchart TD
    n0{"a"}
    n1["end-scene"]
    n2(("END"))
    n0 -->|"1. Yes #124; sure"| n1
    n0 -->|"2. No"| n2
    n1 --> n2
    style n0 stroke-width:3px
`
	if dot.String() != wantDOT {
		t.Errorf("DOT =\n%s\nwant\n%s", dot.String(), wantDOT)
	}
	if mm.String() != wantMM {
		t.Errorf("Mermaid =\n%s\nwant\n%s", mm.String(), wantMM)
	}
}
