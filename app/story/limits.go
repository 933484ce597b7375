package story

import (
	"strings"
)

// Limits on what one slide's Markdown may hold. goldmark (the renderer) does
// work per line for every list item and quote still open, pads every table
// row to the header's width, and has inline cases (unclosed links,
// mismatched emphasis) whose cost grows with the square of the paragraph's
// length. These bounds keep the cost of a story linear in its size; a slide
// over one of them is an error and is not rendered. No talk comes near them.
const (
	// MaxSlideBytes bounds a slide's Markdown, its notes and a choice's label.
	MaxSlideBytes = 32 << 10
	// MaxNesting bounds how deep lists and block quotes nest.
	MaxNesting = 32
	// MaxTableColumns bounds the columns of a table.
	MaxTableColumns = 64
)

// withinLimits reports whether md (from lines, or a choice label at p when
// lines is empty) may be rendered, and reports an error when it may not.
// what names the text in the message ("slide", "speaker notes", "choice label").
func (st *parseState) withinLimits(md string, lines []srcLine, p Pos, what string) bool {
	if len(lines) > 0 {
		p = st.at(lines[0], 0)
	}
	if len(md) > MaxSlideBytes {
		st.d.errorf(p, "%s of %d KB of Markdown, more than the %d KB allowed: split it (a \"---\" line starts a new slide)",
			what, (len(md)+1023)>>10, MaxSlideBytes>>10)
		return false
	}
	if len(lines) == 0 {
		lines = []srcLine{{n: p.Line, text: md, off: p.Col - 1}}
	}
	for _, l := range lines {
		if l.fence {
			continue
		}
		if d := nesting(l.text); d > MaxNesting {
			st.d.errorf(st.at(l, 0), "lists or quotes nested about %d levels deep in this %s; at most %d levels are allowed", d, what, MaxNesting)
			return false
		}
		if n := delimiterCells(l.text); n > MaxTableColumns {
			st.d.errorf(st.at(l, 0), "a table of %d columns in this %s; at most %d columns are allowed", n, what, MaxTableColumns)
			return false
		}
	}
	return true
}

// nesting estimates how many list items and block quotes are open after
// line: the markers that start it ("-", "+", "*", "1.", "1)", ">"), plus
// the items its indentation can continue (a nested item is indented at least
// two columns deeper than its parent). A line without a marker opens nothing
// (it continues what is open), so it counts 0; so does a thematic break.
func nesting(line string) int {
	markers, lead, i := 0, 0, 0
	for i < len(line) {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if markers == 0 {
				if c == '\t' {
					lead += 4 - lead%4
				} else {
					lead++
				}
			}
			i++
			continue
		case c == '>':
			i++
		case c == '-' || c == '+' || c == '*':
			if i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
				return result(markers, lead, line)
			}
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j >= len(line) || line[j] != '.' && line[j] != ')' || j+1 < len(line) && line[j+1] != ' ' && line[j+1] != '\t' {
				return result(markers, lead, line)
			}
			i = j + 1
		default:
			return result(markers, lead, line)
		}
		markers++
	}
	return result(markers, lead, line)
}

func result(markers, lead int, line string) int {
	if markers == 0 || isThematicBreak(line) {
		return 0
	}
	return markers + lead/2
}

// isThematicBreak reports whether line is three or more of one of "-", "*"
// or "_", with only spaces or tabs between them.
func isThematicBreak(line string) bool {
	t := strings.TrimLeft(line, " \t")
	if t == "" || strings.IndexByte("-*_", t[0]) < 0 {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case t[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// delimiterCells returns the number of cells of a table delimiter row
// ("|---|:-:|"), or 0 when line is not one. Each cell is dashes with
// optional colons at its ends; a row needs a pipe.
func delimiterCells(line string) int {
	t := strings.TrimSpace(line)
	if !strings.Contains(t, "|") || !strings.Contains(t, "-") {
		return 0
	}
	t = strings.TrimPrefix(strings.TrimSuffix(t, "|"), "|")
	cells := strings.Split(t, "|")
	for _, c := range cells {
		c = strings.TrimSpace(c)
		c = strings.TrimPrefix(strings.TrimSuffix(c, ":"), ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return 0
		}
	}
	return len(cells)
}
