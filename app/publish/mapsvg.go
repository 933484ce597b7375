package publish

import (
	"fmt"
	"html"
	"strings"

	"forkcast/app/story"
)

// The site's map is the console's story map (story.Graph: one column per
// step from the start, scenes stacked in file order) drawn with every
// scene a link and the room's path marked by a thick yellow outline, a
// "✓" and the words "on the path", so it reads without colour.
const (
	mapColW  = 230
	mapRowH  = 62
	mapNodeW = 188
	mapNodeH = 46
	mapPad   = 24
)

// writeMap writes the map of s as inline SVG; ss marks the path taken.
func writeMap(b *strings.Builder, s *story.Story, ss *session) {
	g := story.Graph(s)
	index := make(map[string]int, len(g.Nodes))
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
	row := make([]int, len(g.Nodes))
	rows := map[int]int{}
	maxRow, lastCol := 0, 0
	for i := range g.Nodes {
		if col[i] < 0 {
			col[i] = maxCol + 1
		}
		row[i] = rows[col[i]]
		rows[col[i]]++
		maxRow, lastCol = max(maxRow, row[i]), max(lastCol, col[i])
	}
	x := func(i int) int { return mapPad + col[i]*mapColW }
	y := func(i int) int { return mapPad + row[i]*mapRowH }
	w, h := 2*mapPad+lastCol*mapColW+mapNodeW, 2*mapPad+maxRow*mapRowH+mapNodeH+mapRowH/2
	fmt.Fprintf(b, `<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-label="Story map: every scene is a link; the room's path is outlined and marked “on the path”">`+"\n", w, h, w, h)
	b.WriteString(`<defs><marker id="arr" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#9aa3b5"/></marker>` +
		`<marker id="arr-taken" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#f0e442"/></marker></defs>` + "\n")
	for _, e := range g.Edges {
		i, j := index[e.From], index[e.To]
		taken := ss.taken[[2]string{e.From, e.To}]
		stroke, width, marker, cls := "#9aa3b5", "1.4", "arr", "edge"
		if taken {
			stroke, width, marker, cls = "#f0e442", "4", "arr-taken", "edge taken"
		}
		if col[j] <= col[i] {
			x1, x2 := x(i)+mapNodeW/2, x(j)+mapNodeW/2
			y1, y2 := y(i)+mapNodeH, y(j)+mapNodeH
			dip := max(y1, y2) + mapRowH/2 + (col[i]-col[j])*6
			fmt.Fprintf(b, `<path class="%s" d="M%d,%d C%d,%d %d,%d %d,%d" fill="none" stroke="%s" stroke-width="%s" stroke-dasharray="4 3" marker-end="url(#%s)"/>`+"\n",
				cls, x1, y1, x1, dip, x2, dip, x2, y2, stroke, width, marker)
			continue
		}
		fmt.Fprintf(b, `<line class="%s" x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="%s" marker-end="url(#%s)"/>`+"\n",
			cls, x(i)+mapNodeW, y(i)+mapNodeH/2, x(j), y(j)+mapNodeH/2, stroke, width, marker)
	}
	for i, n := range g.Nodes {
		fill, stroke, sw := "#1c2230", "#6b7590", "1.5"
		switch n.Kind {
		case story.KindFork:
			fill, stroke = "#1e3a5f", "#60a5fa"
		case story.KindRating:
			fill, stroke = "#3b2a4f", "#c084fc"
		case story.KindEnd:
			fill, stroke = "#14532d", "#4ade80"
		}
		on := ss.onPath[n.ID]
		cls := "node"
		if on {
			cls, stroke, sw = "node taken", "#f0e442", "4"
		}
		label, sub := n.ID, kindWord(n)
		if on {
			label = "✓ " + label
			sub = "on the path · " + sub
		}
		target := "index.html#end"
		if n.Kind != story.KindEnd {
			target = href(n.ID)
		}
		// The link's name is its visible text (a screen reader reads what
		// a sighted keyboard user sees); the scene's title is on its page.
		fmt.Fprintf(b, `<a class="%s" href="%s" data-scene="%s"><rect x="%d" y="%d" width="%d" height="%d" rx="7" fill="%s" stroke="%s" stroke-width="%s"/>`,
			cls, target, html.EscapeString(n.ID), x(i), y(i), mapNodeW, mapNodeH, fill, stroke, sw)
		fmt.Fprintf(b, `<text x="%d" y="%d" fill="#eef1f7" font-weight="700">%s </text>`, x(i)+10, y(i)+19, html.EscapeString(clip(label, 24)))
		fmt.Fprintf(b, `<text x="%d" y="%d" fill="#d5dae4" font-size="11">%s</text></a>`+"\n", x(i)+10, y(i)+36, html.EscapeString(sub))
	}
	b.WriteString("</svg>\n")
}

func kindWord(n story.GraphNode) string {
	switch n.Kind {
	case story.KindFork:
		return "fork"
	case story.KindRating:
		return "rating"
	case story.KindEnd:
		return "the end"
	}
	return fmt.Sprintf("%d slide%s", n.Slides, map[bool]string{true: "", false: "s"}[n.Slides == 1])
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
