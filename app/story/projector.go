package story

import (
	"math"
	"strings"
	"unicode/utf8"
)

// The projector model: what `check` knows about how the stage lays out a
// fork, so it can warn about text the room would not see whole. Every number
// below is read off the stage's CSS; when that CSS changes, change it here
// (frontend/e2e/budget.test.mjs fails when the two disagree).
//
//   - frontend/src/components/Stage.svelte: <Scaled {width} height={720}>,
//     width 1280 at 16:9 and 960 at 4:3 (a fixed logical size, scaled).
//   - ForkStage.svelte `.fork` grid rows auto auto 1fr auto: header
//     (min-height 150px), `.status` (min-height 56px, padding 6px 0 18px;
//     its `.chip` at 22px, line-height normal, padding 6px, border 1px
//     makes it about 64px), `.chart` (margin
//     0 64px 22px, the 1fr row), `.banner` (height 116px, padding 0 40px,
//     font-size 50px, 42px when `.long`, 40px when `.narrow` (width < 1200)).
//   - Bars.svelte `.bars`: --gap 14px, --max 124px,
//     --row: min(--max, (100cqh - (n-1)*gap)/n) with n = max(2, choices);
//     `.row` columns --row*0.82, 1fr, auto with gap --row*0.22;
//     `.value` min-width --row*2.3; `.body` gap --row*0.08;
//     `.track` height --row*0.34; `.label` font-size --row*0.3, line-height
//     1.15, flex-wrap; `.kw` font-size 0.72em (monospace keywords, nowrap).
//   - The question (ForkStage.svelte `header`: columns 1fr auto): the fork
//     slide's text in SlideView.svelte `.compact` (padding 40px 64px 0,
//     font-size 28px, and styles/app.css `.slide-content` gap 18px,
//     line-height 1.35); `.compact h1` font-size 52px with app.css
//     `.slide-content h1` line-height 1.08, margin-bottom 8px; `.compact h2`
//     42px with `h2` line-height 1.12, margin-bottom 6px.
//   - Beside it `.side` (padding 30px 56px 0 0, gap 6px): while the poll is
//     open and has a timer, the Countdown at size={124}; under it `.total`
//     (26px, weight 700, line-height normal, about 1.2).
const (
	stageHeight       = 720.0
	stageHeader       = 150.0 // min-height; a long question makes it taller
	stageStatus       = 64.0  // min-height 56, but its chip makes it 64 (see below)
	chartMarginX      = 64.0
	chartMarginBottom = 22.0
	stageBanner       = 116.0
	bannerPadX        = 40.0
	rowGap            = 14.0
	rowMax            = 124.0
	rowNum            = 0.82
	rowColGap         = 0.22
	rowValue          = 2.3
	bodyGap           = 0.08
	trackHeight       = 0.34
	labelFont         = 0.3
	kwFont            = 0.72
	lineHeight        = 1.15
	// A keyword line is taller than .kw's 1.15: its mono `.kw b` (JetBrains
	// Mono, taller ascent and descent) stretches the line box to about
	// 1.26em, as the browser test measures.
	kwLineHeight = 1.26
	// .kw's own text ("or text", the dots) is Inter at weight 500: "or
	// text" measures about 0.45em a character on the stage, a space about
	// 0.25em; 0.5 keeps a little caution.
	kwSansEm  = 0.5
	kwSpaceEm = 0.25
	// Average advance of a character, in em: Inter at weight 650 averages
	// about 0.55em on English; 0.6 keeps the model on the cautious side.
	// JetBrains Mono is exactly 0.6em.
	sansEm = 0.6
	monoEm = 0.6

	headPadTop = 40.0 // .compact padding-top
	headPadX   = 64.0 // .compact padding-left and -right
	headGap    = 18.0 // .slide-content gap between blocks
	bodyFont   = 28.0 // .compact font-size
	bodyLH     = 1.35 // .slide-content line-height
	h1Font     = 52.0 // .compact h1
	h1LH       = 1.08
	h1Margin   = 8.0
	h2Font     = 42.0 // .compact h2
	h2LH       = 1.12
	h2Margin   = 6.0
	sideTop    = 30.0  // .side padding-top
	sideRight  = 56.0  // .side padding-right
	sideGap    = 6.0   // .side gap
	countdown  = 124.0 // <Countdown size={124}>
	totalFont  = 26.0  // .total
	totalLH    = 1.2   // line-height normal
	totalChars = 9     // "999 votes": the count at its widest the model allows for
	headEm     = 0.55  // Inter 800 at -0.02em letter-spacing, about Inter's average
)

// Projector is one aspect ratio the stage is checked at.
type Projector struct {
	Name  string  // "16:9"
	Width float64 // the stage's logical width in CSS pixels (height is 720)
}

// Projectors are the aspect ratios `check` measures forks at.
var Projectors = []Projector{{"16:9", 1280}, {"4:3", 960}}

// ForkBudget is what one fork's chart allows at one aspect ratio.
type ForkBudget struct {
	Row         float64 // the row height (--row), px
	Body        float64 // the width of a row's label and bar, px
	LabelChars  int     // characters per line of a label
	KwChars     int     // characters per line of the keywords
	ChartHeight float64 // px the rows and their gaps may take
}

// Budget is the fork chart's budget at p for a fork of n choices under a
// one-line question (the header at its minimum height).
func (p Projector) Budget(n int) ForkBudget { return p.budget(n, stageHeader) }

// budget is the chart's budget for n choices under a header header px tall.
func (p Projector) budget(n int, header float64) ForkBudget {
	n = max(2, n)
	chartH := max(0, stageHeight-header-stageStatus-chartMarginBottom-stageBanner)
	row := math.Min(rowMax, (chartH-float64(n-1)*rowGap)/float64(n))
	body := p.Width - 2*chartMarginX - row*(rowNum+2*rowColGap+rowValue)
	lf := row * labelFont
	return ForkBudget{
		Row:         row,
		Body:        body,
		LabelChars:  int(body / (lf * sansEm)),
		KwChars:     int(body / (lf * kwFont * monoEm)),
		ChartHeight: chartH,
	}
}

// wrapLines counts the lines words take when wrapped at width characters,
// sep between words; a word longer than width is reported as too long.
func wrapLines(words []string, sep string, width int) (lines int, tooLong string) {
	cur := -1
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		if n > width && tooLong == "" {
			tooLong = w
		}
		if cur >= 0 && cur+utf8.RuneCountInString(sep)+n <= width {
			cur += utf8.RuneCountInString(sep) + n
			continue
		}
		lines++
		cur = n
	}
	return lines, tooLong
}

// wrapPx counts the lines items of the given widths (in em) take when
// wrapped at limit em, space em between items, and the widest line's width.
func wrapPx(widths []float64, space, limit float64) (lines int, widest float64) {
	cur := -1.0
	for _, w := range widths {
		if cur >= 0 && cur+space+w <= limit {
			cur += space + w
		} else {
			lines++
			cur = w
		}
		widest = max(widest, cur)
	}
	return lines, widest
}

// ForkFit is the model's verdict on one fork at one aspect ratio.
type ForkFit struct {
	Height  float64 // px the rows and gaps need
	Budget  ForkBudget
	TooLong string // a word wider than a row's line, if any
	Limit   int    // the characters per line TooLong exceeds
	Choice  *Choice
}

// Cut reports whether the stage would cut something of the fork.
func (f ForkFit) Cut() bool { return f.TooLong != "" || f.Height > f.Budget.ChartHeight }

// Header is the model's verdict on a fork's question at one aspect ratio.
type Header struct {
	Height  float64 // px the header takes (at least its min-height)
	Lines   int     // lines of the first heading
	Room    float64 // px the header may take before the banner leaves the stage
	TooLong string  // a word wider than the question's line, if any
}

// Cut reports whether the stage would cut the question itself.
func (h Header) Cut() bool { return h.TooLong != "" || h.Height > h.Room }

// questionBlocks reads the fork slide's Markdown as the stage shows it in
// the header: headings and paragraphs (the choices list is the chart's).
func questionBlocks(md string) (blocks []struct {
	font, lh, margin float64
	text             string
}) {
	type block = struct {
		font, lh, margin float64
		text             string
	}
	var para []string
	flush := func() {
		if len(para) > 0 {
			blocks = append(blocks, block{bodyFont, bodyLH, 0, strings.Join(para, " ")})
			para = nil
		}
	}
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "# "):
			flush()
			blocks = append(blocks, block{h1Font, h1LH, h1Margin, strings.TrimSpace(t[2:])})
		case strings.HasPrefix(t, "## "):
			flush()
			blocks = append(blocks, block{h2Font, h2LH, h2Margin, strings.TrimSpace(t[3:])})
		case choiceLine(t):
			flush()
		default:
			para = append(para, t)
		}
	}
	flush()
	return blocks
}

// choiceLine reports whether t is a fork's numbered choice ("1. ... -> x").
func choiceLine(t string) bool {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i < len(t) && t[i] == '.' && strings.Contains(t, "->")
}

// Header models the question of scene sc (its fork slide's text) at p with
// the poll open: the countdown (when the poll has a timer) narrows it and
// makes the side column taller, so this is the stage's tightest moment.
func (p Projector) Header(sc *Scene) Header {
	side := sideRight + max(countdown, float64(totalChars)*totalFont*sansEm)
	sideH := sideTop + totalFont*totalLH
	if sc.Vote.Timer > 0 {
		sideH += countdown + sideGap
	}
	width := p.Width - side - 2*headPadX
	h := Header{Room: stageHeight - stageStatus - chartMarginBottom - stageBanner}
	q := headPadTop
	if len(sc.Slides) > 0 {
		for i, b := range questionBlocks(sc.Slides[len(sc.Slides)-1].Markdown) {
			lines, long := wrapLines(strings.Fields(b.text), " ", int(width/(b.font*headEm)))
			if long != "" && h.TooLong == "" {
				h.TooLong = long
			}
			if i > 0 {
				q += headGap
			}
			q += float64(lines)*b.font*b.lh + b.margin
			if b.font == h1Font && h.Lines == 0 {
				h.Lines = lines
			}
		}
	}
	h.Height = max(stageHeader, q, sideH)
	return h
}

// FitScene models fork scene sc on the stage at p with its poll open: the
// chart gets what the question leaves.
func (p Projector) FitScene(sc *Scene) (ForkFit, Header) {
	h := p.Header(sc)
	return p.fit(sc.Fork, p.budget(len(sc.Fork.Choices), h.Height)), h
}

// Fit models fork f on the stage at p under a one-line question.
func (p Projector) Fit(f *Fork) ForkFit { return p.fit(f, p.Budget(len(f.Choices))) }

func (p Projector) fit(f *Fork, b ForkBudget) ForkFit {
	fit := ForkFit{Budget: b}
	lf := b.Row * labelFont
	for i, c := range f.Choices {
		ll, long := wrapLines(strings.Fields(c.Label), " ", b.LabelChars)
		limit := b.LabelChars
		h := float64(ll) * lf * lineHeight
		if len(c.Keywords) > 0 {
			// "or text a · b · c": the lead-in, then nowrap keywords.
			// The lead-in and the dots are Inter at .kw's size, the
			// keywords JetBrains Mono; a line breaks only at the spaces.
			kws := []string{"or", "text"}
			ws := []float64{2 * kwSansEm, 4 * kwSansEm}
			for j, k := range c.Keywords {
				w := float64(utf8.RuneCountInString(k)) * monoEm
				if j < len(c.Keywords)-1 {
					k += " ·"
					w += kwSpaceEm + kwSansEm
				}
				kws = append(kws, k)
				ws = append(ws, w)
			}
			kpx := lf * kwFont
			kl, kw := wrapPx(ws, kwSpaceEm, b.Body/kpx)
			_, kLong := wrapLines(kws, " ", b.KwChars)
			// .label wraps its two parts (flex-wrap): a one-line label and
			// one line of keywords share a line when both fit, 0.7em apart.
			one := float64(utf8.RuneCountInString(c.Label))*lf*sansEm + 0.7*lf + kw*kpx
			if ll > 1 || kl > 1 || one > b.Body {
				h += float64(kl) * lf * kwFont * kwLineHeight
			}
			if long == "" {
				long, limit = kLong, b.KwChars
			}
		}
		h += b.Row * (bodyGap + trackHeight)
		fit.Height += math.Max(b.Row, h)
		if i > 0 {
			fit.Height += rowGap
		}
		if long != "" && fit.TooLong == "" {
			fit.TooLong, fit.Limit, fit.Choice = long, limit, c
		}
	}
	if fit.Choice == nil && len(f.Choices) > 0 {
		fit.Choice = f.Choices[len(f.Choices)-1]
	}
	return fit
}

// checkProjector warns when a fork's question or choices would not show
// whole on the stage at 16:9 or 4:3 with the poll open.
func (st *parseState) checkProjector(sc *Scene) {
	if sc.Fork == nil || len(sc.Fork.Choices) == 0 {
		return
	}
	for _, p := range Projectors {
		fit, h := p.FitScene(sc)
		switch {
		case h.TooLong != "":
			st.d.warnf(sc.Fork.Pos, "the question of scene %q has %q, too long for a line of the stage at %s with the poll open: the projector cuts it; shorten it", sc.ID, h.TooLong, p.Name)
		case h.Height > h.Room:
			st.d.warnf(sc.Fork.Pos, "the question of scene %q needs %.0f px of the stage's %.0f at %s with the poll open: the projector cuts it and the choices; shorten the question", sc.ID, h.Height, h.Room, p.Name)
		case fit.TooLong != "":
			st.d.warnf(fit.Choice.Pos, "%q is too long for a line of the stage at %s (about %d characters fit): the projector cuts it; shorten it", fit.TooLong, p.Name, fit.Limit)
		case fit.Cut():
			st.d.warnf(sc.Fork.Pos, "the choices of scene %q need %.0f px of the stage's %.0f at %s with the poll open (a %d-line question above them): the projector cuts the last ones; shorten the question, labels or keywords", sc.ID, fit.Height, fit.Budget.ChartHeight, p.Name, h.Lines)
		default:
			continue
		}
		return // one warning per fork: the narrower ratio adds nothing new
	}
}
