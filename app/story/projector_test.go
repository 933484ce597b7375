package story

import (
	"encoding/json"
	"math"
	"os"
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
	// get (368-42)/4; a row's body is the width less the margins, the number,
	// the gaps and the value column.
	for _, tc := range []struct {
		p         Projector
		n         int
		row, body float64
	}{
		{Projectors[0], 2, 124, 1280 - 128 - 124*3.56},
		{Projectors[1], 2, 124, 960 - 128 - 124*3.56},
		{Projectors[0], 4, 81.5, 1280 - 128 - 81.5*3.56},
		{Projectors[1], 1, 124, 960 - 128 - 124*3.56}, // one choice is laid out as two rows
	} {
		b := tc.p.Budget(tc.n)
		if b.ChartHeight != 368 || b.Row != tc.row || math.Abs(b.Body-tc.body) > 1e-9 {
			t.Errorf("%s, %d choices: budget %+v, want row %v and body %v px in 368 px", tc.p.Name, tc.n, b, tc.row, tc.body)
		}
	}
}

// TestTextWidth sets the phrases gen_fontwidths.mjs measured whole in
// Chromium (kerning and shaping included) with the Go model: the sums of
// advances and kerning pairs must agree with the browser. The samples are
// re-measured against the fonts by `gen_fontwidths.mjs --check`
// (frontend/e2e/budget.test.mjs), so neither side can drift.
func TestTextWidth(t *testing.T) {
	raw, err := os.ReadFile("testdata/fontwidths_samples.json")
	if err != nil {
		t.Fatal(err)
	}
	var samples []struct {
		Face string
		Text string
		Em   float64
	}
	if err := json.Unmarshal(raw, &samples); err != nil {
		t.Fatal(err)
	}
	faces := map[string]fontFace{"Sans400": faceSans400, "Sans500": faceSans500, "Sans600": faceSans600, "Sans700": faceSans700,
		"Sans800": faceSans800, "Sans900": faceSans900, "Mono400": faceMono400, "Mono600": faceMono600, "Mono800": faceMono800}
	if len(samples) < 9*8 {
		t.Fatalf("%d samples, want every face's phrases", len(samples))
	}
	worst := 0.0
	for _, s := range samples {
		f, ok := faces[s.Face]
		if !ok {
			t.Fatalf("unknown face %q", s.Face)
		}
		got := textStyle{face: f, size: 1}.width(s.Text)
		rel := got/s.Em - 1
		worst = max(worst, math.Abs(rel))
		// ASCII text is exact (its kerning is in the table) to the
		// table's rounding; other runes' kerning is not, a little more.
		tol := 0.001
		for _, r := range s.Text {
			if r > 0x7e {
				tol = 0.01
			}
		}
		if math.Abs(rel) > tol {
			t.Errorf("%s %q: the model says %.4f em, Chromium %.4f (%.2f%%)", s.Face, s.Text, got, s.Em, rel*100)
		}
	}
	t.Logf("worst error against Chromium: %.3f%%", worst*100)
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		widths []float64
		limit  float64
		lines  int
		widest float64
		long   int
	}{
		{nil, 10, 0, 0, -1},
		{[]float64{2, 2}, 5, 1, 5, -1},
		{[]float64{2, 2}, 4, 2, 2, -1},
		{[]float64{6, 1}, 4, 2, 6, 0},
		{[]float64{1, 1, 1, 1}, 3, 2, 3, -1},
	} {
		spaces := make([]float64, len(tc.widths))
		for i := range spaces {
			spaces[i] = 1
		}
		n, w, long := wrap(tc.widths, spaces, tc.limit)
		if n != tc.lines || w != tc.widest || long != tc.long {
			t.Errorf("wrap(%v, %v) = %d, %v, %d; want %d, %v, %d", tc.widths, tc.limit, n, w, long, tc.lines, tc.widest, tc.long)
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
		{"a word too long at 4:3", []string{"Supercalifragilisticexpialidocious #ok", "Fine #fine"}, []string{`9:1: warning: "Supercalifragilisticexpialidocious" is too long for a line of the stage at 4:3 (606 px wide, 391 fit)`}},
		{"a word too long", []string{"Supercalifragilisticexpialidociousnessisimo #ok", "Fine #fine"}, []string{`9:1: warning: "Supercalifragilisticexpialidociousnessisimo" is too long for a line of the stage at 16:9 (791 px wide, 711 fit)`}},
		{"a keyword too long at 4:3", []string{"Short #antidisestablishmentarianisms", "Fine #fine"}, []string{`"antidisestablishmentarianisms" is too long for a line of the stage at 4:3 (466 px wide, 391 fit)`}},
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

func TestProjectorBanner(t *testing.T) {
	// The banner before the poll opens ("Get ready to text ... to NUMBER",
	// nowrap) against the stage less its 40 px padding a side; the long
	// number and the letters are forks frontend/e2e/budget.test.mjs shows
	// cut on the real stage ("banner-long", "banner-letters").
	scene := func(opts string, choices ...string) *Scene {
		t.Helper()
		src := strings.Replace(forkStory(choices...), ":: start [fork]", ":: start [fork] "+opts, 1)
		s, _ := Parse("t.md", []byte(src), t.TempDir())
		if s == nil || s.Scene("start") == nil {
			t.Fatalf("no scene start in %q", src)
		}
		return s.Scene("start")
	}
	for _, tc := range []struct {
		name     string
		sc       *Scene
		text     string
		cut169   bool
		cut43    bool
		wantRoom float64
	}{
		{"two choices", scene(`{number: "+1 503 555 0142"}`, "Yes #yes", "No #no"), "Get ready to text 1 or 2 to +1 503 555 0142", false, false, 880},
		{"a long number", scene(`{number: "+44 (0)20 7946 0958 ext. 4321"}`, "Yes #yes", "No #no"), "Get ready to text 1 or 2 to +44 (0)20 7946 0958 ext. 4321", true, true, 880},
		{"letters", scene(`{number: "+1 503 555 0142", letters: true}`, "Yes", "No"), "Get ready to text 1 or 2 (A or B) to +1 503 555 0142", false, true, 880},
		{"four choices", scene(`{number: "+1 503 555 0142"}`, "A", "B", "C", "D"), "Get ready to text 1–4 to +1 503 555 0142", false, false, 880},
		{"five choices", scene(`{number: "+1 5"}`, "A", "B", "C", "D", "E"), "Get ready to text 1–5 to +1 5", false, false, 880},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b169, b43 := Projectors[0].Banner(tc.sc), Projectors[1].Banner(tc.sc)
			if b169.Text != tc.text || b169.Cut() != tc.cut169 || b43.Cut() != tc.cut43 || b43.Room != tc.wantRoom {
				t.Errorf("banner %q: 16:9 %+v cut %v, 4:3 %+v cut %v; want %q, cut %v and %v in %v px", tc.name, b169, b169.Cut(), b43, b43.Cut(), tc.text, tc.cut169, tc.cut43, tc.wantRoom)
			}
			// The same text is narrower at 4:3 (40 px, not 50 or 42).
			if !(b43.Width < b169.Width) {
				t.Errorf("4:3 banner %v px not narrower than 16:9's %v", b43.Width, b169.Width)
			}
		})
	}
	// A rating's banner reads "1–10", and a long number is reported once.
	src := fm + ":: start [rating] {number: \"+44 (0)20 7946 0958 ext. 4321\"}\n# Rate us\n\nThanks to everyone.\n\n-> END\n"
	got := projectorWarnings(t, src)
	if len(got) != 1 || !strings.Contains(got[0], `the banner of scene "start" ("Get ready to text 1–10 to +44 (0)20 7946 0958 ext. 4321") needs`) || !strings.Contains(got[0], "at 16:9") {
		t.Errorf("rating with a long number: warnings %q, want one for the banner at 16:9", got)
	}
}

func TestCheckProjectorReady(t *testing.T) {
	// Before the poll opens the header is lower (no countdown), so the rows
	// are taller and their labels bigger: three 5-word labels then wrap at
	// 16:9 where they fit with the poll open ("three-medium" in
	// frontend/e2e/budget.test.mjs, cut on the real stage only while ready).
	w := strings.TrimSpace(strings.Repeat("word0 ", 5))
	src := strings.Replace(forkStory(w+" #one #uno", w+" #two #dos", w+" #three #tres"), ":: start [fork]", ":: start [fork] {timer: 90s}", 1)
	got := projectorWarnings(t, src)
	if len(got) != 1 || !strings.Contains(got[0], "at 16:9 before the poll opens") {
		t.Errorf("warnings %q, want the choices cut at 16:9 before the poll opens", got)
	}
	s, _ := Parse("t.md", []byte(src), t.TempDir())
	sc := s.Scene("start")
	open, _ := Projectors[0].FitScene(sc, true)
	ready, _ := Projectors[0].FitScene(sc, false)
	if open.Cut() || !ready.Cut() {
		t.Errorf("open %+v cut %v, ready %+v cut %v; want only ready cut", open, open.Cut(), ready, ready.Cut())
	}
}
