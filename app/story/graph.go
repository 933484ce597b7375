package story

import (
	"fmt"
	"io"
	"strings"
)

// Node kinds in GraphData.
const (
	KindScene  = "scene"
	KindFork   = "fork"
	KindRating = "rating"
	KindEnd    = "end"
)

// GraphData is the story map: what `check --graph` prints and the app draws.
type GraphData struct {
	Start string      `json:"start"`
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
}

// GraphNode is one scene, or the END node.
type GraphNode struct {
	ID       string   `json:"id"`
	Title    string   `json:"title,omitempty"` // the first heading or line
	Tags     []string `json:"tags,omitempty"`
	Kind     string   `json:"kind"` // scene, fork, rating or end
	Slides   int      `json:"slides"`
	Position string   `json:"position,omitempty"` // Twine map layout, if any
	Hub      bool     `json:"hub,omitempty"`      // a fork the talk comes back to (see Analysis.Hubs)
}

// GraphEdge is a divert (Choice 0) or a numbered choice.
type GraphEdge struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Choice int    `json:"choice,omitempty"`
	Label  string `json:"label,omitempty"`
}

// Graph builds the story map. Edges to unknown scenes and repeated scene ids
// are left out (the checker reports them); it cannot fail.
func Graph(s *Story) GraphData {
	g := GraphData{Start: s.Start, Nodes: []GraphNode{}, Edges: []GraphEdge{}}
	hasEnd := false
	for _, sc := range s.Scenes {
		if s.Scene(sc.ID) != sc {
			continue
		}
		g.Nodes = append(g.Nodes, GraphNode{ID: sc.ID, Title: sceneTitle(sc), Tags: sc.Tags,
			Kind: sceneKind(sc), Slides: len(sc.Slides), Position: sc.Position})
		add := func(to string, choice int, label string) {
			if to == End || s.Scene(to) != nil {
				g.Edges = append(g.Edges, GraphEdge{From: sc.ID, To: to, Choice: choice, Label: label})
				hasEnd = hasEnd || to == End
			}
		}
		if sc.Fork != nil {
			for _, c := range sc.Fork.Choices {
				add(c.Target, c.Number, c.Label)
			}
			if sc.Exit != "" {
				add(sc.Exit, 0, "exit")
			}
		} else if sc.Next != "" {
			add(sc.Next, 0, "")
		}
	}
	if hasEnd {
		g.Nodes = append(g.Nodes, GraphNode{ID: End, Title: "The end", Kind: KindEnd})
	}
	hubs := map[string]bool{}
	for _, h := range AnalysisOf(s).Hubs(slidesOf) {
		hubs[h.Scene] = true
	}
	for i := range g.Nodes {
		g.Nodes[i].Hub = hubs[g.Nodes[i].ID]
	}
	return g
}

func sceneKind(sc *Scene) string {
	switch {
	case sc.Rating != nil:
		return KindRating
	case sc.Fork != nil:
		return KindFork
	}
	return KindScene
}

// sceneTitle is the first heading of the scene, else its first line.
func sceneTitle(sc *Scene) string {
	first := ""
	for _, sl := range sc.Slides {
		for _, line := range strings.Split(sl.Markdown, "\n") {
			t := strings.TrimSpace(line)
			if strings.HasPrefix(t, "#") {
				return clip(strings.TrimSpace(strings.TrimLeft(t, "#")), 80)
			}
			if first == "" && t != "" {
				first = t
			}
		}
	}
	return clip(first, 80)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// WriteDOT writes the story map as a Graphviz digraph; it fails only when w does.
func WriteDOT(w io.Writer, s *Story) error {
	g := Graph(s)
	var b strings.Builder
	fmt.Fprintf(&b, "digraph story {\n\trankdir=TB;\n\tnode [fontname=\"Helvetica\"];\n")
	for _, n := range g.Nodes {
		shape := map[string]string{KindScene: "box", KindFork: "diamond", KindRating: "octagon", KindEnd: "doublecircle"}[n.Kind]
		label := n.ID
		if n.Kind != KindEnd {
			label = fmt.Sprintf("%s\\n%d slide%s", n.ID, n.Slides, plural(n.Slides))
		}
		extra := ""
		if n.ID == g.Start {
			extra = ", penwidth=2"
		}
		if n.Hub {
			shape, extra = "doubleoctagon", extra+", style=filled, fillcolor=\"#fde68a\""
			label = fmt.Sprintf("hub: %s", label)
		}
		fmt.Fprintf(&b, "\t%s [shape=%s, label=%s%s];\n", dotQuote(n.ID), shape, dotQuote(label), extra)
	}
	for _, e := range g.Edges {
		attr := ""
		if e.Choice > 0 {
			attr = fmt.Sprintf(" [label=%s]", dotQuote(fmt.Sprintf("%d. %s", e.Choice, e.Label)))
		} else if e.Label == "exit" {
			attr = " [label=\"exit\", style=dashed]"
		}
		fmt.Fprintf(&b, "\t%s -> %s%s;\n", dotQuote(e.From), dotQuote(e.To), attr)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func dotQuote(s string) string {
	s = strings.ReplaceAll(s, `"`, `\"`)
	s = strings.ReplaceAll(s, "\n", `\n`)
	return `"` + s + `"`
}

// WriteMermaid writes the story map as a Mermaid flowchart; it fails only
// when w does. Node ids are generated (n0, n1...) because Mermaid reserves
// words such as "end".
func WriteMermaid(w io.Writer, s *Story) error {
	g := Graph(s)
	ids := map[string]string{}
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	for i, n := range g.Nodes {
		id := fmt.Sprintf("n%d", i)
		ids[n.ID] = id
		label := mermaidText(n.ID)
		switch n.Kind {
		case KindFork:
			if n.Hub {
				fmt.Fprintf(&b, "    %s(((\"hub: %s\")))\n", id, label)
				break
			}
			fmt.Fprintf(&b, "    %s{\"%s\"}\n", id, label)
		case KindRating:
			fmt.Fprintf(&b, "    %s{{\"%s\"}}\n", id, label)
		case KindEnd:
			fmt.Fprintf(&b, "    %s((\"%s\"))\n", id, label)
		default:
			fmt.Fprintf(&b, "    %s[\"%s\"]\n", id, label)
		}
	}
	for _, e := range g.Edges {
		if e.Choice > 0 {
			fmt.Fprintf(&b, "    %s -->|\"%d. %s\"| %s\n", ids[e.From], e.Choice, mermaidText(e.Label), ids[e.To])
		} else {
			fmt.Fprintf(&b, "    %s --> %s\n", ids[e.From], ids[e.To])
		}
	}
	if id, ok := ids[g.Start]; ok {
		fmt.Fprintf(&b, "    style %s stroke-width:3px\n", id)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidText escapes text for a quoted Mermaid label.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "\n", " ", "|", "#124;").Replace(s)
}
