package story

import (
	"strconv"
	"strings"
	"unicode"
)

// Fork size limits: one digit to text, and at least a real choice.
const (
	MinChoices = 2
	MaxChoices = 9
)

type field struct {
	off  int // byte offset in the line
	col  int // 1-based rune column in the line
	text string
}

// fieldsAt splits s like strings.Fields, keeping each field's offset + base
// and its column, counted from baseCol (the column of s[0]) as it goes, so
// that a line of many fields costs time linear in its length.
func fieldsAt(s string, base, baseCol int) []field {
	var out []field
	start, startCol, c := -1, 0, baseCol
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, field{base + start, startCol, s[start:i]})
				start = -1
			}
		} else if start < 0 {
			start, startCol = i, c
		}
		c++
	}
	if start >= 0 {
		out = append(out, field{base + start, startCol, s[start:]})
	}
	return out
}

// fork parses the numbered choice lines that end a scene.
func (st *parseState) fork(items []srcLine) *Fork {
	f := &Fork{}
	keywords := map[string]int{}
	for i, l := range items {
		m := itemRE.FindStringSubmatchIndex(l.text)
		c := &Choice{Pos: st.at(l, m[2])}
		c.Number, _ = strconv.Atoi(l.text[m[2]:m[3]])
		if i == 0 {
			f.Pos = c.Pos
		}
		rest := l.text[m[3]+1:]
		arrow := strings.LastIndex(rest, "->")
		if arrow < 0 {
			c.Label = strings.TrimSpace(rest)
			if at, a := lookalikeArrow(rest); at >= 0 {
				st.d.errorf(st.at(l, m[3]+1+at), "choice %d: use \"->\" (hyphen, greater-than) not %q to point at the target", c.Number, a)
			} else {
				st.d.errorf(c.Pos, "choice %d has no target; write \"%d. Label -> scene-id\"", c.Number, c.Number)
			}
		} else {
			c.Label = strings.TrimSpace(rest[:arrow])
			st.choiceTail(l, c, m[3]+1+arrow, keywords)
		}
		if c.Label == "" {
			st.d.errorf(c.Pos, "choice %d has no label; write the words the audience votes for before \"->\"", c.Number)
		}
		if c.Number != i+1 {
			st.d.errorf(c.Pos, "choice numbered %d, want %d: number a fork's choices 1 to %d in order", c.Number, i+1, len(items))
		}
		f.Choices = append(f.Choices, c)
	}
	switch n := len(f.Choices); {
	case n < MinChoices:
		st.d.errorf(f.Pos, "a fork needs %d to %d choices, this one has %d; for a single way on write \"-> target\"", MinChoices, MaxChoices, n)
	case n > MaxChoices:
		st.d.errorf(f.Pos, "a fork takes at most %d choices (one digit to text), this one has %d; split it into two forks", MaxChoices, n)
	}
	return f
}

// choiceTail parses "-> target #kw #kw2" starting at byte arrow of l.text.
func (st *parseState) choiceTail(l srcLine, c *Choice, arrow int, keywords map[string]int) {
	fields := fieldsAt(l.text[arrow+2:], arrow+2, col(l.text, arrow+2))
	if len(fields) == 0 || strings.HasPrefix(fields[0].text, "#") {
		st.d.errorf(st.at(l, arrow), "choice %d has no target after \"->\"", c.Number)
	} else {
		c.Target = fields[0].text
		st.targetPos[c] = st.atCol(l, fields[0].col)
		fields = fields[1:]
	}
	for _, f := range fields {
		p := st.atCol(l, f.col)
		kw, ok := strings.CutPrefix(f.text, "#")
		switch {
		case !ok:
			st.d.errorf(p, "unexpected %q after the target of choice %d; keywords start with #", f.text, c.Number)
			continue
		case kw == "":
			st.d.errorf(p, "empty keyword \"#\" in choice %d", c.Number)
			continue
		case allDigits(kw):
			st.d.errorf(p, "keyword \"#%s\" is made of digits; digits already vote by choice number", kw)
			continue
		}
		key := foldKeyword(kw)
		if other, dup := keywords[key]; dup {
			st.d.errorf(p, "keyword \"#%s\" is already used by choice %d", kw, other)
			continue
		}
		keywords[key] = c.Number
		c.Keywords = append(c.Keywords, kw)
	}
}

func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// foldKeyword folds case and drops punctuation, as ballots are folded.
func foldKeyword(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lookalikeArrows are what editors and keyboards type for "->": typographic
// arrows, and an en or em dash that autocorrect made of the hyphen.
var lookalikeArrows = []string{"→", "⇒", "➔", "➜", "➝", "⟶", "–>", "—>", "=>"}

// lookalikeArrow finds the first look-alike arrow in s: its byte offset and
// text, or -1.
func lookalikeArrow(s string) (int, string) {
	best, text := -1, ""
	for _, a := range lookalikeArrows {
		if i := strings.Index(s, a); i >= 0 && (best < 0 || i < best) {
			best, text = i, a
		}
	}
	return best, text
}
