package publish

import (
	"fmt"
	"time"

	"forkcast/app/show"
	"forkcast/app/vote"
)

// incident is a stretch of time during which one source was down or
// degraded: from its first bad change to the next "ok" or "stopped".
type incident struct {
	Source   string
	State    string // the worst state seen: down beats degraded
	Reason   string // the first sentence given
	From     time.Time
	Until    time.Time // zero: not recovered by the end of the record
	Recovery string    // the state that ended it
}

// incidents reads r's health changes, oldest first, as incidents.
func incidents(r *show.Report) []incident {
	open := map[string]int{} // source -> index in out
	var out []incident
	for _, ev := range r.Health {
		i, in := open[ev.Source]
		switch ev.State {
		case vote.HealthDown, vote.HealthDegraded:
			if !in {
				open[ev.Source] = len(out)
				out = append(out, incident{Source: ev.Source, State: ev.State, Reason: ev.Detail, From: ev.At})
				continue
			}
			if ev.State == vote.HealthDown {
				out[i].State = vote.HealthDown
			}
			if out[i].Reason == "" {
				out[i].Reason = ev.Detail
			}
		case vote.HealthOK, vote.HealthStopped:
			if in {
				out[i].Until, out[i].Recovery = ev.At, ev.State
				delete(open, ev.Source)
			}
		}
	}
	return out
}

// writeHealth writes the sources' health incidents: one row each, with its
// duration and the sentence the source gave.
func writeHealth(p *page, r *show.Report) {
	p.WriteString("<section aria-labelledby=\"health\">\n<h2 id=\"health\">Source health</h2>\n")
	inc := incidents(r)
	if len(r.Health) == 0 {
		p.WriteString("<p>No source health was recorded for this session (no source ran, or the session predates health records).</p>\n</section>\n")
		return
	}
	if len(inc) == 0 {
		p.WriteString("<p>Every source stayed up: no outage and no degraded service was recorded.</p>\n</section>\n")
		return
	}
	end := lastMoment(r)
	var total time.Duration
	p.WriteString("<table class=\"incidents\">\n<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">From</th><th scope=\"col\">Until</th><th scope=\"col\">Duration</th><th scope=\"col\">State</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n")
	for _, in := range inc {
		until, d := in.Until.UTC().Format("15:04:05"), in.Until.Sub(in.From)
		if in.Until.IsZero() {
			until, d = "not recovered", end.Sub(in.From)
		} else if in.Recovery == vote.HealthStopped {
			until += " (stopped)"
		}
		total += max(d, 0)
		reason := in.Reason
		if reason == "" {
			reason = "No reason given."
		}
		fmt.Fprintf(p, "<tr data-incident=\"%s\"><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			esc(in.State), esc(in.Source), in.From.UTC().Format("15:04:05"), esc(until), dur(d), esc(in.State), esc(reason))
	}
	p.WriteString("</tbody>\n</table>\n")
	fmt.Fprintf(p, "<p class=\"meta\">%d incident(s), %s in all. Times are UTC.</p>\n</section>\n", len(inc), dur(total))
}
