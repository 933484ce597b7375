package story

import (
	"strings"
	"unicode/utf8"
)

// The projector model of an ordinary slide (not a fork's or rating's, which
// projector.go models): SlideView.svelte's `.slide-content` on the stage's
// logical canvas (1280×720 at 16:9, 960×720 at 4:3), as
// frontend/src/styles/slides.css sets it:
//
//   - `.slide-content`: padding 64px 88px, a flex column with gap 18px,
//     justify-content center, font-size 34px, line-height 1.35, overflow
//     hidden. Text taller than the box less its padding spills into the
//     padding above and below alike, then off the canvas: the model's room
//     is that box, 720 - 2×64 = 592 px tall, width - 2×88 wide.
//   - h1 68px, line-height 1.08, weight 800, letter-spacing -0.02em, 8px
//     below; h2 50px, 1.12, weight 750, -0.015em, 6px below; h3 38px,
//     weight 700, the slide's line-height, no margin. Deeper headings keep
//     the browser's margins and are not measured (see below).
//   - p margin 0; ul, ol padding-left 1.2em; li margin 0.18em 0 (siblings'
//     margins collapse, a nested list's items count as the list's: a list
//     of n items, nested ones included, adds n+1 margins).
//   - blockquote padding-left 24px, border-left 6px; its paragraphs have no
//     margin, so no gap between them.
//   - pre: padding 20px 26px, border 1px, font-size 24px (JetBrains Mono),
//     line-height 1.45, overflow hidden, no wrap: a code line wider than the
//     box less 54px is cut at the right.
//   - strong weight 750 (the 800 face); inline code JetBrains Mono at
//     0.86em with padding 0.3em a side.
//
// Images, tables, raw HTML and headings below h3 are not measured: an
// image's height depends on its pixel size and the box it is scaled into
// (max-height 460px, object-fit contain) and a table's on its column
// layout. The model then counts only the slide's text, a lower bound: a
// warning is still certain, but a slide with an image may be cut with no
// warning.
const (
	slidePadY     = 64.0
	slidePadX     = 88.0
	slideGap      = 18.0
	slideFont     = 34.0
	slideLH       = 1.35
	slideH1       = 68.0
	slideH2       = 50.0
	slideH3       = 38.0
	quoteIndent   = 24.0 + 6.0 // blockquote padding-left and border
	preFont       = 24.0
	preLH         = 1.45
	prePadY       = 20.0
	prePadX       = 26.0
	preBorder     = 1.0
	codeInline    = 0.86 // inline code, em of the text
	codeInlinePad = 0.3  // inline code padding-left and -right, em of the code
	tabSize       = 8
)

// SlideFit is the model's verdict on one ordinary slide at one aspect ratio.
type SlideFit struct {
	Height   float64 // px the slide's text needs
	Room     float64 // px the slide's box allows (less its padding)
	Width    float64 // px a line of text may take
	TooLong  string  // a word or code line wider than its box, if any
	Wide     float64 // TooLong's width, px
	Room2    float64 // the box TooLong had, px
	Partial  bool    // the slide has images, tables or HTML the model does not measure
	CodeLine bool    // TooLong is a line of code (cut at the right)
}

// Cut reports whether the stage would cut something of the slide.
func (f SlideFit) Cut() bool { return f.TooLong != "" || f.Height > f.Room+slack }

// sBlock is one block of an ordinary slide.
type sBlock struct {
	kind   byte // 'h' heading, 'p' paragraph, 'l' list, 'q' quote, 'c' code
	level  int  // heading level
	lines  []string
	depths []int // list items: nesting depth, from 1
}

// slideBlocks reads an ordinary slide's Markdown into the blocks the stage
// lays out in its column. partial reports content the model skips.
func slideBlocks(md string) (blocks []sBlock, partial bool) {
	var cur *sBlock
	var indents []int    // the list's open item indents
	var parts [][]string // the lines of cur's items, joined at flush (joining as they come is quadratic)
	flush := func() {
		if cur != nil && cur.kind != 'c' {
			cur.lines = make([]string, len(parts))
			for i, p := range parts {
				cur.lines[i] = strings.Join(p, " ")
			}
		}
		parts = nil
		if cur != nil && (len(cur.lines) > 0 || cur.kind == 'c') { // an empty code block still has its box
			blocks = append(blocks, *cur)
		}
		cur = nil
		indents = nil
	}
	start := func(kind byte) {
		flush()
		cur = &sBlock{kind: kind}
	}
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
				flush()
				continue
			}
			cur.lines = append(cur.lines, line)
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			start('c')
			n := len(t) - len(strings.TrimLeft(t, t[:1]))
			fence = t[:n]
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		item, isItem := listItem(t)
		switch {
		case t == "":
			if cur != nil && cur.kind != 'l' {
				flush()
			}
		case strings.HasPrefix(t, "<") || strings.HasPrefix(t, "!["), strings.HasPrefix(t, "|"):
			flush()
			partial = true
		case strings.HasPrefix(t, "#"):
			level := len(t) - len(strings.TrimLeft(t, "#"))
			if level > 6 || len(t) > level && t[level] != ' ' {
				goto para
			}
			flush()
			if level > 3 {
				partial = true
				continue
			}
			blocks = append(blocks, sBlock{kind: 'h', level: level, lines: []string{strings.TrimSpace(t[level:])}})
		case strings.HasPrefix(t, ">"):
			if cur == nil || cur.kind != 'q' {
				start('q')
				parts = append(parts, nil)
			}
			q := strings.TrimSpace(strings.TrimPrefix(t, ">"))
			if q == "" {
				parts = append(parts, nil) // a new paragraph in the quote
			} else {
				parts[len(parts)-1] = append(parts[len(parts)-1], q)
			}
		case isItem:
			if cur == nil || cur.kind != 'l' {
				start('l')
			}
			for len(indents) > 0 && indent < indents[len(indents)-1]+2 {
				indents = indents[:len(indents)-1]
			}
			if len(indents) == 0 || indent >= indents[len(indents)-1]+2 {
				indents = append(indents, indent)
			}
			parts = append(parts, []string{item})
			cur.depths = append(cur.depths, len(indents))
		case cur != nil && (cur.kind == 'l' || cur.kind == 'q' || cur.kind == 'p') && len(parts) > 0:
			// a continuation line (lazy or indented) joins the open text
			parts[len(parts)-1] = append(parts[len(parts)-1], t)
		default:
			goto para
		}
		continue
	para:
		start('p')
		parts = append(parts, []string{t})
	}
	flush()
	// drop empty quote paragraphs
	for i := range blocks {
		if blocks[i].kind == 'q' {
			var ls []string
			for _, l := range blocks[i].lines {
				if l != "" {
					ls = append(ls, l)
				}
			}
			blocks[i].lines = ls
		}
	}
	return blocks, partial
}

// richWords splits a line of inline Markdown into words and measures each
// as the stage sets it in s: `**strong**` in the heavier face, `code` in
// JetBrains Mono at 0.86em with its padding, a link's target left out.
// spaces[i] is the space before word i.
func richWords(text string, s textStyle) (words []string, widths, spaces []float64) {
	text = dropLinkTargets(text)
	bold := s
	bold.face = interFace(800)
	code := textStyle{face: monoFace(400), size: s.size * codeInline}
	pad := codeInlinePad * code.size
	strong, inCode := false, false
	var word strings.Builder
	w, space := 0.0, 0.0
	style := func() textStyle {
		switch {
		case inCode:
			return code
		case strong:
			return bold
		}
		return s
	}
	prev := rune(-1)
	end := func(next float64) {
		if word.Len() > 0 {
			words, widths, spaces = append(words, word.String()), append(widths, w), append(spaces, space)
			word.Reset()
			w = 0
		}
		space = next
		prev = -1
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '`':
			inCode = !inCode
			w += pad
			prev = -1
		case !inCode && strings.HasPrefix(text[i:], "**"):
			strong = !strong
			n = 2
		case !inCode && r == '*':
			// emphasis: a colour, the same widths
		case r == ' ' || r == '\t':
			end(style().width(" "))
		default:
			st := style()
			w += st.width(string(r))
			if prev >= 0 {
				w += kern(st.face, prev, r) * st.size
			}
			word.WriteRune(r)
			prev = r
		}
		i += n
	}
	end(0)
	return words, widths, spaces
}

// dropLinkTargets turns "[text](url)" into "text", in one pass.
func dropLinkTargets(text string) string {
	last := strings.LastIndex(text, "](")
	if last < 0 {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '[' && i < last:
			continue
		case c == ']' && i+1 < len(text) && text[i+1] == '(':
			if j := strings.IndexByte(text[i:], ')'); j > 0 {
				i += j
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// expandTabs expands a code line's tabs to the stage's tab stops.
func expandTabs(line string) string {
	if !strings.Contains(line, "\t") {
		return line
	}
	var b strings.Builder
	col := 0
	for _, r := range line {
		if r == '\t' {
			n := tabSize - col%tabSize
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// FitSlide models the ordinary slide md on the stage at p.
func (p Projector) FitSlide(md string) SlideFit {
	fit := SlideFit{Room: stageHeight - 2*slidePadY, Width: p.Width - 2*slidePadX}
	blocks, partial := slideBlocks(md)
	fit.Partial = partial
	long := func(word string, w, room float64, code bool) {
		if fit.TooLong == "" && w > room+slack {
			fit.TooLong, fit.Wide, fit.Room2, fit.CodeLine = word, w, room, code
		}
	}
	text := func(line string, s textStyle, room float64) int {
		words, ws, sp := richWords(line, s)
		lines, _, l := wrap(ws, sp, room)
		if l >= 0 {
			long(words[l], ws[l], room, false)
		}
		return lines
	}
	for i, b := range blocks {
		if i > 0 {
			fit.Height += slideGap
		}
		switch b.kind {
		case 'h':
			var s textStyle
			var lh, margin float64
			switch b.level {
			case 1:
				s, lh, margin = sansStyle(800, slideH1), h1LH, h1Margin
				s.letter = h1Spacing
			case 2:
				s, lh, margin = sansStyle(750, slideH2), h2LH, h2Margin
				s.letter = h2Spacing
			default:
				s, lh = sansStyle(700, slideH3), slideLH
			}
			fit.Height += float64(text(b.lines[0], s, fit.Width))*s.size*lh + margin
		case 'p':
			fit.Height += float64(text(b.lines[0], sansStyle(400, slideFont), fit.Width)) * slideFont * slideLH
		case 'q':
			for _, l := range b.lines {
				fit.Height += float64(text(l, sansStyle(400, slideFont), fit.Width-quoteIndent)) * slideFont * slideLH
			}
		case 'l':
			for j, l := range b.lines {
				room := fit.Width - float64(b.depths[j])*listPad*slideFont
				fit.Height += float64(text(l, sansStyle(400, slideFont), room))*slideFont*slideLH + liMargin*slideFont
			}
			fit.Height += liMargin * slideFont
		case 'c':
			mono := textStyle{face: monoFace(400), size: preFont}
			room := fit.Width - 2*prePadX - 2*preBorder
			for _, l := range b.lines {
				l = expandTabs(l)
				long(strings.TrimSpace(l), mono.width(l), room, true)
			}
			fit.Height += float64(max(1, len(b.lines)))*preFont*preLH + 2*prePadY + 2*preBorder
		}
	}
	return fit
}

// checkSlides warns when an ordinary slide of scene sc (every slide but a
// fork's or rating's own, which checkProjector models) would not show whole
// on the stage: once per slide and aspect ratio that cuts it.
func (st *parseState) checkSlides(sc *Scene) {
	for i, sl := range sc.Slides {
		if i == len(sc.Slides)-1 && (sc.Fork != nil && len(sc.Fork.Choices) > 0 || sc.Rating != nil) {
			break
		}
		for _, p := range Projectors {
			f := p.FitSlide(sl.Markdown)
			switch {
			case f.TooLong != "" && f.CodeLine:
				st.d.warnf(sl.Pos, "slide %d of scene %q has a code line %.0f px wide where %.0f fit on the stage at %s (%q): the projector cuts it at the right; shorten or break the line", i+1, sc.ID, f.Wide, f.Room2, p.Name, clip(f.TooLong, 40))
			case f.TooLong != "":
				st.d.warnf(sl.Pos, "slide %d of scene %q has %q, too long for a line of the stage at %s (%.0f px wide, %.0f fit): the projector cuts it; shorten it", i+1, sc.ID, f.TooLong, p.Name, f.Wide, f.Room2)
			case f.Cut():
				st.d.warnf(sl.Pos, "slide %d of scene %q needs %.0f px of the stage's %.0f at %s: the projector cuts it; split the slide or shorten it", i+1, sc.ID, f.Height, f.Room, p.Name)
			}
		}
	}
}
