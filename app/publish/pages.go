package publish

import (
	"fmt"
	"net/url"
	"strings"

	"forkcast/app/story"
)

var pathUnescape = url.PathUnescape

// index writes index.html: the path, the map, every scene.
func (b *builder) index() {
	s, ss := b.s, b.ss
	var p page
	title := s.Title
	if title == "" {
		title = "Story"
	}
	p.open(title, title, b.opt.Report)
	fmt.Fprintf(&p, "<h1>%s</h1>\n", esc(title))
	if len(s.Authors) > 0 {
		fmt.Fprintf(&p, "<p class=\"authors\">%s</p>\n", esc(strings.Join(s.Authors, ", ")))
	}
	forks := 0
	for _, sc := range s.Scenes {
		if sc.Fork != nil {
			forks++
		}
	}
	fmt.Fprintf(&p, "<p>A choose-your-own-adventure talk: %d scenes, %d forks. Every scene is a page; at each fork, the branches the room did not take are one click away.</p>\n", len(s.Scenes), forks)
	if b.opt.Report {
		p.WriteString(`<p><a href="report.html">The session's report</a>: every poll, its timeline, the rating and the timing.</p>` + "\n")
	}
	p.WriteString("<section aria-labelledby=\"path\">\n<h2 id=\"path\">The room's path</h2>\n")
	if ss.r == nil || len(ss.r.Path) == 0 {
		p.WriteString("<p>No session was published with this site: explore every branch from the map.</p>\n")
	} else {
		r := ss.r
		fmt.Fprintf(&p, "<p>As given on %s (%s), in %d steps. Scenes on the path are outlined and marked ✓ on the map.</p>\n",
			r.Session.StartedAt.UTC().Format("2 January 2006"), r.Session.Mode, len(r.Path))
		p.WriteString("<ol class=\"path\">\n")
		for _, st := range r.Path {
			fmt.Fprintf(&p, "<li>%s", b.link(st.Scene))
			if sc := s.Scene(st.Scene); sc != nil && sc.Fork != nil && st.Choice > 0 {
				for _, c := range sc.Fork.Choices {
					if c.Number == st.Choice {
						fmt.Fprintf(&p, " — the room chose <strong>%d. %s</strong>", c.Number, esc(c.Label))
					}
				}
			}
			p.WriteString("</li>\n")
		}
		p.WriteString("</ol>\n")
	}
	p.WriteString("</section>\n<section aria-labelledby=\"map\">\n<h2 id=\"map\">Map</h2>\n<p>Every box is a scene: select one to read it. Forks are blue, the rating purple, the end green.</p>\n<div class=\"map-wrap\">\n")
	writeMap(&p.Builder, s, ss)
	p.WriteString("</div>\n</section>\n<section aria-labelledby=\"scenes\">\n<h2 id=\"scenes\">All scenes</h2>\n<ul class=\"scenes\">\n")
	for _, sc := range s.Scenes {
		if s.Scene(sc.ID) == sc {
			fmt.Fprintf(&p, "<li>%s <span class=\"id\">%s</span></li>\n", b.link(sc.ID), esc(sc.ID))
		}
	}
	p.WriteString("</ul>\n</section>\n<section aria-labelledby=\"end\">\n<h2 id=\"end\">The end</h2>\n")
	if s.Credits != "" {
		fmt.Fprintf(&p, "<p class=\"credits\">%s</p>\n", esc(s.Credits))
	} else {
		p.WriteString("<p>Thanks for coming.</p>\n")
	}
	p.WriteString("</section>\n")
	p.close()
	b.files["index.html"] = []byte(p.String())
}

// scene writes one scene's page.
func (b *builder) scene(sc *story.Scene) {
	s, ss := b.s, b.ss
	var p page
	title := b.title(sc.ID)
	p.open(title+" · "+s.Title, s.Title, b.opt.Report)
	fmt.Fprintf(&p, "<h1>%s <span class=\"id\">%s</span></h1>\n", esc(title), esc(sc.ID))
	if ss.r != nil {
		if ss.onPath[sc.ID] {
			p.WriteString("<p class=\"status onpath\">✓ On the room's path.</p>\n")
		} else {
			p.WriteString("<p class=\"status\">A branch the room did not take.</p>\n")
		}
	}
	for i, sl := range sc.Slides {
		fmt.Fprintf(&p, "<section class=\"slide\" aria-label=\"Slide %d of %d\">\n<div class=\"frame\"><div class=\"slide-content\">\n%s</div></div>\n", i+1, len(sc.Slides), b.localize(sl.HTML))
		if b.opt.Notes && sl.NotesHTML != "" {
			fmt.Fprintf(&p, "<aside class=\"notes\" aria-label=\"Speaker notes\"><h2 class=\"notes-h\">Speaker notes</h2>\n%s</aside>\n", b.localize(sl.NotesHTML))
		}
		p.WriteString("</section>\n")
	}
	switch {
	case sc.Fork != nil:
		b.fork(&p, sc)
	case sc.Rating != nil:
		b.rating(&p, sc)
	}
	if sc.Fork == nil && sc.Next != "" {
		fmt.Fprintf(&p, "<p class=\"next\">Next: %s</p>\n", b.link(sc.Next))
	}
	p.close()
	b.files[pageName(sc.ID)] = []byte(p.String())
}

// fork writes a fork's choices, and the room's results when it voted.
func (b *builder) fork(p *page, sc *story.Scene) {
	results := b.ss.results[sc.ID]
	chosen := map[int]bool{}
	for _, c := range b.ss.chosen[sc.ID] {
		chosen[c] = true
	}
	hrefOf := func(choice int) string {
		for _, c := range sc.Fork.Choices {
			switch {
			case c.Number != choice:
			case c.Target == story.End:
				return "index.html#end"
			case b.s.Scene(c.Target) != nil:
				return href(c.Target)
			}
		}
		return ""
	}
	for i, fr := range results {
		heading := "What the room chose"
		if len(results) > 1 {
			heading = fmt.Sprintf("What the room chose, visit %d", i+1)
		}
		fmt.Fprintf(p, "<section class=\"results\" aria-labelledby=\"res-%d\" data-poll=\"%d\">\n<h2 id=\"res-%d\">%s</h2>\n", i, fr.Poll.ID, i, esc(heading))
		fmt.Fprintf(p, "<p class=\"question\">%s</p>\n", esc(b.title(sc.ID)))
		writeFacts(p, fr)
		writeBars(p, fr, hrefOf)
		writeTexts(p, fr)
		p.WriteString("</section>\n")
	}
	p.WriteString("<section class=\"choices\" aria-labelledby=\"choices-h\">\n<h2 id=\"choices-h\">Where each choice leads</h2>\n<ol>\n")
	for _, c := range sc.Fork.Choices {
		what := "Choice"
		if len(results) > 0 && !chosen[c.Number] {
			what = fmt.Sprintf("What if we had chosen %d?", c.Number)
		} else if chosen[c.Number] {
			what = "Taken"
		}
		fmt.Fprintf(p, "<li value=\"%d\"><strong>%s</strong> %s → %s</li>\n", c.Number, esc(what), esc(c.Label), b.link(c.Target))
	}
	p.WriteString("</ol>\n")
	if sc.Exit != "" {
		fmt.Fprintf(p, "<p>Way out when time runs short: %s</p>\n", b.link(sc.Exit))
	}
	p.WriteString("</section>\n")
}

// rating writes a rating scene's results.
func (b *builder) rating(p *page, sc *story.Scene) {
	for i, fr := range b.ss.results[sc.ID] {
		if fr.Poll.Rating == nil {
			continue
		}
		fmt.Fprintf(p, "<section class=\"results\" aria-labelledby=\"rate-%d\" data-poll=\"%d\">\n<h2 id=\"rate-%d\">How the room rated the talk</h2>\n", i, fr.Poll.ID, i)
		writeFacts(p, fr)
		writeBars(p, fr, func(int) string { return "" })
		writeTexts(p, fr)
		p.WriteString("</section>\n")
	}
}

// writeFacts writes a poll's figures as a description list.
func writeFacts(p *page, fr *forkResult) {
	pl := fr.Poll
	p.WriteString("<dl class=\"facts\">\n")
	fact := func(k, v string) { fmt.Fprintf(p, "<div><dt>%s</dt><dd>%s</dd></div>\n", esc(k), esc(v)) }
	fact("Poll opened", fr.Opened)
	if fr.Duration > 0 {
		fact("Open for", fr.Duration.String())
	}
	fact("Votes counted (one per phone)", fmt.Sprint(pl.Total))
	fact("Texts received", fmt.Sprint(fr.Texts))
	fact("Invalid texts", fmt.Sprint(pl.Invalid))
	fact("Late texts (kept, not counted)", fmt.Sprint(fr.Late))
	if fr.Decided != "" {
		fmt.Fprintf(p, "<div class=\"wide\"><dt>How it was decided</dt><dd>%s</dd></div>\n", esc(fr.Decided))
	}
	p.WriteString("</dl>\n")
}

// writeTexts lists the texts that counted, with IncludeTexts.
func writeTexts(p *page, fr *forkResult) {
	if len(fr.Accepted) == 0 {
		return
	}
	p.WriteString("<details class=\"texts\"><summary>The texts that counted, as written (sorted)</summary>\n<ul>\n")
	for _, t := range fr.Accepted {
		fmt.Fprintf(p, "<li>%s</li>\n", esc(t))
	}
	p.WriteString("</ul>\n</details>\n")
}
