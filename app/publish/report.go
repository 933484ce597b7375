package publish

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"forkcast/app/rehearse"
	"forkcast/app/show"
	"forkcast/app/story"
)

// WriteReport writes the one-page HTML report of session r (s may be nil
// when the story file is gone: no estimates, scene ids for titles) as one
// self-contained file: styles inline, no fonts, no script. It fails only
// when w does.
func WriteReport(w io.Writer, s *story.Story, r *show.Report) error {
	var p page
	writeReport(&p, s, r, false)
	if _, err := io.WriteString(w, p.String()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// writeReport writes the report page; inSite links the site's stylesheet
// and navigation, else the styles are inline.
func writeReport(p *page, s *story.Story, r *show.Report, inSite bool) {
	title := r.Session.Title
	if inSite {
		p.open("Report · "+title, title, true)
	} else {
		p.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
		fmt.Fprintf(p, "<title>Report · %s</title>\n<style>\n%s\n</style>\n</head>\n<body class=\"standalone\">\n", esc(title), standaloneCSS())
		p.WriteString("<a class=\"skip\" href=\"#main\">Skip to content</a>\n<main id=\"main\" tabindex=\"-1\">\n")
	}
	rs := r.Session
	fmt.Fprintf(p, "<h1>Report: %s</h1>\n", esc(title))
	end := "not closed; last recorded at " + lastMoment(r).UTC().Format("15:04:05 UTC")
	if !rs.EndedAt.IsZero() {
		end = "ended " + rs.EndedAt.UTC().Format("15:04:05 UTC") + fmt.Sprintf(" (%s)", rs.EndedAt.Sub(rs.StartedAt).Round(time.Second))
	}
	fmt.Fprintf(p, "<p class=\"meta\">Session %d, %s. Started %s; %s.</p>\n", rs.ID, rs.Mode, rs.StartedAt.UTC().Format("2 Jan 2006 15:04:05 UTC"), end)
	writeTiming(p, s, r)
	ss := newSession(s, r, Options{})
	p.WriteString("<section aria-labelledby=\"polls\">\n<h2 id=\"polls\">Polls</h2>\n")
	if len(r.Polls) == 0 {
		p.WriteString("<p>No poll was opened.</p>\n")
	}
	for _, pl := range r.Polls {
		var fr *forkResult
		for _, f := range ss.results[pl.Scene] {
			if f.Poll.ID == pl.ID {
				fr = f
			}
		}
		if fr == nil {
			continue
		}
		what := "Fork"
		if pl.Rating != nil {
			what = "Rating"
		}
		fmt.Fprintf(p, "<section class=\"poll\" aria-labelledby=\"poll-%d\" data-poll=\"%d\">\n<h3 id=\"poll-%d\">%s: %s</h3>\n", pl.ID, pl.ID, pl.ID, what, esc(sceneLabel(s, pl.Scene)))
		writeFacts(p, fr)
		writeBars(p, fr, func(int) string { return "" })
		writeTimeline(p, pl, r.Votes)
		p.WriteString("</section>\n")
	}
	p.WriteString("</section>\n")
	writeSources(p, r)
	writeHealth(p, r)
	if inSite {
		p.close()
	} else {
		p.WriteString("</main>\n</body>\n</html>\n")
	}
}

func sceneLabel(s *story.Story, id string) string {
	if s != nil {
		for _, n := range story.Graph(s).Nodes {
			if n.ID == id && n.Title != "" {
				return n.Title
			}
		}
	}
	return id
}

// writeTiming writes the path with the time spent in each scene against
// its estimate (the rehearsal estimator's words-per-minute figures), the
// scenes that ran long marked in words.
func writeTiming(p *page, s *story.Story, r *show.Report) {
	p.WriteString("<section aria-labelledby=\"timing\">\n<h2 id=\"timing\">Path and time per scene</h2>\n")
	est := map[string]time.Duration{}
	if s != nil {
		for _, sl := range rehearse.Timing(s, nil, rehearse.TimingOptions{}).Slides {
			est[sl.Scene] += time.Duration(sl.EstimateMs) * time.Millisecond
		}
	}
	p.WriteString("<table class=\"timing\">\n<thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Scene</th><th scope=\"col\">At</th><th scope=\"col\">Spent</th><th scope=\"col\">Estimate</th><th scope=\"col\">Difference</th></tr></thead>\n<tbody>\n")
	var total, totalEst time.Duration
	long := 0
	for i, st := range r.Path {
		var spent time.Duration
		switch {
		case i+1 < len(r.Path):
			spent = r.Path[i+1].At.Sub(st.At)
		default:
			spent = lastMoment(r).Sub(st.At)
		}
		e := est[st.Scene]
		total += spent
		totalEst += e
		diff, cls := "", ""
		if e > 0 && spent > 0 {
			d := spent - e
			diff = signed(d)
			if d > 30*time.Second && spent > e+e/4 {
				cls = " class=\"long\""
				diff += " — ran long"
				long++
			}
		}
		fmt.Fprintf(p, "<tr%s><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", cls, i+1,
			esc(sceneLabel(s, st.Scene)), st.At.Sub(r.Session.StartedAt).Round(time.Second), dur(spent), dur(e), diff)
	}
	p.WriteString("</tbody>\n</table>\n")
	fmt.Fprintf(p, "<p>Total %s against an estimate of %s", dur(total), dur(totalEst))
	if s != nil && s.Slot > 0 {
		fmt.Fprintf(p, " and a slot of %s", s.Slot)
		if total > s.Slot {
			fmt.Fprintf(p, ": <strong>over the slot by %s</strong>", (total - s.Slot).Round(time.Second))
		}
	}
	fmt.Fprintf(p, ". %d scene%s ran long (over the estimate by more than 30 s and a quarter).</p>\n</section>\n", long, plural(long))
}

func dur(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return d.Round(time.Second).String()
}

func signed(d time.Duration) string {
	if d >= 0 {
		return "+" + d.Round(time.Second).String()
	}
	return "−" + (-d).Round(time.Second).String()
}

// writeTimeline draws the texts received per second while poll pl was open
// (and until the last late text) as an SVG bar chart, with its peak and
// total in words for those who cannot see it.
func writeTimeline(p *page, pl show.ReportPoll, votes []show.ReportVote) {
	if pl.OpenedAt.IsZero() {
		return
	}
	end := pl.ClosedAt
	var at []time.Time
	for _, v := range votes {
		if v.Poll == pl.ID {
			at = append(at, v.ReceivedAt)
			if v.ReceivedAt.After(end) {
				end = v.ReceivedAt
			}
		}
	}
	secs := int(end.Sub(pl.OpenedAt)/time.Second) + 1
	secs = min(max(secs, 1), 3600)
	per := make([]int, secs)
	for _, t := range at {
		i := int(t.Sub(pl.OpenedAt) / time.Second)
		if i >= 0 && i < secs {
			per[i]++
		}
	}
	peak, peakAt := 0, 0
	for i, n := range per {
		if n > peak {
			peak, peakAt = n, i
		}
	}
	const w, h, padL, padB = 640, 140, 34, 22
	bw := float64(w-padL) / float64(secs)
	closeX := -1.0
	if !pl.ClosedAt.IsZero() {
		closeX = padL + bw*pl.ClosedAt.Sub(pl.OpenedAt).Seconds()
	}
	fmt.Fprintf(p, "<figure class=\"timeline\">\n<svg viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"Texts per second: %d texts over %d seconds, peak %d in second %d\">\n", w, h, len(at), secs, peak, peakAt+1)
	fmt.Fprintf(p, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"currentColor\" stroke-width=\"1\"/>\n", padL, h-padB, w, h-padB)
	top := max(peak, 1)
	for i, n := range per {
		if n == 0 {
			continue
		}
		bh := float64(h-padB-8) * float64(n) / float64(top)
		fmt.Fprintf(p, "<rect class=\"tl\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n", padL+bw*float64(i), float64(h-padB)-bh, max(bw-0.5, 0.5), bh)
	}
	if closeX >= 0 {
		fmt.Fprintf(p, "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"currentColor\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"14\" font-size=\"11\" fill=\"currentColor\">closed</text>\n", closeX, closeX, h-padB, closeX+3)
	}
	fmt.Fprintf(p, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"currentColor\" text-anchor=\"end\">%d/s</text>\n", padL-4, 12, top)
	fmt.Fprintf(p, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"currentColor\">0 s</text><text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"currentColor\" text-anchor=\"end\">%d s</text>\n", padL, h-6, w, h-6, secs)
	fmt.Fprintf(p, "</svg>\n<figcaption>Texts received per second from the poll's opening; peak %d in one second; the dashed line is the close.</figcaption>\n</figure>\n", peak)
}

// writeSources writes the texts per source and result.
func writeSources(p *page, r *show.Report) {
	type row struct {
		counted, invalid, late, other int
	}
	per := map[string]*row{}
	for _, v := range r.Votes {
		rw := per[v.Source]
		if rw == nil {
			rw = &row{}
			per[v.Source] = rw
		}
		switch {
		case validVote(v):
			rw.counted++
		case v.Result == show.ResultInvalid:
			rw.invalid++
		case v.Result == show.ResultLate:
			rw.late++
		default:
			rw.other++
		}
	}
	names := make([]string, 0, len(per))
	for n := range per {
		names = append(names, n)
	}
	slices.Sort(names)
	p.WriteString("<section aria-labelledby=\"sources\">\n<h2 id=\"sources\">Texts per source</h2>\n")
	if len(names) == 0 {
		p.WriteString("<p>No text was read for a poll.</p>\n")
	} else {
		p.WriteString("<table>\n<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Votes</th><th scope=\"col\">Invalid</th><th scope=\"col\">Late</th><th scope=\"col\">Other</th></tr></thead>\n<tbody>\n")
		for _, n := range names {
			rw := per[n]
			fmt.Fprintf(p, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>\n", esc(n), rw.counted, rw.invalid, rw.late, rw.other)
		}
		p.WriteString("</tbody>\n</table>\n")
	}
	p.WriteString("</section>\n")
}

// standaloneCSS is the site's stylesheet without its fonts, for a report
// that must be one file.
func standaloneCSS() string {
	css, _ := assetFS.ReadFile("assets/site.css")
	s := string(css)
	for {
		i := strings.Index(s, "@font-face")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}")
		s = s[:i] + s[i+j+1:]
	}
	return s
}

// lastMoment is when the session ended, else the last thing it recorded
// (a step, a poll's close, a text), for the time spent in its last scene.
func lastMoment(r *show.Report) time.Time {
	if !r.Session.EndedAt.IsZero() {
		return r.Session.EndedAt
	}
	var t time.Time
	for _, p := range r.Path {
		t = later(t, p.At)
	}
	for _, p := range r.Polls {
		t = later(t, p.ClosedAt)
	}
	for _, v := range r.Votes {
		t = later(t, v.ReceivedAt)
	}
	for _, h := range r.Health {
		t = later(t, h.At)
	}
	return t
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
