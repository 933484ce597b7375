package publish

import (
	"fmt"
	"strconv"

	"forkcast/app/show"
)

// writeBars writes a poll's bars: for each choice its number, label, count
// and percentage in text, a bar whose fill has the choice's own pattern,
// and the winner marked in words, so the bars read without colour; a
// losing choice links to hrefOf(its number) unless that is "".
func writeBars(p *page, fr *forkResult, hrefOf func(choice int) string) {
	pl := fr.Poll
	if pl.Rating != nil {
		writeRating(p, pl)
		return
	}
	p.WriteString(`<ol class="bars">` + "\n")
	for _, c := range pl.Choices {
		win := c.Number == pl.Winner
		cls := "bar c" + strconv.Itoa((c.Number-1)%8+1)
		if win {
			cls += " winner"
		}
		fmt.Fprintf(p, `<li class="%s" data-choice="%d"><span class="bar-label"><span class="num">%d</span> %s`, cls, c.Number, c.Number, esc(c.Label))
		if win && pl.DecidedBy == show.ByOverride {
			p.WriteString(` <strong class="won">★ the speaker's pick</strong>`)
		} else if win {
			p.WriteString(` <strong class="won">★ the room's choice</strong>`)
		}
		p.WriteString(`</span>`)
		fmt.Fprintf(p, `<span class="track" aria-hidden="true"><span class="fill" style="width:%.1f%%"></span></span>`, c.Percent)
		fmt.Fprintf(p, `<span class="bar-num">%d vote%s · %.0f%%</span>`, c.Count, plural(c.Count), c.Percent)
		if t := hrefOf(c.Number); t != "" && !win {
			fmt.Fprintf(p, ` <a class="whatif" href="%s">What if we had chosen %d?</a>`, t, c.Number)
		}
		p.WriteString("</li>\n")
	}
	p.WriteString("</ol>\n")
}

// writeRating writes a rating poll's histogram, one bar per value.
func writeRating(p *page, pl show.ReportPoll) {
	r := pl.Rating
	fmt.Fprintf(p, `<p class="rating-sum"><strong>Mean %.1f</strong> from %d rating%s (median %g).</p>`+"\n", r.Mean, r.Count, plural(r.Count), r.Median)
	top := 0
	for _, n := range r.Histogram {
		top = max(top, n)
	}
	p.WriteString(`<ol class="bars histogram">` + "\n")
	for i, n := range r.Histogram {
		w := 0.0
		if top > 0 {
			w = 100 * float64(n) / float64(top)
		}
		fmt.Fprintf(p, `<li class="bar c1" data-rating="%d"><span class="bar-label"><span class="num">%d</span></span><span class="track" aria-hidden="true"><span class="fill" style="width:%.1f%%"></span></span><span class="bar-num">%d</span></li>`+"\n",
			pl.RatingMin+i, pl.RatingMin+i, w, n)
	}
	p.WriteString("</ol>\n")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
