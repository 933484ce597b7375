package rehearse

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"forkcast/app/story"
)

// Timing defaults.
const (
	DefaultWPM      = 130
	DefaultPerSlide = 5 * time.Second // added to every estimated slide: moving on, a pause
	// DefaultPerCodeLine is added for every non-blank line of code on an
	// estimated slide: the room reads code slower than the speaker talks,
	// and the notes rarely say the code aloud.
	DefaultPerCodeLine = 3 * time.Second
	DefaultPollTime    = 30 * time.Second // estimated time of a poll closed by key
	// DefaultMinTotal: a slide shown less than this in a session was skimmed
	// past (clicking through to reach a later slide), not rehearsed: its
	// time is no sample.
	DefaultMinTotal = 3 * time.Second
	DefaultMaxStay  = 15 * time.Minute // a longer stay on one slide was a break
)

// DefaultListedPaths is how many paths the report of a talk without loops
// lists by default: as many as the console's chart draws.
const DefaultListedPaths = 200

// TimingOptions tune the report; zero fields take the defaults.
type TimingOptions struct {
	WPM      int           // speaking rate of estimates; 0 = the story's wpm, else DefaultWPM
	PerSlide time.Duration // constant added to each estimated slide
	// PerCodeLine is added per code line of an estimated slide (see
	// story.Slide.CodeLines); 0 = DefaultPerCodeLine.
	PerCodeLine time.Duration
	PollTime    time.Duration // estimated poll time when the fork has no timer
	MinTotal    time.Duration // see Dwell
	MaxStay     time.Duration // see Dwell
	// Limit is the most paths listed; 0 = DefaultListedPaths in a talk
	// without loops (every path still counts in the branches, shortest
	// and longest), story.DefaultPathLimit in a talk with loops (whose
	// branch figures come from the listed paths).
	Limit    int
	Sessions []int64 // the rehearsal sessions nav came from, for the report
}

// Report is the timing of every path through a story. Durations are in
// milliseconds. It is what `forkcast rehearse --report --json` prints and
// what the console shows (event show.EventTimings).
type Report struct {
	Title          string         `json:"title"`
	Hash           string         `json:"hash"`
	SlotMs         int64          `json:"slotMs"` // the front matter's slot; 0 = none
	WPM            int            `json:"wpm"`
	PerSlideMs     int64          `json:"perSlideMs"`
	PerCodeLineMs  int64          `json:"perCodeLineMs"`
	PollMs         int64          `json:"pollMs"`
	Sessions       []int64        `json:"sessions"`       // rehearsal sessions whose times were used
	RecordedSlides int            `json:"recordedSlides"` // slides with a recorded time
	TotalSlides    int            `json:"totalSlides"`
	Slides         []SlideTiming  `json:"slides"` // every slide, in file order
	Paths          []PathTiming   `json:"paths"`  // in story.Paths order
	PathsTruncated bool           `json:"pathsTruncated"`
	Shortest       int            `json:"shortest"` // index in Paths; -1 when there is none
	Longest        int            `json:"longest"`
	Branches       []BranchTiming `json:"branches"` // every fork choice, in file order
	// Hubs are the hubs of a talk with loops, timed: its paths are only a
	// bounded sample (PathsTruncated), so the terminal report shows these
	// instead. Empty in a talk without loops.
	Hubs []HubTiming `json:"hubs"`
}

// SlideTiming is one slide's time: the median of its recorded times when it
// was rehearsed, else the estimate.
type SlideTiming struct {
	Scene      string `json:"scene"`
	Slide      int    `json:"slide"` // index in the scene, from 0
	Words      int    `json:"words"`
	CodeLines  int    `json:"codeLines"`
	Poll       bool   `json:"poll"`       // the slide carries a poll (its estimate includes the poll time)
	Samples    int    `json:"samples"`    // sessions that recorded it
	RecordedMs int64  `json:"recordedMs"` // median of the samples; 0 when none
	EstimateMs int64  `json:"estimateMs"` // words / wpm + code lines × per-line + per-slide constant (+ poll time)
	Ms         int64  `json:"ms"`         // what the paths use
	Source     string `json:"source"`     // "recorded" or "estimate"
}

// PathTiming is one path's estimated duration.
type PathTiming struct {
	Scenes         []string `json:"scenes"`
	Choices        []int    `json:"choices"` // choice taken leaving Scenes[i]; 0 for a divert
	Ending         string   `json:"ending"`
	Slides         int      `json:"slides"`
	RecordedSlides int      `json:"recordedSlides"`
	Ms             int64    `json:"ms"`          // total
	RecordedMs     int64    `json:"recordedMs"`  // part from recorded times
	EstimatedMs    int64    `json:"estimatedMs"` // part from estimates
	OverMs         int64    `json:"overMs"`      // Ms - slot (negative = time to spare); 0 without a slot
	Overrun        bool     `json:"overrun"`
}

// BranchTiming says what one fork choice does to the talk's length.
type BranchTiming struct {
	Scene  string `json:"scene"`
	Choice int    `json:"choice"`
	Label  string `json:"label"`
	Target string `json:"target"`
	// Paths counts the paths through this choice: all of them in a talk
	// without loops (capped just above story.PathCountCap), the listed
	// ones in a talk with loops.
	Paths int `json:"paths"`
	// OverrunPaths counts those over the slot: exactly when the report's
	// paths are complete, else at least this many.
	OverrunPaths int    `json:"overrunPaths"`
	MinMs        int64  `json:"minMs"`
	MaxMs        int64  `json:"maxMs"`
	Verdict      string `json:"verdict"` // VerdictOverruns, VerdictMay, VerdictFits, VerdictNoPath, VerdictNoSlot
}

// Branch verdicts.
const (
	VerdictOverruns = "overruns"    // every path through the choice is over the slot
	VerdictMay      = "may-overrun" // some are
	VerdictFits     = "fits"        // none is
	VerdictNoPath   = "no-path"     // no listed path takes it (paths truncated)
	VerdictNoSlot   = "no-slot"     // the story sets no slot
)

// Timing computes the report of s from a navigation log of rehearsal
// sessions (nil = estimates only). It cannot fail; a story without a valid
// start has no paths. See TimingContext.
func Timing(s *story.Story, nav []NavEntry, opts TimingOptions) *Report {
	r, _ := TimingContext(context.Background(), s, nav, opts)
	return r
}

// TimingContext is Timing bounded by ctx: it fails with ctx's error when
// ctx ends first. Its cost is linear in the story's size: in a talk without
// loops, the shortest and longest paths and every branch's range come from
// one pass over the scene graph each way, whatever the number of paths;
// the listed paths are bounded (see story.Paths), and the shortest and
// longest are always among them.
func TimingContext(ctx context.Context, s *story.Story, nav []NavEntry, opts TimingOptions) (*Report, error) {
	a := story.AnalysisOf(s)
	if opts.Limit <= 0 && !a.Cyclic {
		opts.Limit = DefaultListedPaths
	}
	o := opts.withDefaults(s)
	r := &Report{
		Title: s.Title, Hash: s.Hash, SlotMs: ms(s.Slot), WPM: o.WPM, PerSlideMs: ms(o.PerSlide),
		PerCodeLineMs: ms(o.PerCodeLine),
		PollMs:        ms(o.PollTime), Sessions: append([]int64{}, opts.Sessions...), Shortest: -1, Longest: -1,
	}
	samples := Dwell(nav, o.MinTotal, o.MaxStay)
	slide := map[SlideKey]SlideTiming{}
	sceneMs := map[*story.Scene]int64{}
	for _, sc := range s.Scenes {
		for i, sl := range sc.Slides {
			t := slideTiming(sc, i, sl, samples[SlideKey{sc.ID, i}], o)
			slide[SlideKey{sc.ID, i}] = t
			sceneMs[sc] += t.Ms
			r.Slides = append(r.Slides, t)
			r.TotalSlides++
			if t.Samples > 0 {
				r.RecordedSlides++
			}
		}
	}
	paths, complete := a.Paths(ctx, o.Limit)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("timing report: %w", err)
	}
	x := a.Weigh(func(sc *story.Scene) int64 { return sceneMs[sc] })
	r.PathsTruncated = !complete || len(paths) >= o.Limit
	if x != nil && !complete {
		paths = withExtremes(paths, x)
	}
	for i, p := range paths {
		pt := pathTiming(s, p, slide)
		r.Paths = append(r.Paths, pt)
		if r.Shortest < 0 || pt.Ms < r.Paths[r.Shortest].Ms {
			r.Shortest = i
		}
		if r.Longest < 0 || pt.Ms > r.Paths[r.Longest].Ms {
			r.Longest = i
		}
	}
	r.Branches = branches(s, r, x, !r.PathsTruncated)
	r.Hubs = hubTimings(s, a, sceneMs, r.SlotMs)
	return r, ctx.Err()
}

// withExtremes adds the shortest and longest paths to an incomplete list
// when they are not in it.
func withExtremes(paths []story.Path, x *story.Weighed) []story.Path {
	out := paths
	for _, longest := range []bool{false, true} {
		p, ok := x.Extreme(longest)
		if !ok || slices.ContainsFunc(out, func(q story.Path) bool { return slices.Equal(q.Choices, p.Choices) && slices.Equal(q.Scenes, p.Scenes) }) {
			continue
		}
		if len(out) == len(paths) {
			out = slices.Clone(paths) // the listed paths are shared: never append to them
		}
		out = append(out, p)
	}
	return out
}

func (o TimingOptions) withDefaults(s *story.Story) TimingOptions {
	if o.WPM <= 0 {
		o.WPM = s.WPM
	}
	if o.WPM <= 0 {
		o.WPM = DefaultWPM
	}
	if o.PerSlide <= 0 {
		o.PerSlide = DefaultPerSlide
	}
	if o.PerCodeLine <= 0 {
		o.PerCodeLine = DefaultPerCodeLine
	}
	if o.PollTime <= 0 {
		o.PollTime = DefaultPollTime
	}
	if o.MinTotal <= 0 {
		o.MinTotal = DefaultMinTotal
	}
	if o.MaxStay <= 0 {
		o.MaxStay = DefaultMaxStay
	}
	if o.Limit <= 0 {
		o.Limit = story.DefaultPathLimit
	}
	return o
}

func slideTiming(sc *story.Scene, i int, sl *story.Slide, got []time.Duration, o TimingOptions) SlideTiming {
	t := SlideTiming{Scene: sc.ID, Slide: i, Words: sl.Words, CodeLines: sl.CodeLines, Samples: len(got)}
	t.Poll = i == len(sc.Slides)-1 && (sc.Fork != nil || sc.Rating != nil)
	est := time.Duration(math.Round(float64(sl.Words) * float64(time.Minute) / float64(o.WPM)))
	est += time.Duration(sl.CodeLines) * o.PerCodeLine
	est += o.PerSlide
	if t.Poll {
		if sc.Vote.Timer > 0 {
			est += sc.Vote.Timer
		} else {
			est += o.PollTime
		}
	}
	t.EstimateMs, t.Ms, t.Source = ms(est), ms(est), "estimate"
	if len(got) > 0 {
		t.RecordedMs = ms(median(got))
		t.Ms, t.Source = t.RecordedMs, "recorded"
	}
	return t
}

func pathTiming(s *story.Story, p story.Path, slide map[SlideKey]SlideTiming) PathTiming {
	pt := PathTiming{Scenes: p.Scenes, Choices: p.Choices, Ending: p.Ending, Slides: p.Slides}
	for _, id := range p.Scenes {
		sc := s.Scene(id)
		if sc == nil {
			continue
		}
		for i := range sc.Slides {
			t := slide[SlideKey{id, i}]
			pt.Ms += t.Ms
			if t.Source == "recorded" {
				pt.RecordedSlides++
				pt.RecordedMs += t.Ms
			} else {
				pt.EstimatedMs += t.Ms
			}
		}
	}
	if s.Slot > 0 {
		pt.OverMs = pt.Ms - ms(s.Slot)
		pt.Overrun = pt.OverMs > 0
	}
	return pt
}

// branches rates every fork choice by the paths that take it. With x (a
// talk without loops) the counts and ranges cover every path; the overrun
// counts are exact when the listed paths are all of them (complete), else
// they count the listed paths, and the verdicts come from the ranges. With
// no x (a talk with loops) everything comes from the listed paths.
func branches(s *story.Story, r *Report, x *story.Weighed, complete bool) []BranchTiming {
	type key struct {
		scene  string
		choice int
	}
	listed := map[key]*BranchTiming{}
	seen := map[key]int{} // the path index that last counted the key
	for pi, p := range r.Paths {
		for i, id := range p.Scenes {
			if i >= len(p.Choices) || p.Choices[i] == 0 {
				continue
			}
			k := key{id, p.Choices[i]}
			if last, ok := seen[k]; ok && last == pi {
				continue // a loop takes the choice twice: one path
			}
			seen[k] = pi
			b := listed[k]
			if b == nil {
				b = &BranchTiming{}
				listed[k] = b
			}
			if b.Paths == 0 || p.Ms < b.MinMs {
				b.MinMs = p.Ms
			}
			b.MaxMs = max(b.MaxMs, p.Ms)
			b.Paths++
			if p.Overrun {
				b.OverrunPaths++
			}
		}
	}
	var out []BranchTiming
	for _, sc := range s.Scenes {
		if sc.Fork == nil {
			continue
		}
		for _, c := range sc.Fork.Choices {
			b := BranchTiming{Scene: sc.ID, Choice: c.Number, Label: c.Label, Target: c.Target}
			if l := listed[key{sc.ID, c.Number}]; l != nil {
				b.Paths, b.OverrunPaths, b.MinMs, b.MaxMs = l.Paths, l.OverrunPaths, l.MinMs, l.MaxMs
			}
			if x != nil {
				rangeFromGraph(&b, x.Choice(sc.ID, c.Number), s.Slot, complete)
			}
			b.Verdict = verdict(b, s.Slot > 0)
			out = append(out, b)
		}
	}
	return out
}

// rangeFromGraph sets b's count and range from every path through it, and
// its overrun count where the range decides it.
func rangeFromGraph(b *BranchTiming, all story.Span, slot time.Duration, complete bool) {
	b.Paths, b.MinMs, b.MaxMs = int(all.Count), all.Min, all.Max
	switch {
	case all.Count == 0:
		b.OverrunPaths = 0
	case slot > 0 && all.Min > ms(slot):
		b.OverrunPaths = b.Paths
	case slot <= 0 || all.Max <= ms(slot):
		b.OverrunPaths = 0
	case !complete && b.OverrunPaths == 0:
		b.OverrunPaths = 1 // some path is over (the longest is), though none listed is
	}
}

func verdict(b BranchTiming, slot bool) string {
	switch {
	case b.Paths == 0:
		return VerdictNoPath
	case !slot:
		return VerdictNoSlot
	case b.OverrunPaths == b.Paths:
		return VerdictOverruns
	case b.OverrunPaths > 0:
		return VerdictMay
	}
	return VerdictFits
}

// ms is d in whole milliseconds, rounded.
func ms(d time.Duration) int64 { return (d + time.Millisecond/2).Milliseconds() }

// Overruns returns the branches whose every path overruns the slot.
func (r *Report) Overruns() []BranchTiming {
	var out []BranchTiming
	for _, b := range r.Branches {
		if b.Verdict == VerdictOverruns {
			out = append(out, b)
		}
	}
	return out
}

// pathName is a path as one line: scene(choice) > scene > ...
func pathName(p PathTiming) string {
	var b strings.Builder
	for i, id := range p.Scenes {
		if i > 0 {
			b.WriteString(" > ")
		}
		b.WriteString(id)
		if i < len(p.Choices) && p.Choices[i] > 0 {
			fmt.Fprintf(&b, "(%d)", p.Choices[i])
		}
	}
	return b.String()
}
