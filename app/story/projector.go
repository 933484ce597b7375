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
//     (min-height 150px), `.status` (min-height 56px), `.chart` (margin
//     0 64px 22px, the 1fr row), `.banner` (height 116px, padding 0 40px,
//     font-size 50px, 42px when `.long`, 40px when `.narrow` (width < 1200)).
//   - Bars.svelte `.bars`: --gap 14px, --max 124px,
//     --row: min(--max, (100cqh - (n-1)*gap)/n) with n = max(2, choices);
//     `.row` columns --row*0.82, 1fr, auto with gap --row*0.22;
//     `.value` min-width --row*2.3; `.body` gap --row*0.08;
//     `.track` height --row*0.34; `.label` font-size --row*0.3, line-height
//     1.15, flex-wrap; `.kw` font-size 0.72em (monospace keywords, nowrap).
const (
	stageHeight       = 720.0
	stageHeader       = 150.0 // min-height; a long question makes it taller
	stageStatus       = 56.0
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
	// Average advance of a character, in em: Inter at weight 650 averages
	// about 0.55em on English; 0.6 keeps the model on the cautious side.
	// JetBrains Mono is exactly 0.6em.
	sansEm = 0.6
	monoEm = 0.6
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

// Budget is the fork chart's budget at p for a fork of n choices.
func (p Projector) Budget(n int) ForkBudget {
	n = max(2, n)
	chartH := stageHeight - stageHeader - stageStatus - chartMarginBottom - stageBanner
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

// Fit models fork f on the stage at p.
func (p Projector) Fit(f *Fork) ForkFit {
	b := p.Budget(len(f.Choices))
	fit := ForkFit{Budget: b}
	lf := b.Row * labelFont
	for i, c := range f.Choices {
		ll, long := wrapLines(strings.Fields(c.Label), " ", b.LabelChars)
		limit := b.LabelChars
		h := float64(ll) * lf * lineHeight
		if len(c.Keywords) > 0 {
			// "or text a · b · c": the lead-in, then nowrap keywords.
			kws := []string{"or", "text"}
			for j, k := range c.Keywords {
				if j < len(c.Keywords)-1 {
					k += " ·"
				}
				kws = append(kws, k)
			}
			kl, kLong := wrapLines(kws, " ", b.KwChars)
			// .label wraps its two parts (flex-wrap): a one-line label and
			// one line of keywords share a line when both fit, 0.7em apart.
			one := float64(utf8.RuneCountInString(c.Label))*lf*sansEm + 0.7*lf +
				float64(utf8.RuneCountInString(strings.Join(kws, " ")))*lf*kwFont*monoEm
			if ll > 1 || kl > 1 || one > b.Body {
				h += float64(kl) * lf * kwFont * lineHeight
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

// checkProjector warns when a fork's choices would not show whole on the
// stage at 16:9 or 4:3.
func (st *parseState) checkProjector(sc *Scene) {
	if sc.Fork == nil || len(sc.Fork.Choices) == 0 {
		return
	}
	for _, p := range Projectors {
		fit := p.Fit(sc.Fork)
		switch {
		case fit.TooLong != "":
			st.d.warnf(fit.Choice.Pos, "%q is too long for a line of the stage at %s (about %d characters fit): the projector cuts it; shorten it", fit.TooLong, p.Name, fit.Limit)
		case fit.Cut():
			st.d.warnf(sc.Fork.Pos, "the choices of scene %q need %.0f px of the stage's %.0f at %s: the projector cuts the last ones; shorten labels or keywords", sc.ID, fit.Height, fit.Budget.ChartHeight, p.Name)
		default:
			continue
		}
		return // one warning per fork: the narrower ratio adds nothing new
	}
}
