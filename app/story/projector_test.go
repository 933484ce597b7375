package story

import (
	"math"
	"strings"
	"testing"
)

// forkStory builds a fork story: a start scene, the fork with the given choices
// ("label #kw #kw"), each leading to an ending.
func forkStory(choices ...string) string {
	var b strings.Builder
	b.WriteString(fm + ":: start [fork]\n# Pick\n\n")
	for i, c := range choices {
		label, kws, _ := strings.Cut(c, " #")
		if kws != "" {
			kws = " #" + kws
		}
		b.WriteString(string(rune('1'+i)) + ". " + label + " -> end" + kws + "\n")
	}
	b.WriteString("\n:: end\n# End\n\n-> END\n")
	return b.String()
}

func projectorWarnings(t *testing.T, src string) []string {
	t.Helper()
	_, ds := Parse("t.md", []byte(src), t.TempDir())
	var out []string
	for _, l := range lines(ds) {
		if strings.Contains(l, "stage") {
			out = append(out, l)
		}
	}
	return out
}

func TestProjectorBudgetFromCSS(t *testing.T) {
	// The figures follow from the stage CSS (see projector.go): a 368 px
	// chart under a one-line question; two choices get the 124 px cap, four
	// get (368-42)/4.
	for _, tc := range []struct {
		p          Projector
		n          int
		row        float64
		label, kws int
	}{
		{Projectors[0], 2, 124, 31, 44},
		{Projectors[1], 2, 124, 17, 24},
		{Projectors[0], 4, 81.5, 58, 81},
		{Projectors[1], 1, 124, 17, 24}, // one choice is laid out as two rows
	} {
		b := tc.p.Budget(tc.n)
		if b.ChartHeight != 368 || b.Row != tc.row || b.LabelChars != tc.label || b.KwChars != tc.kws {
			t.Errorf("%s, %d choices: budget %+v, want row %v, %d label and %d keyword characters a line in 368 px", tc.p.Name, tc.n, b, tc.row, tc.label, tc.kws)
		}
	}
}

func TestWrapLines(t *testing.T) {
	for _, tc := range []struct {
		words []string
		width int
		lines int
		long  string
	}{
		{nil, 10, 0, ""},
		{[]string{"ab", "cd"}, 5, 1, ""},
		{[]string{"ab", "cd"}, 4, 2, ""},
		{[]string{"abcdef", "x"}, 4, 2, "abcdef"},
		{[]string{"ééé", "ééé"}, 7, 1, ""}, // runes, not bytes
	} {
		n, long := wrapLines(tc.words, " ", tc.width)
		if n != tc.lines || long != tc.long {
			t.Errorf("wrapLines(%q, %d) = %d, %q; want %d, %q", tc.words, tc.width, n, long, tc.lines, tc.long)
		}
	}
}

func TestCheckProjector(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word0 ", n)) }
	for _, tc := range []struct {
		name    string
		choices []string
		want    []string // substrings, one per warning, in order
	}{
		{"short", []string{"Ship it #ship #yes", "Wait #wait"}, nil},
		{"medium", []string{words(4) + " #alpha #beta", words(4) + " #gamma"}, nil},
		{"long at 16:9", []string{words(14) + " #a #b #c", words(14) + " #d #e #f"}, []string{`9:1: warning: the choices of scene "start" need 442 px of the stage's 368 at 16:9 with the poll open`}},
		{"cut at 4:3 only", []string{"Deploys are slow and scary #deploys #deploy #automate", "The team is growing #team #people #hiring"}, []string{`at 4:3`}},
		{"a word too long", []string{"Supercalifragilisticexpialidocious #ok", "Fine #fine"}, []string{`9:1: warning: "Supercalifragilisticexpialidocious" is too long for a line of the stage at 16:9 (about 31 characters fit)`}},
		{"a keyword too long at 4:3", []string{"Short #antidisestablishmentarianisms", "Fine #fine"}, []string{`"antidisestablishmentarianisms" is too long for a line of the stage at 4:3 (about 24 characters fit)`}},
		{"four short", []string{"A #a", "B #b", "C #c", "D #d"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := projectorWarnings(t, forkStory(tc.choices...))
			if len(got) != len(tc.want) {
				t.Fatalf("warnings %q, want %d like %q", got, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %q does not contain %q", got[i], w)
				}
			}
		})
	}
}

func TestProjectorHeader(t *testing.T) {
	// A question that wraps makes the header taller than its 150 px
	// minimum; with a timer the countdown beside it (124 px) narrows it and
	// makes the side column 191 px tall; a question too tall for the stage
	// is itself reported cut.
	parse := func(src string) *Scene {
		t.Helper()
		s, _ := Parse("t.md", []byte(src), t.TempDir())
		if s == nil || s.Scene("start") == nil {
			t.Fatalf("no scene start in %q", src)
		}
		return s.Scene("start")
	}
	short := parse(forkStory("Yes #yes", "No #no"))
	if h := Projectors[1].Header(short); h.Height != 150 || h.Lines != 1 || h.Cut() {
		t.Errorf("one-line question: %+v, want 150 px, 1 line, not cut", h)
	}
	timed := parse(strings.Replace(forkStory("Yes #yes", "No #no"), ":: start [fork]", ":: start [fork] {timer: 30s}", 1))
	if h := Projectors[1].Header(timed); math.Abs(h.Height-(30+26*1.2+124+6)) > 0.01 {
		t.Errorf("timed question: %+v, want the side column's 191.2 px", h)
	}
	long := strings.Replace(forkStory("Yes #yes", "No #no"), "# Pick", "# Three in the morning and your phone buzzes twice. What happened?", 1)
	h := Projectors[1].Header(parse(long))
	if h.Lines != 3 || math.Abs(h.Height-(40+3*52*1.08+8)) > 0.01 {
		t.Errorf("long question at 4:3: %+v, want 3 lines, %v px", h, 40+3*52*1.08+8)
	}
	huge := strings.Replace(forkStory("Yes #yes", "No #no"), "# Pick", "# "+strings.Repeat("question ", 40), 1)
	got := projectorWarnings(t, huge)
	if len(got) != 1 || !strings.Contains(got[0], `the question of scene "start" needs`) {
		t.Errorf("a question taller than the stage: warnings %q, want the question cut", got)
	}
}
