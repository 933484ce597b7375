package story

import (
	"fmt"
	"regexp"
	"strconv"
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
//     is that box, 720 - 2×64 = 592 px tall, width - 2×88 wide. A flex
//     item's margins never collapse; the first block has no top margin.
//   - h1 68px, line-height 1.08, weight 800, letter-spacing -0.02em, 8px
//     below; h2 50px, 1.12, weight 750, -0.015em, 6px below; h3 38px,
//     weight 700, the slide's line-height, no margin. h4 to h6 keep
//     Chromium's defaults: weight 700, 1em, 0.83em and 0.67em, margins
//     1.33em, 1.67em and 2.33em of their own size above and below.
//   - p margin 0; ul, ol padding-left 1.2em; li margin 0.18em 0 (siblings'
//     margins collapse, a nested list's items count as the list's: a list
//     of n items, nested ones included, adds n+1 margins). A task item's
//     checkbox is 13px with margins 3px 3px 3px 4px: 20px wide.
//   - blockquote padding-left 24px, border-left 6px; its paragraphs have no
//     margin, so no gap between them.
//   - pre: padding 20px 26px, border 1px, font-size 24px (JetBrains Mono),
//     line-height 1.45, overflow hidden, no wrap: a code line wider than the
//     box less 54px is cut at the right. Indented code is a pre too.
//   - hr (`***`, `___`): 2px with Chromium's 0.5em margins.
//   - strong weight 750 (the 800 face); inline code JetBrains Mono at
//     0.86em with padding 0.3em a side, in the weight and letter-spacing
//     of the text around it.
//   - img: max-width 100% of its line, max-height 460px, the ratio kept
//     (projector_images.go), on the line's baseline.
//   - table: border-collapse, font-size 28px (the slide's line-height);
//     th, td padding 8px 16px and a 1px border below; th bold (700).
//     Chromium's automatic table layout: a column is at least its widest
//     word and at most its longest cell unwrapped (plus the padding); when
//     the columns' widest do not fit the line, each gets its least plus a
//     share of the rest in proportion to its (most - least), and its cells
//     wrap at that; when even the least do not fit, the table runs past
//     the slide at the right. A row is its tallest cell plus 16px, and the
//     collapsed borders add 1px below each row.
//
// Raw HTML (but for comments, which show nothing) is not measured: a slide
// with it, or with an image whose size cannot be read, gets one warning
// that says so. The model then counts the rest, a lower bound: a warning
// that it is cut is still certain.
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
	checkboxW     = 13.0 + 3 + 4 // a task item's checkbox and its side margins
	hrHeight      = 2.0          // Chromium's hr: a 1px border above and below
	hrMargin      = 0.5          // em, above and below
	tableFont     = 28.0
	cellPadX      = 16.0
	cellPadY      = 8.0
	cellBorder    = 1.0
)

// deepHeadings are Chromium's h4, h5 and h6: font-size and margin, in em.
var deepHeadings = [3]struct{ size, margin float64 }{{1, 1.33}, {0.83, 1.67}, {0.67, 2.33}}

// SlideFit is the model's verdict on one ordinary slide at one aspect ratio.
type SlideFit struct {
	Height   float64 // px the slide's blocks need
	Room     float64 // px the slide's box allows (less its padding)
	Width    float64 // px a line of text may take
	TooLong  string  // a word, code line or table wider than its box, if any
	Wide     float64 // TooLong's width, px
	Room2    float64 // the box TooLong had, px
	Partial  bool    // the slide has raw HTML or images the model does not measure
	CodeLine bool    // TooLong is a line of code (cut at the right)
	Table    bool    // TooLong is a table (cut at the right)
	// Unmeasured says what the model could not measure ("raw HTML
	// (<video …>)", `image "x.webp": ...`), one entry per kind and file.
	Unmeasured []string
}

// Cut reports whether the stage would cut something of the slide.
func (f SlideFit) Cut() bool { return f.TooLong != "" || f.Height > f.Room+slack }

// sBlock is one block of an ordinary slide.
type sBlock struct {
	kind   byte // 'h' heading, 'p' paragraph, 'l' list, 'q' quote, 'c' code, 't' table, 'r' rule, 'i' a raw <img> alone
	level  int  // heading level
	lines  []string
	depths []int      // list items: nesting depth, from 1
	rows   [][]string // table: the header row, then the body rows, cell by cell
}

var (
	// htmlTagNameRE reads the tag name a line of raw HTML starts with.
	htmlTagNameRE = regexp.MustCompile(`^</?([A-Za-z][A-Za-z0-9-]*)(\s|/?>|$)`)
	// loneImgRE is a line that is one <img> tag and nothing else.
	loneImgRE = regexp.MustCompile(`(?i)^<img\b[^<>]*>$`)
	// imgAttrRE reads an <img>'s width or height attribute, in px.
	imgAttrRE = regexp.MustCompile(`(?i)\s(width|height)\s*=\s*["']?\s*([0-9]+(?:\.[0-9]+)?)(?:px)?\s*["']?`)
	// tableDelimRE is a GFM table's delimiter row.
	tableDelimRE = regexp.MustCompile(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$`)
	// ruleRE is a thematic break (`---` ends the slide instead).
	ruleRE = regexp.MustCompile(`^([*_])(\s*[*_]){2,}\s*$`)
	// inlineTagRE is an inline HTML tag.
	inlineTagRE = regexp.MustCompile(`^</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>`)
)

// htmlBlockNames are the tags that start a raw HTML block anywhere
// (CommonMark's kinds 1 and 6); any other tag does so only alone on its
// line (kind 7), and never inside a paragraph.
var htmlBlockNames = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`pre script style textarea address article aside base basefont blockquote body
		caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form
		frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav
		noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr
		track ul`) {
		htmlBlockNames[n] = true
	}
}

// htmlBlockStart reports whether the line t starts a raw HTML block when
// it follows a paragraph (inPara) or not. An autolink (<https://...>) is
// not one.
func htmlBlockStart(t string, inPara bool) bool {
	if strings.HasPrefix(t, "<!") || strings.HasPrefix(t, "<?") {
		return len(t) > 2 && (t[2] == '-' || t[2] == '[' || t[1] == '?' || t[2] >= 'A' && t[2] <= 'Z' || t[2] >= 'a' && t[2] <= 'z')
	}
	m := htmlTagNameRE.FindStringSubmatch(t)
	if m == nil {
		return false
	}
	if htmlBlockNames[strings.ToLower(m[1])] {
		return true
	}
	return !inPara && inlineTagRE.FindString(t) == t
}

// tableCells splits a GFM table row into its cells (a "\|" is no divider).
func tableCells(t string) []string {
	t = strings.TrimSpace(t)
	t = strings.TrimPrefix(t, "|")
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, "\\|") {
		t = t[:len(t)-1]
	}
	var cells []string
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		switch {
		case t[i] == '\\' && i+1 < len(t) && t[i+1] == '|':
			b.WriteByte('|')
			i++
		case t[i] == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(t[i])
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}

// slideBlocks reads an ordinary slide's Markdown into the blocks the stage
// lays out in its column; html lists its raw HTML blocks (their first
// lines), which the model does not measure.
func slideBlocks(md string) (blocks []sBlock, html []string) {
	var cur *sBlock
	var indents []int    // the list's open item indents
	var parts [][]string // the lines of cur's items, joined at flush (joining as they come is quadratic)
	indented := false    // cur is indented code
	blank := 0           // blank lines inside indented code, kept if more code follows
	flush := func() {
		if cur != nil && cur.kind != 'c' && cur.kind != 't' {
			cur.lines = make([]string, len(parts))
			for i, p := range parts {
				cur.lines[i] = strings.Join(p, " ")
			}
		}
		parts = nil
		if cur != nil && (len(cur.lines) > 0 || cur.kind == 'c' || cur.kind == 't') { // an empty code block still has its box
			blocks = append(blocks, *cur)
		}
		cur = nil
		indents = nil
		indented = false
		blank = 0
	}
	start := func(kind byte) {
		flush()
		cur = &sBlock{kind: kind}
	}
	fence := ""
	htmlEnd := "" // inside a raw HTML block: what ends it ("" a blank line)
	inHTML := false
	src := strings.Split(md, "\n")
	for n := 0; n < len(src); n++ {
		line := src[n]
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
		if inHTML {
			if htmlEnd == "" && t == "" || htmlEnd != "" && strings.Contains(line, htmlEnd) {
				inHTML = false
			}
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if indented && (t == "" || indent >= 4) {
			if t == "" {
				blank++
				continue
			}
			for ; blank > 0; blank-- {
				cur.lines = append(cur.lines, "")
			}
			cur.lines = append(cur.lines, strings.TrimPrefix(expandTabs(line), "    "))
			continue
		}
		if cur != nil && cur.kind == 't' {
			if t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, ">") && !strings.HasPrefix(t, "```") && !strings.HasPrefix(t, "~~~") {
				cur.rows = append(cur.rows, tableCells(t))
				continue
			}
			flush()
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			start('c')
			n := len(t) - len(strings.TrimLeft(t, t[:1]))
			fence = t[:n]
			continue
		}
		if t != "" && indent >= 4 && cur == nil {
			start('c')
			indented = true
			cur.lines = append(cur.lines, strings.TrimPrefix(expandTabs(line), "    "))
			continue
		}
		item, isItem := listItem(t)
		switch {
		case t == "":
			if cur != nil && cur.kind != 'l' {
				flush()
			}
		case indent < 4 && loneImgRE.MatchString(t) && (cur == nil || cur.kind != 'p') && (n+1 == len(src) || strings.TrimSpace(src[n+1]) == ""):
			// an <img> alone: a flex item of the slide, not on a line
			flush()
			blocks = append(blocks, sBlock{kind: 'i', lines: []string{t}})
		case indent < 4 && htmlBlockStart(t, cur != nil && cur.kind == 'p'):
			flush()
			inHTML = true
			htmlEnd = ""
			switch {
			case strings.HasPrefix(t, "<!--"):
				htmlEnd = "-->" // a comment shows nothing: not a block the stage lays out
				if strings.Contains(t[4:], "-->") {
					inHTML = false
				}
				continue
			}
			html = append(html, t)
		case strings.Contains(t, "|") && n+1 < len(src) && tableDelimRE.MatchString(strings.TrimSpace(src[n+1])) &&
			len(tableCells(t)) == len(tableCells(src[n+1])) && (cur == nil || cur.kind == 'p'):
			start('t')
			cur.rows = [][]string{tableCells(t)}
			n++ // the delimiter row
		case indent < 4 && ruleRE.MatchString(t):
			flush()
			blocks = append(blocks, sBlock{kind: 'r'})
		case strings.HasPrefix(t, "#"):
			level := len(t) - len(strings.TrimLeft(t, "#"))
			if level > 6 || len(t) > level && t[level] != ' ' {
				goto para
			}
			flush()
			blocks = append(blocks, sBlock{kind: 'h', level: level, lines: []string{strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t[level:]), "#"))}})
		case cur != nil && cur.kind == 'p' && strings.Trim(t, "=") == "":
			// a setext heading: the paragraph above is an h1
			cur.kind, cur.level = 'h', 1
			flush()
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
	return blocks, html
}

// inlineItem is one word of a line of inline Markdown as the stage sets
// it, or one image.
type inlineItem struct {
	word  string
	w     float64 // px
	h     float64 // an image's height above the baseline, px (0 for text)
	space float64 // the space before it when it shares a line, px
}

// richWords splits a line of inline Markdown into words and measures each
// as the stage sets it in s: `**strong**` in the heavier face, `code` in
// JetBrains Mono at 0.86em with its padding, a link's target left out.
// spaces[i] is the space before word i. Images and inline HTML count as
// text here (see slideModel.items for the slide model, which sizes them).
func richWords(text string, s textStyle) (words []string, widths, spaces []float64) {
	for _, it := range (&slideModel{}).items(text, s, 0) {
		words, widths, spaces = append(words, it.word), append(widths, it.w), append(spaces, it.space)
	}
	return words, widths, spaces
}

// faceWeight is the CSS weight of a face.
func faceWeight(f fontFace) int {
	switch f {
	case faceSans500:
		return 500
	case faceSans600, faceMono600:
		return 600
	case faceSans700:
		return 700
	case faceSans800, faceMono800:
		return 800
	case faceSans900:
		return 900
	}
	return 400
}

// items splits a line of inline Markdown set in s on a line room px wide
// into the words and images the stage lays out. With m.images set, an
// image is sized from its file; inline HTML tags take no width and are
// noted as unmeasured.
func (m *slideModel) items(text string, s textStyle, room float64) []inlineItem {
	var imgs []string // the images' Markdown, each left in text as an objectMark
	if m.images != nil && strings.Contains(text, "![") {
		text, imgs = cutImages(text)
	}
	text = dropLinkTargets(text)
	bold := s
	bold.face = interFace(max(faceWeight(s.face), 750))
	// Inline code inherits the weight and the letter-spacing (in px) of
	// the text around it.
	codeOf := func(t textStyle) textStyle {
		c := textStyle{face: monoFace(faceWeight(t.face)), size: t.size * codeInline}
		c.letter = t.letter / codeInline
		return c
	}
	strong, inCode := false, false
	var out []inlineItem
	var word strings.Builder
	w, space := 0.0, 0.0
	style := func() textStyle {
		switch {
		case inCode && strong:
			return codeOf(bold)
		case inCode:
			return codeOf(s)
		case strong:
			return bold
		}
		return s
	}
	prev := rune(-1)
	end := func(next float64) {
		if word.Len() > 0 {
			out = append(out, inlineItem{word: word.String(), w: w, space: space})
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
			w += codeInlinePad * s.size * codeInline
			prev = -1
		case r == objectMark && len(imgs) > 0:
			img := m.image(imgs[0], room)
			imgs = imgs[1:]
			sp := space
			end(0)
			out = append(out, inlineItem{word: "(image)", w: img[0], h: img[1], space: sp})
		case !inCode && r == '<' && m.images != nil && inlineTagRE.MatchString(text[i:]):
			tag := inlineTagRE.FindString(text[i:])
			n = len(tag)
			if img, ok := m.htmlImage(tag, room); ok {
				sp := space
				end(0)
				out = append(out, inlineItem{word: "(image)", w: img[0], h: img[1], space: sp})
				break
			}
			m.rawHTML(tag)
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
	return out
}

// objectMark stands for an image in a line of text while it is measured.
const objectMark = '\uFFFC'

// cutImages replaces each Markdown image ("![alt](dest "title")") of text
// with an objectMark and returns them, in one pass.
func cutImages(text string) (string, []string) {
	var b strings.Builder
	var imgs []string
	for {
		i := strings.Index(text, "![")
		if i < 0 {
			break
		}
		mid := strings.Index(text[i:], "](")
		if mid < 0 {
			break
		}
		end := strings.IndexByte(text[i+mid:], ')')
		if end < 0 {
			break
		}
		end += i + mid + 1
		b.WriteString(text[:i])
		b.WriteRune(objectMark)
		imgs = append(imgs, text[i:end])
		text = text[end:]
	}
	b.WriteString(text)
	return b.String(), imgs
}

// image sizes the Markdown image md ("![alt](dest "title")") on a line
// room px wide: its width and height. An image the model cannot size
// takes no room; it is noted unless the asset checks already report it.
func (m *slideModel) image(md string, room float64) [2]float64 {
	mid := strings.Index(md, "](")
	dest := strings.TrimSpace(strings.TrimSuffix(md[mid+2:], ")"))
	if f := strings.Fields(dest); len(f) > 0 {
		dest = f[0]
	}
	dest = strings.TrimSuffix(strings.TrimPrefix(dest, "<"), ">")
	box, state, why := m.images.lookup(dest)
	switch state {
	case imageKnown:
		w, h := box.size(room)
		return [2]float64{w, h}
	case imageUnmeasured:
		m.unmeasured(fmt.Sprintf("image %q (%s)", dest, why))
	}
	return [2]float64{}
}

// htmlImage sizes the raw <img> tag on a line room px wide as the stage
// does: its width and height attributes (in px) over the file's own size,
// the ratio kept when only one is given, then the same max-width and
// max-height as a Markdown image. ok is false for any other tag, or an
// image whose src the model cannot read (rawHTML notes it).
func (m *slideModel) htmlImage(tag string, room float64) (size [2]float64, ok bool) {
	sub := imgSrcRE.FindStringSubmatch(tag)
	if sub == nil {
		return size, false
	}
	box, state, _ := m.images.lookup(htmlUnescape(strings.Trim(sub[1], `"'`)))
	switch state {
	case imageReported:
		return size, true // the asset checks report it; it takes no room
	case imageUnmeasured:
		return size, false
	}
	var aw, ah float64
	for _, a := range imgAttrRE.FindAllStringSubmatch(tag, -1) {
		v, _ := strconv.ParseFloat(a[2], 64)
		if strings.EqualFold(a[1], "width") {
			aw = v
		} else {
			ah = v
		}
	}
	ratio := box.ratio
	if box.w > 0 && box.h > 0 {
		ratio = box.w / box.h
	}
	switch {
	case aw > 0 && ah > 0:
		box = imageBox{w: aw, h: ah}
	case aw > 0 && ratio > 0:
		box = imageBox{w: aw, h: aw / ratio}
	case ah > 0 && ratio > 0:
		box = imageBox{w: ah * ratio, h: ah}
	}
	w, h := box.size(room)
	return [2]float64{w, h}, true
}

// imgSrcRE is the src of a raw <img> tag.
var imgSrcRE = regexp.MustCompile(`(?i)^<img\b[^>]*?\ssrc\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)

// rawHTML notes the raw HTML tag (or block) h, which the model does not
// measure; one note per slide says so. An <img> whose file the asset
// checks already report (missing, remote, outside the folder) adds
// nothing: that report is the problem to fix first.
func (m *slideModel) rawHTML(h string) {
	if sub := imgSrcRE.FindStringSubmatch(h); sub != nil {
		src := strings.Trim(sub[1], `"'`)
		if _, state, _ := m.images.lookup(htmlUnescape(src)); state == imageReported {
			return
		}
	}
	for _, u := range m.fit.Unmeasured {
		if strings.HasPrefix(u, "raw HTML") {
			return
		}
	}
	m.unmeasured("raw HTML (" + clip(h, 24) + ")")
}

// unmeasured notes what the model left out, once.
func (m *slideModel) unmeasured(what string) {
	for _, u := range m.fit.Unmeasured {
		if u == what {
			return
		}
	}
	m.fit.Unmeasured = append(m.fit.Unmeasured, what)
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

// slideModel lays out one ordinary slide at one aspect ratio.
type slideModel struct {
	fit    SlideFit
	images *imageSizes // the story's images; nil when they are not measured (richWords)
}

// FitSlide models the ordinary slide md on the stage at p. Its images are
// not sized (no folder to read them from): see fitSlide.
func (p Projector) FitSlide(md string) SlideFit { return p.fitSlide(md, &imageSizes{}) }

// fitSlide models the ordinary slide md on the stage at p, its images
// read through images.
func (p Projector) fitSlide(md string, images *imageSizes) SlideFit {
	m := &slideModel{images: images}
	m.fit = SlideFit{Room: stageHeight - 2*slidePadY, Width: p.Width - 2*slidePadX}
	fit := &m.fit
	blocks, html := slideBlocks(md)
	for _, h := range html {
		m.rawHTML(h)
	}
	long := func(word string, w, room float64, code bool) {
		if fit.TooLong == "" && w > room+slack {
			fit.TooLong, fit.Wide, fit.Room2, fit.CodeLine = word, w, room, code
		}
	}
	// text lays out a line of inline Markdown in s at line-height lh on a
	// line room px wide: its height.
	text := func(line string, s textStyle, lh, room float64, task bool) float64 {
		its := m.items(line, s, room)
		if task && len(its) > 0 && (its[0].word == "[" || its[0].word == "[x]" || its[0].word == "[X]") {
			its[0].w = checkboxW // the checkbox that "[ ]" or "[x]" becomes
			if its[0].word == "[" && len(its) > 1 && its[1].word == "]" {
				its = append(its[:1], its[2:]...)
			}
		}
		h, l := layout(its, s, lh, room)
		if l >= 0 {
			long(its[l].word, its[l].w, room, false)
		}
		return h
	}
	for i, b := range blocks {
		if i > 0 {
			fit.Height += slideGap
		}
		switch b.kind {
		case 'h':
			var s textStyle
			lh, above, below := slideLH, 0.0, 0.0
			switch b.level {
			case 1:
				s, lh, below = sansStyle(800, slideH1), h1LH, h1Margin
				s.letter = h1Spacing
			case 2:
				s, lh, below = sansStyle(750, slideH2), h2LH, h2Margin
				s.letter = h2Spacing
			case 3:
				s = sansStyle(700, slideH3)
			default:
				d := deepHeadings[b.level-4]
				s = sansStyle(700, slideFont*d.size)
				above, below = d.margin*s.size, d.margin*s.size
			}
			if i == 0 {
				above = 0 // .slide-content > :first-child
			}
			fit.Height += above + text(b.lines[0], s, lh, fit.Width, false) + below
		case 'p':
			fit.Height += text(b.lines[0], sansStyle(400, slideFont), slideLH, fit.Width, false)
		case 'q':
			for _, l := range b.lines {
				fit.Height += text(l, sansStyle(400, slideFont), slideLH, fit.Width-quoteIndent, false)
			}
		case 'l':
			for j, l := range b.lines {
				room := fit.Width - float64(b.depths[j])*listPad*slideFont
				fit.Height += text(l, sansStyle(400, slideFont), slideLH, room, true) + liMargin*slideFont
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
		case 'r':
			margin := hrMargin * slideFont
			if i == 0 {
				fit.Height += hrHeight + margin
			} else {
				fit.Height += hrHeight + 2*margin
			}
		case 'i':
			if img, ok := m.htmlImage(b.lines[0], fit.Width); ok {
				fit.Height += img[1]
			} else {
				m.rawHTML(b.lines[0])
			}
		case 't':
			h, wide := m.table(b.rows, fit.Width)
			fit.Height += h
			if fit.TooLong == "" && wide > fit.Width+slack {
				fit.TooLong, fit.Wide, fit.Room2, fit.Table = "a table", wide, fit.Width, true
			}
		}
	}
	fit.Partial = len(fit.Unmeasured) > 0
	return *fit
}

// layout wraps items set in s at line-height lh on lines room px wide, as
// the browser breaks a line at its spaces: the lines' height (a line with
// an image taller than the strut above the baseline grows to hold it) and
// the index of the first item wider than room (-1 for none).
func layout(its []inlineItem, s textStyle, lh, room float64) (height float64, long int) {
	long = -1
	line := s.size * lh
	below := (line - interAscDesc*s.size) / 2 // the strut below the baseline
	above := line - below
	cur, img := -1.0, 0.0
	endLine := func() {
		if cur >= 0 {
			height += max(above, img) + below
		}
	}
	for i, it := range its {
		if it.w > room+slack && long < 0 && it.h == 0 {
			long = i
		}
		if cur >= 0 && cur+it.space+it.w <= room+slack {
			cur += it.space + it.w
		} else {
			endLine()
			cur, img = it.w, 0
		}
		img = max(img, it.h)
	}
	endLine()
	return height, long
}

// table lays out a GFM table on a line room px wide (see the CSS above):
// its height, and its width (wider than room when its words do not fit).
func (m *slideModel) table(rows [][]string, room float64) (height, width float64) {
	if len(rows) == 0 {
		return 0, 0
	}
	cols := len(rows[0])
	least, most := make([]float64, cols), make([]float64, cols)
	cells := make([][][]inlineItem, len(rows))
	for r, row := range rows {
		s := sansStyle(400, tableFont)
		if r == 0 {
			s = sansStyle(700, tableFont)
		}
		// Only the cells a row has: a short row under a wide header costs
		// its own length, so the model stays linear in the table's size.
		cells[r] = make([][]inlineItem, min(cols, len(row)))
		for c := range cells[r] {
			its := m.items(row[c], s, room-2*cellPadX)
			cells[r][c] = its
			full := 0.0
			for j, it := range its {
				least[c] = max(least[c], it.w)
				if j > 0 {
					full += it.space
				}
				full += it.w
			}
			most[c] = max(most[c], full)
		}
	}
	sumLeast, sumMost := 0.0, 0.0
	for c := range cols {
		least[c] += 2 * cellPadX
		most[c] += 2 * cellPadX
		sumLeast += least[c]
		sumMost += most[c]
	}
	widths := make([]float64, cols)
	for c := range cols {
		switch {
		case sumMost <= room+slack:
			widths[c] = most[c]
		case sumLeast >= room:
			widths[c] = least[c]
		default:
			widths[c] = least[c] + (most[c]-least[c])*(room-sumLeast)/(sumMost-sumLeast)
		}
	}
	line := tableFont * slideLH
	for r := range rows {
		tallest := line
		s := sansStyle(400, tableFont)
		if r == 0 {
			s = sansStyle(700, tableFont)
		}
		for c := range cells[r] {
			if len(cells[r][c]) > 0 {
				h, _ := layout(cells[r][c], s, slideLH, widths[c]-2*cellPadX)
				tallest = max(tallest, h)
			}
		}
		height += tallest + 2*cellPadY
	}
	// The collapsed borders: one between rows and the last row's below
	// (Chromium's table box holds all of it, though half belongs to the
	// row).
	height += float64(len(rows)) * cellBorder
	return height, max(sumLeast, min(sumMost, room))
}

// checkSlides warns when an ordinary slide of scene sc (every slide but a
// fork's or rating's own, which checkProjector models) would not show whole
// on the stage: once per slide and aspect ratio that cuts it; and, once per
// slide, when it holds what the model cannot measure.
func (st *parseState) checkSlides(sc *Scene) {
	images := &imageSizes{dir: st.dir}
	defer images.close()
	for i, sl := range sc.Slides {
		if i == len(sc.Slides)-1 && (sc.Fork != nil && len(sc.Fork.Choices) > 0 || sc.Rating != nil) {
			break
		}
		if len(sl.Markdown) > MaxSlideBytes {
			continue // an error already, and not rendered (limits.go)
		}
		var unmeasured []string
		for _, p := range Projectors {
			f := p.fitSlide(sl.Markdown, images)
			unmeasured = f.Unmeasured
			switch {
			case f.TooLong != "" && f.CodeLine:
				st.d.warnf(sl.Pos, "slide %d of scene %q has a code line %.0f px wide where %.0f fit on the stage at %s (%q): the projector cuts it at the right; shorten or break the line", i+1, sc.ID, f.Wide, f.Room2, p.Name, clip(f.TooLong, 40))
			case f.TooLong != "" && f.Table:
				st.d.warnf(sl.Pos, "slide %d of scene %q has a table %.0f px wide where %.0f fit on the stage at %s: the projector cuts it at the right; shorten its longest words or drop a column", i+1, sc.ID, f.Wide, f.Room2, p.Name)
			case f.TooLong != "":
				st.d.warnf(sl.Pos, "slide %d of scene %q has %q, too long for a line of the stage at %s (%.0f px wide, %.0f fit): the projector cuts it; shorten it", i+1, sc.ID, f.TooLong, p.Name, f.Wide, f.Room2)
			case f.Cut():
				st.d.warnf(sl.Pos, "slide %d of scene %q needs %.0f px of the stage's %.0f at %s: the projector cuts it; split the slide or shorten it", i+1, sc.ID, f.Height, f.Room, p.Name)
			}
		}
		if len(unmeasured) > 0 {
			st.d.warnf(sl.Pos, "slide %d of scene %q has %s, which the checker cannot measure: the rest of the slide is checked; look at it on the stage at 16:9 and 4:3", i+1, sc.ID, strings.Join(unmeasured, " and "))
		}
	}
}
