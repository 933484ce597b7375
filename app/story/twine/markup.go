package twine

import (
	"regexp"
	"strings"
)

// The common markup of the four Twine 2 story formats (Harlowe, SugarCube,
// Chapbook, Snowman) that talks use for emphasis, styling hooks, links and
// visited-conditions, converted to Markdown and Forkcast links, or dropped
// (the text kept) so that it never shows raw on a slide. Each kind is
// reported once per story (see markupNotes).

// markupResult is one passage's text after conversion, with what was done.
type markupResult struct {
	text  string
	kinds []string // kinds of markup converted or dropped, for one warning each
	// hubRule is set when a condition on visits hides links (Harlowe
	// (visited:)/(history:), SugarCube visited()/hasVisited()): the
	// passage's fork gets the hub rule instead.
	hubRule bool
	known   func(passage string) bool // whether a passage exists (a goto to none is dropped)
}

var (
	// Harlowe.
	harloweItalic = regexp.MustCompile(`//([^/\n]+)//`)
	// A changer chain (name: args)+(name: args) before a [hook]: the hook's
	// text stays, the changers go. Args may hold one level of parentheses.
	// Harlowe attaches a hook only right after the changer: no space.
	harloweChanger = regexp.MustCompile(`\(\s*[a-zA-Z][\w-]*\s*:(?:[^()\[\]]|\([^()]*\))*\)(?:\s*\+\s*\(\s*[a-zA-Z][\w-]*\s*:(?:[^()\[\]]|\([^()]*\))*\))*\[`)
	harloweNamed   = regexp.MustCompile(`\|[\w-]+>\[`)
	// A nametag on a hook's closing side: [text]<name|.
	harloweNamedClose = regexp.MustCompile(`\]<[\w-]+\|`)
	harloweLinkGo     = regexp.MustCompile(`\(link:\s*"([^"]*)"\s*\)\s*\[\s*\(go-?to:\s*"([^"]*)"\s*\)\s*\]`)
	harloweGoto       = regexp.MustCompile(`\(go-?to:\s*"([^"]*)"\s*\)`)
	harloweMacro      = regexp.MustCompile(`\(\s*([a-zA-Z][\w-]*)\s*:(?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)`)
	harloweVarRef     = regexp.MustCompile(`(^|[^\w$])\$[A-Za-z]\w*(?:\.[A-Za-z]\w*)*`)
	// Conditions on visits: Harlowe's (visited:), (history:) and visits
	// keyword; SugarCube's visited(), hasVisited(), lastVisited().
	harloweVisits = regexp.MustCompile(`\((?:visited|history):|(?:^|[^$\w])visits\b`)
	sugarVisits   = regexp.MustCompile(`\b(?:visited|hasVisited|lastVisited|visitedTags)\s*\(`)

	// SugarCube.
	sugarLinkTo   = regexp.MustCompile(`<<link\s+"([^"]*)"\s+"([^"]*)"\s*>>(?:\s*<</link>>)?`)
	sugarLinkGoto = regexp.MustCompile(`<<link\s+"([^"]*)"\s*>>\s*<<goto\s+"([^"]*)"\s*>>\s*<</link>>`)
	sugarGoto     = regexp.MustCompile(`<<goto\s+"([^"]*)"\s*>>`)
	sugarMacro    = regexp.MustCompile(`<<\s*(/?)\s*([a-zA-Z][\w-]*)((?:[^>]|>[^>])*)>>`)
	sugarStyle    = regexp.MustCompile(`@@[^;@\n]*;([^@]*)@@`)
	underline     = regexp.MustCompile(`__([^_\n]+)__`)

	// Chapbook.
	chapModifier = regexp.MustCompile(`(?m)^\[(?:align|after|append|continue|cont'd|note|fork|if|else|unless|transition|text|font|CSS|css|JavaScript|javascript)\b[^\]\n]*\]\s*$`)
	chapInsert   = regexp.MustCompile(`\{[a-zA-Z][\w ]*(?::[^{}\n]*)?\}`)
	chapVars     = regexp.MustCompile(`(?s)\A(?:[A-Za-z_][\w.]*(?:\s*\([^)\n]*\))?\s*:[^\n]*\n)+--\n`)

	// Snowman.
	snowmanCode = regexp.MustCompile(`(?s)<%.*?%>`)
)

// conditionMacros keep their hook (the talk shows it; Forkcast runs no
// conditions).
var conditionMacros = map[string]bool{"if": true, "unless": true, "else-if": true, "elseif": true, "else": true, "hidden": false}

// convertMarkup converts the markup of format ("Harlowe", "SugarCube",
// "Chapbook", "Snowman"; anything else is read as Harlowe, Twine 2's
// default) in one passage's text.
func convertMarkup(format, text string, known func(passage string) bool) markupResult {
	r := markupResult{text: text, known: known}
	switch strings.ToLower(format) {
	case "sugarcube":
		r.sugarCube()
	case "chapbook":
		r.chapbook()
	case "snowman":
		r.snowman()
	default:
		r.harlowe()
	}
	return r
}

func (r *markupResult) note(kind string) {
	for _, k := range r.kinds {
		if k == kind {
			return
		}
	}
	r.kinds = append(r.kinds, kind)
}

// replace runs re over the text, noting kind when it matched.
func (r *markupResult) replace(re *regexp.Regexp, kind string, fn func(m []string) string) {
	found := false
	r.text = re.ReplaceAllStringFunc(r.text, func(s string) string {
		found = true
		return fn(re.FindStringSubmatch(s))
	})
	if found && kind != "" {
		r.note(kind)
	}
}

func (r *markupResult) harlowe() {
	r.text = harloweBold.ReplaceAllString(r.text, "**$1**")
	r.replace(harloweItalic, "", func(m []string) string { return "*" + m[1] + "*" })
	r.replace(harloweLinkGo, "", func(m []string) string { return "[[" + m[1] + "->" + m[2] + "]]" })
	r.replace(harloweGoto, "", r.gotoLink)
	// Names after a hook, then changers and names before one: the hook's
	// text stays, its brackets go (hooks nest).
	r.text = r.closingNamedHooks(r.text)
	r.text = r.hooks(r.text)
	r.replace(harloweMacro, "", func(m []string) string {
		if m[1] == "link-goto" || isURL(m[0]) {
			return m[0] // a link: extractLinks reads it
		}
		r.note("Harlowe macro (" + m[1] + ":) is dropped: Forkcast runs no story-format code")
		return ""
	})
	r.text = strings.NewReplacer("{\n", "\n", "\n}", "\n").Replace(r.text)
	r.replace(sugarMacro, "", func(m []string) string {
		r.note("SugarCube-style macros (<<" + strings.ToLower(m[2]) + ">>...) in a Harlowe story are dropped")
		return ""
	})
	r.dropVars("Harlowe variables ($name) printed in text are dropped: they have no value outside Harlowe")
}

// gotoLink makes a goto macro a link, or drops it when its passage does
// not exist (the passage then ends the talk, as Twine would stop there).
func (r *markupResult) gotoLink(m []string) string {
	if r.known != nil && !r.known(m[1]) {
		r.note("a goto to a passage that does not exist is dropped")
		return ""
	}
	return "[[" + m[1] + "]]"
}

// isURL tells "(https://...)" (a Markdown link's target) from a macro call.
func isURL(m string) bool {
	i := strings.Index(m, ":")
	return i >= 0 && strings.HasPrefix(m[i+1:], "//")
}

// hooks replaces every hook that a changer chain or a name opens by its
// text, inner hooks first.
func (r *markupResult) hooks(text string) string {
	var out strings.Builder
	// Each pattern's next match, searched again only once passed, so a
	// passage of many hooks costs time linear in its length.
	var nextC, nextN []int
	doneC, doneN := false, false
	find := func(re *regexp.Regexp, next []int, done *bool, from int) []int {
		if *done || next != nil && next[0] >= from {
			return next
		}
		loc := re.FindStringIndex(text[from:])
		if loc == nil {
			*done = true
			return nil
		}
		return []int{loc[0] + from, loc[1] + from}
	}
	pos := 0
	for {
		nextC = find(harloweChanger, nextC, &doneC, pos)
		nextN = find(harloweNamed, nextN, &doneN, pos)
		loc := nextC
		if nextN != nil && (loc == nil || nextN[0] < loc[0]) {
			loc = nextN
		}
		if loc == nil {
			break
		}
		out.WriteString(text[pos:loc[0]])
		chain := text[loc[0]:loc[1]]
		end := matchingBracket(text, loc[1]-1)
		if end < 0 || isURL(chain) {
			out.WriteString(chain)
			pos = loc[1]
			continue
		}
		inner := text[loc[1]:end]
		kind := "style"
		if strings.HasPrefix(chain, "|") {
			kind = "named"
		} else {
			kind = changerKind(chain)
		}
		if kind == "visited" && !strings.Contains(inner, "[[") {
			kind = "condition" // about visits, but hides no link
		}
		switch kind {
		case "visited":
			r.hubRule = true
			r.note("Harlowe conditions on visits ((visited:), (history:)) that hide links become the hub rule {visited: hide}")
		case "condition":
			r.note("Harlowe conditions ((if:), (unless:), (else:)) are dropped: every branch shows")
		case "named":
			r.note("Harlowe named hooks (|name>[...]) are dropped: their text shows")
		default:
			r.note("Harlowe styling hooks ((text-style:), (align:)...) are dropped: their text shows unstyled")
		}
		out.WriteString(r.hooks(inner))
		pos = end + 1
	}
	out.WriteString(text[pos:])
	return out.String()
}

// closingNamedHooks replaces every hook named on its closing side
// ([text]<name|) by its text. A nametag after a link ([[a->b]]<name|) or
// after no hook at all loses only the nametag.
func (r *markupResult) closingNamedHooks(text string) string {
	tags := harloweNamedClose.FindAllStringIndex(text, -1)
	if tags == nil {
		return text
	}
	drop := make(map[int]int) // byte offset -> how many bytes to drop there
	opener := openers(text)
	for _, tag := range tags {
		closeAt := tag[0]
		open := opener[closeAt]
		if open < 0 || isLink(text, open, closeAt) {
			drop[closeAt+1] = tag[1] - tag[0] - 1 // "<name|": the ']' stays
		} else {
			drop[open] = 1
			drop[closeAt] = tag[1] - tag[0] // "]<name|"
		}
		r.note("Harlowe named hooks ([...]<name|) are dropped: their text shows")
	}
	var out strings.Builder
	for i := 0; i < len(text); {
		if n := drop[i]; n > 0 {
			i += n
			continue
		}
		out.WriteByte(text[i])
		i++
	}
	return out.String()
}

// isLink says whether the brackets at open and closeAt are those of a
// link [[...]] (exactly two on each side) rather than a hook around one.
func isLink(s string, open, closeAt int) bool {
	n := 0
	for i := open; i < len(s) && s[i] == '['; i++ {
		n++
	}
	return n == 2 && closeAt >= 1 && s[closeAt-1] == ']' && (closeAt < 2 || s[closeAt-2] != ']')
}

// openers maps the index of every ']' in s to that of the '[' it closes
// (-1 for a stray one), in one pass.
func openers(s string) map[int]int {
	m := make(map[int]int)
	var stack []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			stack = append(stack, i)
		case ']':
			if len(stack) == 0 {
				m[i] = -1
				continue
			}
			m[i] = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		}
	}
	return m
}

// changerKind says what a chain of changers before a hook does.
func changerKind(chain string) string {
	kind := "style"
	for _, m := range harloweMacro.FindAllStringSubmatch(chain, -1) {
		name := strings.ToLower(m[1])
		if conditionMacros[name] {
			if harloweVisits.MatchString(m[0]) {
				return "visited"
			}
			kind = "condition"
		}
	}
	// A bare (else:) has no colon-args form the pattern needs; it is a condition too.
	if strings.Contains(chain, "(else:") {
		kind = "condition"
	}
	return kind
}

// matchingBracket returns the index of the ']' closing the '[' at open, or -1.
func matchingBracket(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func (r *markupResult) dropVars(kind string) {
	// Variables printed in text ($name) have no value outside the format.
	lines := strings.Split(r.text, "\n")
	found := false
	for i, l := range lines {
		if strings.Contains(l, "[[") || strings.Contains(l, "](") {
			continue // a link's or image's text: keep it as written
		}
		parts := strings.Split(l, "`")
		for k := 0; k < len(parts); k += 2 { // outside code spans
			parts[k] = harloweVarRef.ReplaceAllString(parts[k], "$1")
		}
		n := strings.Join(parts, "`")
		if n != l {
			found = true
			lines[i] = n
		}
	}
	if found {
		r.text = strings.Join(lines, "\n")
		r.note(kind)
	}
}

func (r *markupResult) sugarCube() {
	r.text = harloweBold.ReplaceAllString(r.text, "**$1**")
	r.replace(harloweItalic, "", func(m []string) string { return "*" + m[1] + "*" })
	r.replace(underline, "SugarCube underline (__text__) is dropped: the text shows", func(m []string) string { return m[1] })
	r.replace(sugarStyle, "SugarCube styles (@@style;text@@) are dropped: the text shows unstyled", func(m []string) string { return m[1] })
	r.replace(sugarLinkGoto, "", func(m []string) string { return "[[" + m[1] + "->" + m[2] + "]]" })
	r.replace(sugarLinkTo, "", func(m []string) string { return "[[" + m[1] + "->" + m[2] + "]]" })
	r.replace(sugarGoto, "", r.gotoLink)
	r.replace(sugarMacro, "", func(m []string) string {
		name := strings.ToLower(m[2])
		switch {
		case name == "if" || name == "elseif" || name == "else" || name == "unless":
			if sugarVisits.MatchString(m[3]) && strings.Contains(r.text, "[[") {
				r.hubRule = true
				r.note("SugarCube conditions on visits (visited(), hasVisited()) become the hub rule {visited: hide}")
			} else {
				r.note("SugarCube conditions (<<if>>) are dropped: every branch shows")
			}
		case name == "nobr" || name == "silently":
		default:
			if m[1] == "" {
				r.note("SugarCube macro <<" + name + ">> is dropped: Forkcast runs no story-format code")
			}
		}
		return ""
	})
	r.dropVars("SugarCube variables ($name) printed in text are dropped: they have no value outside SugarCube")
}

func (r *markupResult) chapbook() {
	r.replace(chapVars, "Chapbook vars sections are dropped", func([]string) string { return "" })
	r.replace(chapModifier, "Chapbook modifiers ([align center]...) are dropped", func([]string) string { return "" })
	r.replace(chapInsert, "Chapbook inserts ({back link}...) are dropped", func([]string) string { return "" })
}

func (r *markupResult) snowman() {
	r.replace(snowmanCode, "Snowman code (<% %>) is dropped", func([]string) string { return "" })
}
