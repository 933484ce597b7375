package rehearse

import (
	"fmt"
	"math"
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
	Limit       int           // most paths; 0 = story.DefaultPathLimit
	Sessions    []int64       // the rehearsal sessions nav came from, for the report
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
	Scene        string `json:"scene"`
	Choice       int    `json:"choice"`
	Label        string `json:"label"`
	Target       string `json:"target"`
	Paths        int    `json:"paths"`        // paths through this choice
	OverrunPaths int    `json:"overrunPaths"` // of those, paths over the slot
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
// start has no paths.
func Timing(s *story.Story, nav []NavEntry, opts TimingOptions) *Report {
	o := opts.withDefaults(s)
	r := &Report{
		Title: s.Title, Hash: s.Hash, SlotMs: ms(s.Slot), WPM: o.WPM, PerSlideMs: ms(o.PerSlide),
		PerCodeLineMs: ms(o.PerCodeLine),
		PollMs:        ms(o.PollTime), Sessions: append([]int64{}, opts.Sessions...), Shortest: -1, Longest: -1,
	}
	samples := Dwell(nav, o.MinTotal, o.MaxStay)
	slide := map[SlideKey]SlideTiming{}
	for _, sc := range s.Scenes {
		for i, sl := range sc.Slides {
			t := slideTiming(sc, i, sl, samples[SlideKey{sc.ID, i}], o)
			slide[SlideKey{sc.ID, i}] = t
			r.Slides = append(r.Slides, t)
			r.TotalSlides++
			if t.Samples > 0 {
				r.RecordedSlides++
			}
		}
	}
	limit := o.Limit
	paths := story.Paths(s, limit)
	r.PathsTruncated = len(paths) >= limit
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
	r.Branches = branches(s, r)
	return r
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

// branches rates every fork choice by the paths that take it.
func branches(s *story.Story, r *Report) []BranchTiming {
	var out []BranchTiming
	for _, sc := range s.Scenes {
		if sc.Fork == nil {
			continue
		}
		for _, c := range sc.Fork.Choices {
			b := BranchTiming{Scene: sc.ID, Choice: c.Number, Label: c.Label, Target: c.Target}
			for _, p := range r.Paths {
				if !takes(p, sc.ID, c.Number) {
					continue
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
			b.Verdict = verdict(b, s.Slot > 0)
			out = append(out, b)
		}
	}
	return out
}

func takes(p PathTiming, scene string, choice int) bool {
	for i, id := range p.Scenes {
		if id == scene && i < len(p.Choices) && p.Choices[i] == choice {
			return true
		}
	}
	return false
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
	out := ""
	for i, id := range p.Scenes {
		if i > 0 {
			out += " > "
		}
		out += id
		if i < len(p.Choices) && p.Choices[i] > 0 {
			out += fmt.Sprintf("(%d)", p.Choices[i])
		}
	}
	return out
}
