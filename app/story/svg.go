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
// left of or equal to the scene's, as a "Back to the hub" link) are faint
// curves so a hub talk stays readable; hubs are drawn large and yellow.
const (
	svgColW  = 230
	svgRowH  = 56
	svgNodeW = 180
	svgNodeH = 38
	svgPad   = 30
)

// WriteSVG writes the story map as a standalone SVG image; it fails only
// when w does. Its cost is linear in the story's size.
func WriteSVG(w io.Writer, s *Story) error {
	g := Graph(s)
	index := map[string]int{}
	for i, n := range g.Nodes {
		index[n.ID] = i
	}
	succ := make([][]int, len(g.Nodes))
	for _, e := range g.Edges {
		succ[index[e.From]] = append(succ[index[e.From]], index[e.To])
	}
	col := make([]int, len(g.Nodes))
	for i := range col {
		col[i] = -1
	}
	maxCol := 0
	if st, ok := index[g.Start]; ok {
		col[st] = 0
		queue := []int{st}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			for _, j := range succ[i] {
				if col[j] < 0 {
					col[j] = col[i] + 1
					maxCol = max(maxCol, col[j])
					queue = append(queue, j)
				}
			}
		}
	}
	// Unreachable scenes get a column of their own, after the rest.
	rows := map[int]int{}
	row := make([]int, len(g.Nodes))
	maxRow := 0
	for i := range g.Nodes {
		if col[i] < 0 {
			col[i] = maxCol + 1
		}
		row[i] = rows[col[i]]
		rows[col[i]]++
		maxRow = max(maxRow, row[i])
	}
	lastCol := 0
	for _, c := range col {
		lastCol = max(lastCol, c)
	}
	x := func(i int) int { return svgPad + col[i]*svgColW }
	y := func(i int) int { return svgPad + row[i]*svgRowH }
	width, height := 2*svgPad+lastCol*svgColW+svgNodeW, 2*svgPad+maxRow*svgRowH+svgNodeH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" font-family="Helvetica, Arial, sans-serif" font-size="13">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<title>%s</title><rect width="100%%" height="100%%" fill="#0f1115"/>`+"\n", html.EscapeString(s.Title))
	b.WriteString(`<defs><marker id="a" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#8b93a7"/></marker></defs>` + "\n")
	for _, e := range g.Edges {
		i, j := index[e.From], index[e.To]
		x1, y1 := x(i)+svgNodeW, y(i)+svgNodeH/2
		x2, y2 := x(j), y(j)+svgNodeH/2
		if col[j] <= col[i] { // a way back: a faint curve below the columns
			x1, x2 = x(i)+svgNodeW/2, x(j)+svgNodeW/2
			y1, y2 = y(i)+svgNodeH, y(j)+svgNodeH
			dip := max(y1, y2) + svgRowH/2 + (col[i]-col[j])*6
			fmt.Fprintf(&b, `<path d="M%d,%d C%d,%d %d,%d %d,%d" fill="none" stroke="#4b5263" stroke-width="1" stroke-dasharray="4 3" marker-end="url(#a)"/>`+"\n", x1, y1, x1, dip, x2, dip, x2, y2)
			continue
		}
		dash := ""
		if e.Label == "exit" {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#8b93a7" stroke-width="1.4"%s marker-end="url(#a)"/>`+"\n", x1, y1, x2, y2, dash)
	}
	for i, n := range g.Nodes {
		fill, stroke, sw := "#1c2230", "#5b6478", 1.5
		switch {
		case n.Hub:
			fill, stroke, sw = "#fde68a", "#b45309", 3
		case n.Kind == KindFork:
			fill, stroke = "#1e3a5f", "#60a5fa"
		case n.Kind == KindRating:
			fill, stroke = "#3b2a4f", "#c084fc"
		case n.Kind == KindEnd:
			fill, stroke = "#14532d", "#4ade80"
		}
		if n.ID == g.Start {
			sw = 3
		}
		ink := "#e5e7eb"
		if n.Hub {
			ink = "#1f2937"
		}
		label := n.ID
		if n.Hub {
			label = "hub: " + label
		}
		fmt.Fprintf(&b, `<g data-scene="%s"><rect x="%d" y="%d" width="%d" height="%d" rx="7" fill="%s" stroke="%s" stroke-width="%.1f"/>`,
			html.EscapeString(n.ID), x(i), y(i), svgNodeW, svgNodeH, fill, stroke, sw)
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="%s" font-weight="600">%s</text>`, x(i)+10, y(i)+17, ink, html.EscapeString(clip(label, 24)))
		if n.Kind != KindEnd {
			fmt.Fprintf(&b, `<text x="%d" y="%d" fill="%s" font-size="11" opacity="0.8">%d slide%s</text>`, x(i)+10, y(i)+31, ink, n.Slides, plural(n.Slides))
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
