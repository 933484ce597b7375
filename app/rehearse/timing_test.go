package rehearse

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"forkcast/app/story"
)

var t0 = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

func loadStory(t testing.TB, path string) *story.Story {
	t.Helper()
	s, diags, err := story.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if story.HasErrors(diags) || s == nil {
		t.Fatalf("parse %s: %v", path, diags)
	}
	return s
}

func nav(session int64, at time.Duration, action, scene string, slide int) NavEntry {
	return NavEntry{Session: session, At: t0.Add(at), Action: action, Scene: scene, Slide: slide}
}

// timedLog is two rehearsals with exact times, and a third interrupted by a crash.
func timedLog() []NavEntry {
	s := time.Second
	return []NavEntry{
		nav(1, 0, "start", "intro", 0),
		nav(1, 40*s, "next", "intro", 1),
		nav(1, 70*s, "next", "pick", 0),
		nav(1, 100*s, "next", "short", 0), // last stay: end unknown, dropped
		nav(2, 0, "start", "intro", 0),
		nav(2, 50*s, "next", "intro", 1),
		nav(2, 80*s, "next", "pick", 0),
		nav(2, 90*s, "blank", "pick", 0), // same slide: the stay goes on
		nav(2, 130*s, "next", "long", 0),
		nav(2, 160*s, "next", "long", 1),
		nav(3, 0, "start", "intro", 0),
		nav(3, 900*s, "resume", "intro", 0),                   // the app was down: dropped
		nav(3, 901*s, "next", "intro", 1),                     // 1 s: kept (MinTotal is 1 s)
		nav(3, 901*s+500*time.Millisecond, "next", "pick", 0), // 0.5 s: a skip
	}
}

func TestDwell(t *testing.T) {
	got := Dwell(timedLog(), time.Second, 15*time.Minute)
	s := time.Second
	want := map[SlideKey][]time.Duration{
		{"intro", 0}: {40 * s, 50 * s, 1 * s},
		{"intro", 1}: {30 * s, 30 * s},
		{"pick", 0}:  {30 * s, 50 * s},
		{"long", 0}:  {30 * s},
	}
	if len(got) != len(want) {
		t.Errorf("Dwell: %d slides %v, want %d", len(got), got, len(want))
	}
	for k, w := range want {
		if g := got[k]; !equalDurations(g, w) {
			t.Errorf("Dwell[%v] = %v, want %v", k, g, w)
		}
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTimingKnownTimes(t *testing.T) {
	s := loadStory(t, "testdata/timed.md")
	r := Timing(s, timedLog(), TimingOptions{Sessions: []int64{1, 2, 3}})
	est := func(scene string, i int, poll bool) int64 {
		w := s.Scene(scene).Slides[i].Words
		e := int64(w)*60000/120 + int64(s.Scene(scene).Slides[i].CodeLines)*3000 + 5000
		if w*60000%120 >= 60 {
			e++
		}
		if poll {
			e += 20000
		}
		return e
	}
	wantSlides := map[SlideKey]struct {
		ms     int64
		source string
	}{
		{"intro", 0}: {45000, "recorded"}, // median of 40 and 50 s: session 3's 1 s is a skim
		{"intro", 1}: {30000, "recorded"},
		{"pick", 0}:  {40000, "recorded"}, // median of 30 and 50 s
		{"short", 0}: {est("short", 0, false), "estimate"},
		{"long", 0}:  {30000, "recorded"},
		{"long", 1}:  {est("long", 1, false), "estimate"},
	}
	for _, sl := range r.Slides {
		w, ok := wantSlides[SlideKey{sl.Scene, sl.Slide}]
		if !ok {
			t.Errorf("unexpected slide %s/%d", sl.Scene, sl.Slide)
			continue
		}
		if sl.Ms != w.ms || sl.Source != w.source {
			t.Errorf("slide %s/%d = %d ms (%s), want %d ms (%s)", sl.Scene, sl.Slide, sl.Ms, sl.Source, w.ms, w.source)
		}
	}
	if got, want := r.Slides[2].EstimateMs, est("pick", 0, true); got != want {
		t.Errorf("fork slide estimate %d ms, want %d (words + per-slide + 20 s timer)", got, want)
	}
	if r.RecordedSlides != 4 || r.TotalSlides != 6 {
		t.Errorf("recorded %d of %d slides, want 4 of 6", r.RecordedSlides, r.TotalSlides)
	}
	if len(r.Paths) != 2 {
		t.Fatalf("%d paths, want 2", len(r.Paths))
	}
	short, long := r.Paths[0], r.Paths[1]
	if want := 115000 + est("short", 0, false); short.Ms != want || short.RecordedMs != 115000 || short.OverMs != want-140000 || short.Overrun {
		t.Errorf("short path %+v, want %d ms, 115000 recorded, not over", short, want)
	}
	if want := 145000 + est("long", 1, false); long.Ms != want || long.RecordedSlides != 4 || !long.Overrun || long.OverMs != want-140000 {
		t.Errorf("long path %+v, want %d ms, 4 recorded slides, over by %d", long, want, want-140000)
	}
	if r.Shortest != 0 || r.Longest != 1 {
		t.Errorf("shortest %d longest %d, want 0 and 1", r.Shortest, r.Longest)
	}
	verdicts := map[int]string{}
	for _, b := range r.Branches {
		verdicts[b.Choice] = b.Verdict
	}
	if verdicts[1] != VerdictFits || verdicts[2] != VerdictOverruns {
		t.Errorf("verdicts %v, want 1 fits, 2 overruns", verdicts)
	}
	if o := r.Overruns(); len(o) != 1 || o[0].Target != "long" {
		t.Errorf("Overruns() = %+v, want the long branch", o)
	}
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"slot 2m20s", "3 rehearsal session(s)", "intro > pick(2) > long", "Branches that make the talk overrun", `pick → 2 "Long"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestTimingEstimatesOnly(t *testing.T) {
	s := loadStory(t, "testdata/timed.md")
	s.Slot = 0
	r := Timing(s, nil, TimingOptions{WPM: 60, PerSlide: 2 * time.Second})
	for _, sl := range r.Slides {
		want := int64(sl.Words)*1000 + int64(sl.CodeLines)*3000 + 2000
		if sl.Poll {
			want += 20000
		}
		if sl.Source != "estimate" || sl.Ms != want {
			t.Errorf("slide %s/%d = %d ms (%s), want estimate %d", sl.Scene, sl.Slide, sl.Ms, sl.Source, want)
		}
	}
	for _, b := range r.Branches {
		if b.Verdict != VerdictNoSlot {
			t.Errorf("branch %s/%d verdict %s without a slot, want %s", b.Scene, b.Choice, b.Verdict, VerdictNoSlot)
		}
	}
	var buf bytes.Buffer
	r.WriteText(&buf)
	if !strings.Contains(buf.String(), "estimates only") {
		t.Errorf("text report does not say it has estimates only:\n%s", buf.String())
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0}, {[]time.Duration{3}, 3}, {[]time.Duration{5, 1, 3}, 3}, {[]time.Duration{4, 1, 3, 2}, 2},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTimingEveryPathOver(t *testing.T) {
	s := loadStory(t, "testdata/timed.md")
	s.Slot = 10 * time.Second
	r := Timing(s, nil, TimingOptions{})
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Every path is over the slot") {
		t.Errorf("text report with a 10 s slot does not say every path is over:\n%s", buf.String())
	}
	for _, b := range r.Branches {
		if b.Verdict != VerdictOverruns {
			t.Errorf("branch %s/%d verdict %s, want %s", b.Scene, b.Choice, b.Verdict, VerdictOverruns)
		}
	}
}

// TestTimingCountsCodeLines checks that estimates add time per line of code
// on the slide, with the default and with a chosen rate.
func TestTimingCountsCodeLines(t *testing.T) {
	s := loadStory(t, "testdata/code.md")
	// Slide 1: 3 words ("Code", "two words") and 2 code lines; slide 2:
	// 1 word and 1 code line. At 60 wpm a word is a second.
	for _, tt := range []struct {
		opts TimingOptions
		want []int64
	}{
		{TimingOptions{PerSlide: time.Second, PerCodeLine: 4 * time.Second}, []int64{3000 + 8000 + 1000, 1000 + 4000 + 1000}},
		{TimingOptions{}, []int64{3000 + 6000 + 5000, 1000 + 3000 + 5000}},
	} {
		r := Timing(s, nil, tt.opts)
		if len(r.Slides) != 2 {
			t.Fatalf("%d slides, want 2", len(r.Slides))
		}
		for i, sl := range r.Slides {
			if sl.EstimateMs != tt.want[i] {
				t.Errorf("per line %v: slide %d estimate %d ms (%d words, %d code lines), want %d",
					tt.opts.PerCodeLine, i+1, sl.EstimateMs, sl.Words, sl.CodeLines, tt.want[i])
			}
		}
		if got := r.Paths[0].Ms; got != tt.want[0]+tt.want[1] {
			t.Errorf("per line %v: path %d ms, want %d", tt.opts.PerCodeLine, got, tt.want[0]+tt.want[1])
		}
	}
	var buf bytes.Buffer
	if err := Timing(s, nil, TimingOptions{}).WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "3s a code line") {
		t.Errorf("text report does not state the per-line rate:\n%s", buf.String())
	}
}

// TestTimingDropsSkims: with the default options a slide clicked past in
// under 3 s is no recorded time (it keeps its estimate); 3 s is.
func TestTimingDropsSkims(t *testing.T) {
	s := loadStory(t, "testdata/timed.md")
	sec := time.Second
	log := []NavEntry{
		nav(1, 0, "start", "intro", 0),
		nav(1, 2*sec+900*time.Millisecond, "next", "intro", 1), // intro/0: 2.9 s, a skim
		nav(1, 5900*time.Millisecond, "next", "pick", 0),       // intro/1: 3 s, kept
		nav(1, 65900*time.Millisecond, "next", "long", 0),      // pick/0: 60 s
		nav(1, 66*sec, "next", "long", 1),                      // long/0: 0.1 s, a skim
		nav(1, 100*sec, "next", "long", 1),                     // the last stay: dropped
	}
	r := Timing(s, log, TimingOptions{})
	want := map[SlideKey]string{{"intro", 0}: "estimate", {"intro", 1}: "recorded", {"pick", 0}: "recorded", {"long", 0}: "estimate"}
	for _, sl := range r.Slides {
		w, ok := want[SlideKey{sl.Scene, sl.Slide}]
		if !ok {
			continue
		}
		if sl.Source != w {
			t.Errorf("slide %s/%d: %s (%d ms), want %s", sl.Scene, sl.Slide, sl.Source, sl.Ms, w)
		}
	}
	if got := r.Slides[1].RecordedMs; got != 3000 {
		t.Errorf("intro/1 recorded %d ms, want 3000", got)
	}
}
