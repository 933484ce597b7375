package story

//go:generate node gen_fontwidths.mjs

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// The projector model: what `check` knows about how the stage lays out a
// fork or a rating, so it can warn about text the room would not see whole.
// Every number below is read off the stage's CSS; when that CSS changes,
// change it here (frontend/e2e/budget.test.mjs fails when the two disagree).
// Text is measured with the real advance widths and kerning of the bundled
// fonts (fontwidths.go, generated in Chromium by gen_fontwidths.mjs), and
// wrapped at spaces as the browser wraps it.
//
//   - frontend/src/components/Stage.svelte: <Scaled {width} height={720}>,
//     width 1280 at 16:9 and 960 at 4:3 (a fixed logical size, scaled).
//   - ForkStage.svelte `.fork` grid rows auto auto 1fr auto: header
//     (min-height 150px), `.status` (min-height 56px, padding 6px 0 18px;
//     its `.chip` at 22px, line-height normal, padding 6px, border 1px
//     makes it 64px), `.chart` (margin 0 64px 22px, the 1fr row).
//   - ForkStage.svelte `.banner`: height 116px, padding 0 40px, gap 22px
//     (14px when `.narrow`, stage width < 1200), white-space nowrap,
//     font-size 50px, 42px when `.long` (the "1 or 2" part is over 10
//     characters), 40px when `.narrow`; weight 750, letter-spacing -0.01em;
//     `b` (the choices) weight 900; `.phone` JetBrains Mono 800,
//     letter-spacing -0.05em, word-spacing -0.2em. "Get ready to text ... to"
//     before the poll opens (the widest), "Text ... to" while it is open;
//     four or more choices (three with letters) read as a range, "1–4".
//   - Bars.svelte `.bars`: --gap 14px, --max 124px,
//     --row: min(--max, (100cqh - (n-1)*gap)/n) with n = max(2, choices);
//     `.row` columns --row*0.82, 1fr, auto with gap --row*0.22;
//     `.value` min-width --row*2.3; `.body` gap --row*0.08;
//     `.track` height --row*0.34; `.label` font-size --row*0.3, weight 650,
//     line-height 1.15, flex-wrap with column-gap 0.7em; `.kw` font-size
//     0.72em, weight 500 ("or text", the dots), its `b` JetBrains Mono 600,
//     nowrap (the keywords).
//   - The question (ForkStage.svelte `header`: columns 1fr auto): the slide's
//     text in SlideView.svelte `.compact` (padding 40px 64px 0, font-size
//     28px, gap 10px; styles/app.css `.slide-content` line-height 1.35);
//     `.compact h1` font-size 52px with app.css `.slide-content h1`
//     line-height 1.08, weight 800, letter-spacing -0.02em, margin-bottom
//     8px; `.compact h2` 42px with `h2` line-height 1.12, weight 750,
//     letter-spacing -0.015em, margin-bottom 6px; lists padding-left 1.2em,
//     `li` margin 0.18em 0.
//   - Beside it `.side` (padding 30px 56px 0 0, gap 6px): while the poll is
//     open and has a timer, the Countdown at size={124}; under it `.total`
//     (26px, weight 700, line-height normal, 1.2).
//
// CSS asks for weights 650, 750 and 850, which the bundled fonts do not
// have: the browser takes the next heavier face (700, 800, 900), and so
// does the model (gen_fontwidths.mjs --check proves the browser does).
const (
	stageHeight       = 720.0
	stageHeader       = 150.0 // min-height; a long question makes it taller
	stageStatus       = 64.0  // min-height 56, but its chip makes it 64 (see below)
	chartMarginX      = 64.0
	chartMarginBottom = 22.0
	stageBanner       = 116.0
	bannerPadX        = 40.0
	bannerGap         = 22.0
	bannerGapNarrow   = 14.0
	bannerFont        = 50.0
	bannerLong        = 42.0
	bannerNarrow      = 40.0
	narrowBelow       = 1200.0 // `.narrow` is width < 1200
	rowGap            = 14.0
	rowMax            = 124.0
	rowNum            = 0.82
	rowColGap         = 0.22
	rowValue          = 2.3
	bodyGap           = 0.08
	trackHeight       = 0.34
	labelFont         = 0.3
	labelColGap       = 0.7 // .label column-gap, em of the label
	kwFont            = 0.72
	lineHeight        = 1.15
	// A keyword line is taller than .kw's 1.15: its mono `.kw b` (JetBrains
	// Mono, taller ascent and descent) stretches the line box to 1.26em, as
	// the browser test measures.
	kwLineHeight = 1.26

	headPadTop = 40.0 // .compact padding-top
	headPadX   = 64.0 // .compact padding-left and -right
	headGap    = 10.0 // .compact gap between blocks
	bodyFont   = 28.0 // .compact font-size
	bodyLH     = 1.35 // .slide-content line-height
	h1Font     = 52.0 // .compact h1
	h1LH       = 1.08
	h1Margin   = 8.0
	h1Spacing  = -0.02
	h2Font     = 42.0 // .compact h2
	h2LH       = 1.12
	h2Margin   = 6.0
	h2Spacing  = -0.015
	listPad    = 1.2   // ul, ol padding-left, em
	liMargin   = 0.18  // li margin top and bottom, em
	sideTop    = 30.0  // .side padding-top
	sideRight  = 56.0  // .side padding-right
	sideGap    = 6.0   // .side gap
	countdown  = 124.0 // <Countdown size={124}>
	totalFont  = 26.0  // .total
	totalLH    = 1.2   // line-height normal
	// The widest vote count the model allows for beside the question.
	totalText = "999 votes"
)

// textStyle is how a run of text is set: a face, a size in px, and the
// letter- and word-spacing in em.
type textStyle struct {
	face          fontFace
	size          float64
	letter, words float64
}

// Text styles of the stage (see the CSS above).
func sansStyle(weight int, size float64) textStyle {
	return textStyle{face: interFace(weight), size: size}
}

// interFace is the Inter face the browser uses for a CSS weight: the
// bundled one, or the next heavier one for a weight between two.
func interFace(weight int) fontFace {
	switch {
	case weight <= 400:
		return faceSans400
	case weight <= 500:
		return faceSans500
	case weight <= 600:
		return faceSans600
	case weight <= 700:
		return faceSans700
	case weight <= 800:
		return faceSans800
	default:
		return faceSans900
	}
}

// monoFace is the JetBrains Mono face for a CSS weight (400, 600, 800 are
// bundled).
func monoFace(weight int) fontFace {
	switch {
	case weight <= 400:
		return faceMono400
	case weight <= 600:
		return faceMono600
	default:
		return faceMono800
	}
}

// fontFace indexes fontWidths and fontKerns.
type fontFace int

// kernPair is a kerning pair: the pair's width less its two advances, in
// 1/10000 em.
type kernPair struct {
	a, b byte
	k    int16
}

// fallbackEm is the advance the model gives a rune outside fontWidths's
// ranges (CJK, emoji...): a full em, which is as wide as such glyphs are.
const fallbackEm = 1.0

// advance is r's advance in face f, in em.
func advance(f fontFace, r rune) float64 {
	i := 0
	for _, rg := range widthRanges {
		if r >= rg[0] && r <= rg[1] {
			return float64(fontWidths[f][i+int(r-rg[0])]) / 10000
		}
		i += int(rg[1]-rg[0]) + 1
	}
	return fallbackEm
}

// kern is the kerning between a and b in face f, in em.
func kern(f fontFace, a, b rune) float64 {
	if a > 0x7e || b > 0x7e || a < 0x20 || b < 0x20 {
		return 0
	}
	ks := fontKerns[f]
	i := sort.Search(len(ks), func(i int) bool {
		return ks[i].a > byte(a) || ks[i].a == byte(a) && ks[i].b >= byte(b)
	})
	if i < len(ks) && ks[i].a == byte(a) && ks[i].b == byte(b) {
		return float64(ks[i].k) / 10000
	}
	return 0
}

// width is text's width in px set in s: advances, kerning, letter-spacing
// after every character and word-spacing on every space, as Chromium sets it.
func (s textStyle) width(text string) float64 {
	em := 0.0
	prev := rune(-1)
	for _, r := range text {
		em += advance(s.face, r) + s.letter
		if r == ' ' {
			em += s.words
		}
		if prev >= 0 {
			em += kern(s.face, prev, r)
		}
		prev = r
	}
	return em * s.size
}

// Projector is one aspect ratio the stage is checked at.
type Projector struct {
	Name  string  // "16:9"
	Width float64 // the stage's logical width in CSS pixels (height is 720)
}

// Projectors are the aspect ratios `check` measures forks, ratings and
// ordinary slides (projector_slides.go) at.
var Projectors = []Projector{{"16:9", 1280}, {"4:3", 960}}

// ForkBudget is what one fork's chart allows at one aspect ratio.
type ForkBudget struct {
	Row         float64 // the row height (--row), px
	Body        float64 // the width of a row's label and bar, px
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
	return ForkBudget{
		Row:         row,
		Body:        p.Width - 2*chartMarginX - row*(rowNum+2*rowColGap+rowValue),
		ChartHeight: chartH,
	}
}

// slack absorbs the browser's rounding of widths to 1/64 px.
const slack = 0.05

// wrap counts the lines items of the given widths (px) take when wrapped
// at limit px, spaces[i] px before item i when it shares a line, as the
// browser breaks a line at its spaces; widest is the widest line, long the
// index of the first item wider than limit (-1 for none).
func wrap(widths, spaces []float64, limit float64) (lines int, widest float64, long int) {
	long = -1
	cur := -1.0
	for i, w := range widths {
		if w > limit+slack && long < 0 {
			long = i
		}
		if cur >= 0 && cur+spaces[i]+w <= limit+slack {
			cur += spaces[i] + w
		} else {
			lines++
			cur = w
		}
		widest = max(widest, cur)
	}
	return lines, widest, long
}

// wrapText wraps text set in s at limit px: its lines, the widest line's
// width, and a word wider than limit ("" for none).
func (s textStyle) wrapText(text string, limit float64) (lines int, widest float64, long string) {
	words := strings.Fields(text)
	widths := make([]float64, len(words))
	spaces := make([]float64, len(words))
	sp := s.width(" ")
	for i, w := range words {
		widths[i], spaces[i] = s.width(w), sp
	}
	lines, widest, l := wrap(widths, spaces, limit)
	if l >= 0 {
		long = words[l]
	}
	return lines, widest, long
}

// ForkFit is the model's verdict on one fork at one aspect ratio.
type ForkFit struct {
	Height  float64 // px the rows and gaps need
	Budget  ForkBudget
	TooLong string  // a word wider than a row's line, if any
	Wide    float64 // TooLong's width, px
	Choice  *Choice
}

// Cut reports whether the stage would cut something of the fork.
func (f ForkFit) Cut() bool { return f.TooLong != "" || f.Height > f.Budget.ChartHeight+slack }

// Header is the model's verdict on a fork's question at one aspect ratio.
type Header struct {
	Height  float64 // px the header takes (at least its min-height)
	Lines   int     // lines of the first heading
	Room    float64 // px the header may take before the banner leaves the stage
	Width   float64 // px a line of the question may take
	TooLong string  // a word wider than the question's line, if any
	Wide    float64 // TooLong's width, px
}

// Cut reports whether the stage would cut the question itself.
func (h Header) Cut() bool { return h.TooLong != "" || h.Height > h.Room+slack }

// qBlock is one block of a slide's text as the header shows it.
type qBlock struct {
	style  textStyle
	lh     float64 // line-height, times the font size
	margin float64 // px below (h1, h2)
	indent float64 // px left (lists)
	items  []string
	list   bool
}

// questionBlocks reads the fork or rating slide's Markdown as the stage
// shows it in the header: headings, paragraphs and lists (the choices list
// is the chart's), their inline Markdown kept for richWords to measure.
// Code blocks, images and raw HTML are left out: their height is not known
// from the text.
func questionBlocks(md string) (blocks []qBlock) {
	var para []string
	var list []string
	flush := func() {
		if len(para) > 0 {
			blocks = append(blocks, qBlock{style: sansStyle(400, bodyFont), lh: bodyLH, items: []string{strings.Join(para, " ")}})
			para = nil
		}
		if len(list) > 0 {
			blocks = append(blocks, qBlock{style: sansStyle(400, bodyFont), lh: bodyLH, indent: listPad * bodyFont, items: list, list: true})
			list = nil
		}
	}
	fence := false
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence // code is not measured (it scrolls in its own box)
			flush()
			continue
		}
		if fence {
			continue
		}
		item, isItem := listItem(t)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "<") || strings.HasPrefix(t, "!["):
			flush() // raw HTML and images: their size is not the text's, not measured
		case strings.HasPrefix(t, "# "):
			flush()
			st := sansStyle(800, h1Font)
			st.letter = h1Spacing
			blocks = append(blocks, qBlock{style: st, lh: h1LH, margin: h1Margin, items: []string{t[2:]}})
		case strings.HasPrefix(t, "## "):
			flush()
			st := sansStyle(750, h2Font)
			st.letter = h2Spacing
			blocks = append(blocks, qBlock{style: st, lh: h2LH, margin: h2Margin, items: []string{t[3:]}})
		case choiceLine(t):
			flush()
		case isItem:
			if len(para) > 0 {
				flush()
			}
			list = append(list, item)
		case len(list) > 0:
			list[len(list)-1] += " " + t // a list item's next line
		default:
			para = append(para, t)
		}
	}
	flush()
	return blocks
}

// listItem reports whether t is a Markdown list item, and its text.
func listItem(t string) (string, bool) {
	if len(t) > 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ' {
		return t[2:], true
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' ' {
		return t[i+2:], true
	}
	return "", false
}

// choiceLine reports whether t is a fork's numbered choice ("1. ... -> x").
func choiceLine(t string) bool {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i < len(t) && t[i] == '.' && strings.Contains(t, "->")
}

// Header models the question of scene sc (its fork or rating slide's text)
// at p with the poll open: the countdown narrows it and (when the poll has
// a timer) makes the side column taller, so this is the stage's tightest
// moment.
func (p Projector) Header(sc *Scene) Header { return p.header(sc, true) }

// header models the question of scene sc at p with the poll open (the
// countdown beside it) or ready (only the vote count beside it: a wider
// question, and a lower header that leaves the chart taller rows, whose
// bigger labels may wrap where they did not with the poll open).
func (p Projector) header(sc *Scene, open bool) Header {
	total := sansStyle(700, totalFont).width(totalText)
	side := sideRight + total
	sideH := sideTop + totalFont*totalLH
	if open {
		side = sideRight + max(countdown, total)
		if sc.Vote.Timer > 0 {
			sideH += countdown + sideGap
		}
	}
	width := p.Width - side - 2*headPadX
	h := Header{Room: stageHeight - stageStatus - chartMarginBottom - stageBanner, Width: width}
	q := headPadTop
	if len(sc.Slides) > 0 {
		for i, b := range questionBlocks(sc.Slides[len(sc.Slides)-1].Markdown) {
			if i > 0 {
				q += headGap
			}
			fs := b.style.size
			for _, item := range b.items {
				// **strong** and `code` in their own faces (richWords).
				words, ws, sp := richWords(item, b.style)
				lines, _, long := wrap(ws, sp, width-b.indent)
				if long >= 0 && h.TooLong == "" {
					h.TooLong, h.Wide = words[long], ws[long]
				}
				q += float64(lines) * fs * b.lh
				if b.list {
					q += liMargin * fs
				}
				if b.style.size == h1Font && h.Lines == 0 {
					h.Lines = lines
				}
			}
			if b.list {
				q += liMargin * fs // the last item's margin below
			}
			q += b.margin
		}
	}
	h.Height = max(stageHeader, q, sideH)
	return h
}

// FitScene models fork scene sc on the stage at p with its poll open (or
// ready): the chart gets what the question leaves.
func (p Projector) FitScene(sc *Scene, open bool) (ForkFit, Header) {
	h := p.header(sc, open)
	return p.fit(sc.Fork, p.budget(len(sc.Fork.Choices), h.Height)), h
}

// Fit models fork f on the stage at p under a one-line question.
func (p Projector) Fit(f *Fork) ForkFit { return p.fit(f, p.Budget(len(f.Choices))) }

func (p Projector) fit(f *Fork, b ForkBudget) ForkFit {
	fit := ForkFit{Budget: b}
	lf := b.Row * labelFont
	label := sansStyle(650, lf)
	kwSans := sansStyle(500, lf*kwFont)
	kwMono := textStyle{face: monoFace(600), size: lf * kwFont}
	for i, c := range f.Choices {
		// Bars.svelte shows a label as written: its Markdown is not
		// rendered, so `**` and backticks are characters on the stage.
		ll, tw, long := label.wrapText(c.Label, b.Body)
		wide := label.width(long)
		h := float64(ll) * lf * lineHeight
		if len(c.Keywords) > 0 {
			// "or text a · b · c": the lead-in and the dots are Inter at
			// .kw's size, the keywords JetBrains Mono (nowrap); a line
			// breaks only at the spaces between them.
			sp := kwSans.width(" ")
			ws := []float64{kwSans.width("or"), kwSans.width("text")}
			names := []string{"or", "text"}
			for j, k := range c.Keywords {
				if j > 0 {
					ws, names = append(ws, kwSans.width("·")), append(names, "·")
				}
				ws, names = append(ws, kwMono.width(k)), append(names, k)
			}
			spaces := make([]float64, len(ws))
			full := 0.0
			for j, w := range ws {
				if j > 0 {
					spaces[j] = sp
				}
				full += spaces[j] + w
			}
			kl, _, kLong := wrap(ws, spaces, b.Body)
			// .label wraps its two parts (flex-wrap): a one-line label and
			// the keywords share a line when both fit whole, 0.7em apart.
			if ll > 1 || tw+labelColGap*lf+full > b.Body+slack {
				h += float64(kl) * lf * kwFont * kwLineHeight
			}
			if long == "" && kLong >= 0 {
				long, wide = names[kLong], ws[kLong]
			}
		}
		h += b.Row * (bodyGap + trackHeight)
		fit.Height += math.Max(b.Row, h)
		if i > 0 {
			fit.Height += rowGap
		}
		if long != "" && fit.TooLong == "" {
			fit.TooLong, fit.Wide, fit.Choice = long, wide, c
		}
	}
	if fit.Choice == nil && len(f.Choices) > 0 {
		fit.Choice = f.Choices[len(f.Choices)-1]
	}
	return fit
}

// Banner is the model's verdict on the "Text 1 or 2 to NUMBER" banner of a
// fork or rating at one aspect ratio, before the poll opens ("Get ready to
// text ..."), its widest.
type Banner struct {
	Text  string  // the banner as the stage shows it
	Width float64 // px it takes
	Room  float64 // px it may take (the stage less the banner's padding)
}

// Cut reports whether the banner is wider than its room.
func (b Banner) Cut() bool { return b.Width > b.Room+slack }

// Banner models the vote banner of scene sc at p.
func (p Projector) Banner(sc *Scene) Banner {
	what := ""
	switch {
	case sc.Rating != nil:
		what = fmt.Sprintf("%d–%d", sc.Rating.Min, sc.Rating.Max)
	case sc.Fork != nil:
		n := len(sc.Fork.Choices)
		letters := sc.Vote.Letters
		letter := func(i int) string { return string(rune('A' + i - 1)) }
		if n > 3 || letters && n > 2 { // a run reads as a range (ForkStage.svelte's `what`)
			what = fmt.Sprintf("1–%d", n)
			if letters {
				what += " or A–" + letter(n)
			}
		} else {
			nums, lets := make([]string, n), make([]string, n)
			for i := range n {
				nums[i], lets[i] = fmt.Sprint(i+1), letter(i+1)
			}
			what = orList(nums)
			if letters {
				what += " (" + orList(lets) + ")"
			}
		}
	}
	size, gap := bannerFont, bannerGap
	if utf8.RuneCountInString(what) > 10 {
		size = bannerLong
	}
	if p.Width < narrowBelow {
		size, gap = bannerNarrow, bannerGapNarrow
	}
	plain := sansStyle(750, size)
	plain.letter = -0.01
	bold := sansStyle(900, size)
	bold.letter = -0.01
	phone := textStyle{face: monoFace(800), size: size, letter: -0.05, words: -0.2}
	const lead = "Get ready to text "
	w := plain.width(lead) + bold.width(what) + plain.width(" to") + gap + phone.width(sc.Vote.Number)
	return Banner{Text: lead + what + " to " + sc.Vote.Number, Width: w, Room: p.Width - 2*bannerPadX}
}

// orList is the stage's choiceList: "1", "1 or 2", "1, 2 or 3".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// checkProjector warns when a fork's or rating's question, choices or
// banner, or an ordinary slide of any scene (checkSlides), would not show
// whole on the stage at 16:9 or 4:3.
func (st *parseState) checkProjector(sc *Scene) {
	st.checkSlides(sc)
	var pos Pos
	switch {
	case sc.Fork != nil && len(sc.Fork.Choices) > 0:
		pos = sc.Fork.Pos
	case sc.Rating != nil:
		pos = sc.Rating.Pos
	default:
		return
	}
ratios:
	for _, p := range Projectors {
		for _, open := range []bool{true, false} {
			when := "with the poll open"
			if !open {
				when = "before the poll opens"
			}
			h := p.header(sc, open)
			var fit ForkFit
			if sc.Fork != nil {
				fit = p.fit(sc.Fork, p.budget(len(sc.Fork.Choices), h.Height))
			}
			switch {
			case h.TooLong != "":
				st.d.warnf(pos, "the question of scene %q has %q, too long for a line of the stage at %s %s (%.0f px wide, %.0f fit): the projector cuts it; shorten it", sc.ID, h.TooLong, p.Name, when, h.Wide, h.Width)
			case h.Cut():
				st.d.warnf(pos, "the question of scene %q needs %.0f px of the stage's %.0f at %s %s: the projector cuts it and the choices; shorten the question", sc.ID, h.Height, h.Room, p.Name, when)
			case sc.Fork == nil:
				continue
			case fit.TooLong != "":
				st.d.warnf(fit.Choice.Pos, "%q is too long for a line of the stage at %s (%.0f px wide, %.0f fit): the projector cuts it; shorten it", fit.TooLong, p.Name, fit.Wide, fit.Budget.Body)
			case fit.Cut():
				st.d.warnf(pos, "the choices of scene %q need %.0f px of the stage's %.0f at %s %s (a %d-line question above them): the projector cuts the last ones; shorten the question, labels or keywords", sc.ID, fit.Height, fit.Budget.ChartHeight, p.Name, when, h.Lines)
			default:
				continue
			}
			break ratios // one warning for the question and choices: the narrower ratio adds nothing new
		}
	}
	for _, p := range Projectors {
		if b := p.Banner(sc); b.Cut() {
			st.d.warnf(pos, "the banner of scene %q (%q) needs %.0f px of the stage's %.0f at %s: the projector cuts it; shorten the phone number", sc.ID, b.Text, b.Width, b.Room, p.Name)
			break
		}
	}
}
