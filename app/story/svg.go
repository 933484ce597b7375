package story

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// SVG layout of the story map: one column per step from the start (a
// scene's column is its fewest steps from start), scenes stacked in each
// column in file order; ways forward are straight, ways back (to a column
// left of or equal to the scene's, as a "Back to the hub" link) are dashed
// curves below the columns so a hub talk stays readable.

// SVGOptions changes how WriteSVGWith draws the map. The zero value draws
// WriteSVG's standalone image: hubs large and yellow, the start outlined.
type SVGOptions struct {
	// Embedded draws the map for a web page: class names ("edge", "node",
	// "taken") for the page's styles, an accessible name (Label) instead of
	// a title and background, roomier boxes in higher-contrast colours that
	// spell out each scene's kind, and every scene a link (Link).
	Embedded bool
	// Label is the embedded map's accessible name.
	Label string
	// Link returns the address an embedded map's scene links to.
	Link func(n GraphNode) string
	// OnPath marks an embedded map's scenes on a path taken with a thick
	// yellow outline, a "✓" and the words "on the path" (so it reads
	// without colour); Taken marks the ways on that path. Either may be nil.
	OnPath func(id string) bool
	Taken  func(from, to string) bool
}

// svgStyle is one look of the map: its geometry and colours.
type svgStyle struct {
	colW, rowH, nodeW, nodeH, pad int
	extraH                        int    // room below the last row
	marker, arrow                 string // the arrowhead's id and colour
	fwd, back                     string // stroke colours: a way forward, a way back
	backWidth                     string
	nodeStroke                    string
}

var (
	standaloneStyle = svgStyle{colW: 230, rowH: 56, nodeW: 180, nodeH: 38, pad: 30,
		marker: "a", arrow: "#8b93a7", fwd: "#8b93a7", back: "#4b5263", backWidth: "1", nodeStroke: "#5b6478"}
	embeddedStyle = svgStyle{colW: 230, rowH: 62, nodeW: 188, nodeH: 46, pad: 24, extraH: 31,
		marker: "arr", arrow: "#9aa3b5", fwd: "#9aa3b5", back: "#9aa3b5", backWidth: "1.4", nodeStroke: "#6b7590"}
)

// The path taken, on an embedded map.
const (
	svgTaken      = "#f0e442"
	svgTakenWidth = "4"
)

// svgAttr escapes a double-quoted attribute's value.
var svgAttr = strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", `<`, "&lt;", `>`, "&gt;")

// mapLayout places every node of g: col and row are its grid cell.
type mapLayout struct {
	index         map[string]int
	col, row      []int
	lastCol, rows int // the last column used, the most rows in one
}

func layoutMap(g GraphData) mapLayout {
	m := mapLayout{index: make(map[string]int, len(g.Nodes)), col: make([]int, len(g.Nodes)), row: make([]int, len(g.Nodes))}
	for i, n := range g.Nodes {
		m.index[n.ID] = i
	}
	succ := make([][]int, len(g.Nodes))
	for _, e := range g.Edges {
		succ[m.index[e.From]] = append(succ[m.index[e.From]], m.index[e.To])
	}
	for i := range m.col {
		m.col[i] = -1
	}
	maxCol := 0
	if st, ok := m.index[g.Start]; ok {
		m.col[st] = 0
		queue := []int{st}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			for _, j := range succ[i] {
				if m.col[j] < 0 {
					m.col[j] = m.col[i] + 1
					maxCol = max(maxCol, m.col[j])
					queue = append(queue, j)
				}
			}
		}
	}
	// Unreachable scenes get a column of their own, after the rest.
	rows := map[int]int{}
	for i := range g.Nodes {
		if m.col[i] < 0 {
			m.col[i] = maxCol + 1
		}
		m.row[i] = rows[m.col[i]]
		rows[m.col[i]]++
		m.rows, m.lastCol = max(m.rows, m.row[i]), max(m.lastCol, m.col[i])
	}
	return m
}

// WriteSVG writes the story map as a standalone SVG image; it fails only
// when w does. Its cost is linear in the story's size.
func WriteSVG(w io.Writer, s *Story) error { return WriteSVGWith(w, s, SVGOptions{}) }

// WriteSVGWith writes the story map drawn as o says; it fails only when w
// does. Its cost is linear in the story's size.
func WriteSVGWith(w io.Writer, s *Story, o SVGOptions) error {
	st := standaloneStyle
	if o.Embedded {
		st = embeddedStyle
	}
	g := Graph(s)
	m := layoutMap(g)
	x := func(i int) int { return st.pad + m.col[i]*st.colW }
	y := func(i int) int { return st.pad + m.row[i]*st.rowH }
	width, height := 2*st.pad+m.lastCol*st.colW+st.nodeW, 2*st.pad+m.rows*st.rowH+st.nodeH+st.extraH
	var b strings.Builder
	marker := `<marker id="%s" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="%d" markerHeight="%d" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="%s"/></marker>`
	if o.Embedded {
		fmt.Fprintf(&b, `<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-label="%s">`+"\n", width, height, width, height, svgAttr.Replace(o.Label))
		b.WriteString("<defs>")
		fmt.Fprintf(&b, marker, st.marker, 7, 7, st.arrow)
		fmt.Fprintf(&b, marker, st.marker+"-taken", 5, 5, svgTaken)
		b.WriteString("</defs>\n")
	} else {
		fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" font-family="Helvetica, Arial, sans-serif" font-size="13">`+"\n", width, height, width, height)
		fmt.Fprintf(&b, `<title>%s</title><rect width="100%%" height="100%%" fill="#0f1115"/>`+"\n", html.EscapeString(s.Title))
		b.WriteString("<defs>")
		fmt.Fprintf(&b, marker, st.marker, 7, 7, st.arrow)
		b.WriteString("</defs>\n")
	}
	for _, e := range g.Edges {
		i, j := m.index[e.From], m.index[e.To]
		back := m.col[j] <= m.col[i]
		cls, stroke, sw, mk := "", st.fwd, "1.4", st.marker
		if back {
			stroke, sw = st.back, st.backWidth
		}
		if o.Embedded {
			cls = `class="edge" `
		}
		if o.Embedded && o.Taken != nil && o.Taken(e.From, e.To) {
			cls, stroke, sw, mk = `class="edge taken" `, svgTaken, svgTakenWidth, st.marker+"-taken"
		}
		if back { // a way back: a dashed curve below the columns
			x1, x2 := x(i)+st.nodeW/2, x(j)+st.nodeW/2
			y1, y2 := y(i)+st.nodeH, y(j)+st.nodeH
			dip := max(y1, y2) + st.rowH/2 + (m.col[i]-m.col[j])*6
			fmt.Fprintf(&b, `<path %sd="M%d,%d C%d,%d %d,%d %d,%d" fill="none" stroke="%s" stroke-width="%s" stroke-dasharray="4 3" marker-end="url(#%s)"/>`+"\n",
				cls, x1, y1, x1, dip, x2, dip, x2, y2, stroke, sw, mk)
			continue
		}
		dash := ""
		if e.Label == "exit" && !o.Embedded {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&b, `<line %sx1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="%s"%s marker-end="url(#%s)"/>`+"\n",
			cls, x(i)+st.nodeW, y(i)+st.nodeH/2, x(j), y(j)+st.nodeH/2, stroke, sw, dash, mk)
	}
	for i, n := range g.Nodes {
		if o.Embedded {
			writeEmbeddedNode(&b, n, st, x(i), y(i), o)
		} else {
			writeStandaloneNode(&b, n, st, x(i), y(i), n.ID == g.Start)
		}
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// kindColours returns a scene's box fill and outline by its kind.
func kindColours(n GraphNode, stroke string) (string, string) {
	switch n.Kind {
	case KindFork:
		return "#1e3a5f", "#60a5fa"
	case KindRating:
		return "#3b2a4f", "#c084fc"
	case KindEnd:
		return "#14532d", "#4ade80"
	}
	return "#1c2230", stroke
}

// writeStandaloneNode draws a scene's box, a hub large and yellow, the
// start outlined thick.
func writeStandaloneNode(b *strings.Builder, n GraphNode, st svgStyle, x, y int, start bool) {
	fill, stroke := kindColours(n, st.nodeStroke)
	sw, ink, label := "1.5", "#e5e7eb", n.ID
	if n.Hub {
		fill, stroke, sw, ink, label = "#fde68a", "#b45309", "3.0", "#1f2937", "hub: "+label
	}
	if start {
		sw = "3.0"
	}
	fmt.Fprintf(b, `<g data-scene="%s"><rect x="%d" y="%d" width="%d" height="%d" rx="7" fill="%s" stroke="%s" stroke-width="%s"/>`,
		html.EscapeString(n.ID), x, y, st.nodeW, st.nodeH, fill, stroke, sw)
	fmt.Fprintf(b, `<text x="%d" y="%d" fill="%s" font-weight="600">%s</text>`, x+10, y+17, ink, html.EscapeString(clip(label, 24)))
	if n.Kind != KindEnd {
		fmt.Fprintf(b, `<text x="%d" y="%d" fill="%s" font-size="11" opacity="0.8">%d slide%s</text>`, x+10, y+31, ink, n.Slides, plural(n.Slides))
	}
	b.WriteString("</g>\n")
}

// writeEmbeddedNode draws a scene's box as a link, its kind spelled out, a
// scene on the path marked.
func writeEmbeddedNode(b *strings.Builder, n GraphNode, st svgStyle, x, y int, o SVGOptions) {
	fill, stroke := kindColours(n, st.nodeStroke)
	cls, sw, label, sub := "node", "1.5", n.ID, kindWord(n)
	if o.OnPath != nil && o.OnPath(n.ID) {
		cls, stroke, sw = "node taken", svgTaken, svgTakenWidth
		label, sub = "✓ "+label, "on the path · "+sub
	}
	target := ""
	if o.Link != nil {
		target = o.Link(n)
	}
	// The link's name is its visible text (a screen reader reads what a
	// sighted keyboard user sees); the scene's title is on its page.
	fmt.Fprintf(b, `<a class="%s" href="%s" data-scene="%s"><rect x="%d" y="%d" width="%d" height="%d" rx="7" fill="%s" stroke="%s" stroke-width="%s"/>`,
		cls, html.EscapeString(target), html.EscapeString(n.ID), x, y, st.nodeW, st.nodeH, fill, stroke, sw)
	fmt.Fprintf(b, `<text x="%d" y="%d" fill="#eef1f7" font-weight="700">%s </text>`, x+10, y+19, html.EscapeString(clip(label, 24)))
	fmt.Fprintf(b, `<text x="%d" y="%d" fill="#d5dae4" font-size="11">%s</text></a>`+"\n", x+10, y+36, html.EscapeString(sub))
}

// kindWord names a scene's kind, or counts its slides.
func kindWord(n GraphNode) string {
	switch n.Kind {
	case KindFork:
		return "fork"
	case KindRating:
		return "rating"
	case KindEnd:
		return "the end"
	}
	return fmt.Sprintf("%d slide%s", n.Slides, plural(n.Slides))
}
