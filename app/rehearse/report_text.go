package rehearse

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteText writes the report for a terminal: the paths with their duration
// against the slot, the shortest and longest, and the branches that make the
// talk overrun; for a talk with loops, its hubs with each spoke's time and
// the exit's time to the end instead. It fails when w fails.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	slot := "no slot set"
	if r.SlotMs > 0 {
		slot = "slot " + dur(r.SlotMs)
	}
	src := "no rehearsal recorded: estimates only"
	if len(r.Sessions) > 0 {
		src = fmt.Sprintf("times from %d rehearsal session(s)", len(r.Sessions))
	}
	fmt.Fprintf(&b, "Timing of %q (%s; %s; %d of %d slides recorded; estimates at %d wpm + %s a code line + %s a slide)\n\n",
		r.Title, slot, src, r.RecordedSlides, r.TotalSlides, r.WPM, dur(r.PerCodeLineMs), dur(r.PerSlideMs))
	if len(r.Hubs) > 0 {
		writeHubs(&b, r)
	} else {
		writePaths(&b, r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writePaths lists the paths of a talk without loops, the shortest and
// longest, and the branches against the slot.
func writePaths(b *strings.Builder, r *Report) {
	more := ""
	if r.PathsTruncated {
		more = ", more not listed"
	}
	fmt.Fprintf(b, "Paths (%d%s):\n", len(r.Paths), more)
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\tduration\tvs slot\trecorded\tpath")
	for i, p := range r.Paths {
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%d/%d\t%s\n", i+1, dur(p.Ms), vsSlot(r, p), p.RecordedSlides, p.Slides, pathName(p))
	}
	tw.Flush()
	if r.Shortest >= 0 {
		s, l := r.Paths[r.Shortest], r.Paths[r.Longest]
		fmt.Fprintf(b, "\nShortest: path %d, %s%s. Longest: path %d, %s%s.\n",
			r.Shortest+1, dur(s.Ms), spare(r, s), r.Longest+1, dur(l.Ms), spare(r, l))
	}
	writeBranches(b, r)
}

func writeBranches(b *strings.Builder, r *Report) {
	if r.SlotMs == 0 || r.Shortest < 0 {
		return
	}
	if s := r.Paths[r.Shortest]; s.Overrun {
		fmt.Fprintf(b, "\nEvery path is over the slot, the shortest by %s: cut something whatever the audience picks.\n", dur(s.OverMs))
		return
	}
	var always, some []string
	for _, br := range r.Branches {
		line := fmt.Sprintf("  %s → %d %q (%s): %d of %d paths over, %s..%s\n",
			br.Scene, br.Choice, br.Label, br.Target, br.OverrunPaths, br.Paths, dur(br.MinMs), dur(br.MaxMs))
		switch br.Verdict {
		case VerdictOverruns:
			always = append(always, line)
		case VerdictMay:
			some = append(some, line)
		}
	}
	switch {
	case len(always) > 0:
		fmt.Fprintf(b, "\nBranches that make the talk overrun (every path through them):\n%s", strings.Join(always, ""))
	case len(some) == 0:
		fmt.Fprintf(b, "\nEvery path fits the slot.\n")
	}
	if len(some) > 0 {
		fmt.Fprintf(b, "\nBranches that may overrun (some paths through them):\n%s", strings.Join(some, ""))
	}
}

func vsSlot(r *Report, p PathTiming) string {
	if r.SlotMs == 0 {
		return "-"
	}
	if p.OverMs > 0 {
		return "+" + dur(p.OverMs)
	}
	return "-" + dur(-p.OverMs)
}

func spare(r *Report, p PathTiming) string {
	switch {
	case r.SlotMs == 0:
		return ""
	case p.OverMs > 0:
		return ", " + dur(p.OverMs) + " over the slot"
	}
	return ", " + dur(-p.OverMs) + " to spare"
}

// dur prints milliseconds as 1m05s, rounded to the second (ms under 10 s keep a decimal).
func dur(ms int64) string {
	d := time.Duration(ms) * time.Millisecond
	if d < 10*time.Second {
		return strings.TrimSuffix(d.Round(100*time.Millisecond).String(), ".0s")
	}
	d = d.Round(time.Second)
	m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
	if m == 0 {
		return fmt.Sprintf("%ds", s)
	}
	return fmt.Sprintf("%dm%02ds", m, s)
}
