package story

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	itemRE   = regexp.MustCompile(`^ {0,3}(\d{1,9})[.)](\s|$)`)
	noteRE   = regexp.MustCompile(`^Notes?:\s*`)
	sceneOpt = []string{"number", "timer", "policy", "ties", "open", "hide-results", "grace", "letters", "confirm-close",
		"audio", "min", "max", "reply", "position", "size", "visited", "exit"}
)

// scene parses one scene: its header line and the lines up to the next header.
func (st *parseState) scene(h srcLine, body []srcLine) {
	sc, info, optText, optCol, ok := st.header(h)
	if !ok {
		return
	}
	if prev := st.byID[sc.ID]; prev != nil {
		st.d.errorf(sc.Pos, "duplicate scene id %q (first defined at line %d)", sc.ID, prev.Pos.Line)
	} else {
		st.byID[sc.ID] = sc
	}
	st.story.Scenes = append(st.story.Scenes, sc)
	st.sceneSrc[sc] = info
	sc.Vote = st.story.Vote
	sc.Audio = st.story.Audio
	sc.langs = st.story.Languages
	if hasTag(sc.Tags, "rating") {
		sc.Rating = &Rating{Min: 1, Max: 10, Reply: st.story.Replies.Rating}
	}
	if optText != "" {
		st.sceneOptions(sc, info, h.n, optCol, optText)
	}
	if open := markFences(body); open != nil {
		st.d.warnf(st.pos(open.n, 1), "code fence is not closed before the end of scene %q", sc.ID)
	}
	groups := splitSlides(body, h.n+1)
	for len(groups) > 1 && len(groups[len(groups)-1].lines) == 0 {
		sep := groups[len(groups)-1].first
		st.d.warnf(st.pos(sep, 1), "\"---\" at the end of scene %q starts no slide; remove it", sc.ID)
		groups = groups[:len(groups)-1]
	}
	last := len(groups) - 1
	for i, g := range groups {
		bodyLines, notes := splitNotes(g.lines)
		if i == last {
			bodyLines, notes = st.ending(sc, info, bodyLines, notes)
		}
		st.strayDiverts(bodyLines)
		st.strayDiverts(notes)
		sl := &Slide{Index: i, Pos: st.pos(g.first, 1), Markdown: joinLines(bodyLines), Notes: joinLines(notes)}
		if len(bodyLines) > 0 {
			sl.Pos = st.pos(bodyLines[0].n, 1)
		}
		src := &slideSrc{body: bodyLines, notes: notes}
		st.slides[sl] = src
		sc.Slides = append(sc.Slides, sl)
		empty := strings.TrimSpace(sl.Markdown) == "" && strings.TrimSpace(sl.Notes) == ""
		switch {
		case !empty || i == last && sc.Fork != nil: // a fork's choices are its content
		case len(groups) == 1:
			st.d.warnf(sc.Pos, "scene %q has nothing to show", sc.ID)
		default:
			st.d.warnf(sl.Pos, "empty slide in scene %q", sc.ID)
		}
	}
	if sc.Rating != nil {
		sc.Rating.Pos = sc.Slides[last].Pos
	}
	if sc.Fork == nil && sc.Rating == nil {
		sc.Audio = nil // cues belong to polls
	}
}

func hasTag(tags []string, t string) bool { return contains(tags, t) }

// sceneOptions parses a header's {key: value, ...} options.
func (st *parseState) sceneOptions(sc *Scene, info *sceneInfo, line, optCol int, text string) {
	at := posFn(func(l, c int) Pos {
		if l <= 1 {
			return st.pos(line, optCol-1+c)
		}
		return st.pos(line+l-1, c)
	})
	m := fastOptions(text) // the common simple form, without the YAML library
	if m == nil {
		m = parseYAML(text, at, st.d, "scene options")
	}
	if m == nil {
		return
	}
	if m.Kind != yaml.MappingNode {
		st.d.errorf(at.of(m), "scene options must be {key: value, ...}")
		return
	}
	eachKey(m, at, st.d, "scene options", sceneOpt, func(key string, k, v *yaml.Node) {
		info.opts[key] = at.of(k)
		if voteOption(key, v, at, st.d, key, &sc.Vote) {
			return
		}
		switch key {
		case "audio":
			sc.Audio = st.audioOption(v, at, key, st.story.Audio)
		case "exit":
			sc.Exit, _ = scalarText(v, at, st.d, key)
			info.exitPos = at.of(v)
		case "position":
			sc.Position, _ = scalarText(v, at, st.d, key)
		case "size":
			sc.Size, _ = scalarText(v, at, st.d, key)
		case "reply":
			if sc.Rating != nil {
				sc.Rating.Reply, _ = scalarText(v, at, st.d, key)
			}
		case "min", "max":
			n, ok := integer(v, at, st.d, key)
			if !ok || sc.Rating == nil {
				return
			}
			if n < 0 || n > 100 {
				st.d.errorf(at.of(v), "%s: %d is outside 0 to 100", key, n)
			} else if key == "min" {
				sc.Rating.Min = n
			} else {
				sc.Rating.Max = n
			}
		}
	})
	if sc.Rating != nil && sc.Rating.Min >= sc.Rating.Max {
		st.d.errorf(info.opts["max"], "rating scale %d to %d is empty; max must be above min", sc.Rating.Min, sc.Rating.Max)
	}
}

// markFences flags fenced-code lines; it returns the opening line of a fence
// left open at the end, or nil.
func markFences(lines []srcLine) *srcLine {
	var ch byte
	n, open := 0, -1
	for i := range lines {
		t := lines[i].text
		trim := strings.TrimLeft(t, " ")
		if len(t)-len(trim) > 3 && open < 0 {
			continue
		}
		run := 0
		for run < len(trim) && (trim[run] == '`' || trim[run] == '~') && trim[run] == trim[0] {
			run++
		}
		switch {
		case open < 0 && run >= 3 && !(trim[0] == '`' && strings.Contains(trim[run:], "`")):
			ch, n, open = trim[0], run, i
			lines[i].fence = true
		case open >= 0:
			lines[i].fence = true
			if run >= n && trim[0] == ch && strings.TrimSpace(trim[run:]) == "" {
				open = -1
			}
		}
	}
	if open >= 0 {
		return &lines[open]
	}
	return nil
}

type slideGroup struct {
	first int // the slide's "---" line, or the first line after the header
	lines []srcLine
}

// splitSlides splits a scene body at "---" lines outside code fences and
// trims blank lines around each slide.
func splitSlides(lines []srcLine, firstLine int) []slideGroup {
	var out []slideGroup
	cur := slideGroup{first: firstLine}
	for _, l := range lines {
		if !l.fence && strings.TrimRight(l.text, " \t") == "---" {
			cur.lines = trimBlank(cur.lines)
			out = append(out, cur)
			cur = slideGroup{first: l.n}
			continue
		}
		cur.lines = append(cur.lines, l)
	}
	cur.lines = trimBlank(cur.lines)
	return append(out, cur)
}

func trimBlank(lines []srcLine) []srcLine {
	for len(lines) > 0 && !lines[0].fence && strings.TrimSpace(lines[0].text) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && !lines[len(lines)-1].fence && strings.TrimSpace(lines[len(lines)-1].text) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// splitNotes cuts a slide at its first "Note:" line.
func splitNotes(lines []srcLine) (body, notes []srcLine) {
	for i, l := range lines {
		if l.fence {
			continue
		}
		if m := noteRE.FindString(l.text); m != "" {
			first := l
			first.text = l.text[len(m):]
			first.off = col(l.text, len(m)) - 1
			notes = append([]srcLine{first}, lines[i+1:]...)
			return trimBlank(lines[:i]), trimBlank(notes)
		}
	}
	return lines, nil
}

func joinLines(lines []srcLine) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// ending finds the scene's way on (a divert or a fork) at the end of the last
// slide's notes, else of its body, and removes it from the slide.
func (st *parseState) ending(sc *Scene, info *sceneInfo, body, notes []srcLine) ([]srcLine, []srcLine) {
	if len(notes) > 0 {
		if rest, ok := st.takeEnding(sc, info, notes); ok {
			return body, rest
		}
	}
	if rest, ok := st.takeEnding(sc, info, body); ok {
		return rest, notes
	}
	return body, notes
}

func (st *parseState) takeEnding(sc *Scene, info *sceneInfo, lines []srcLine) ([]srcLine, bool) {
	if len(lines) == 0 {
		return lines, false
	}
	last := lines[len(lines)-1]
	if !last.fence && strings.HasPrefix(strings.TrimSpace(last.text), "->") {
		sc.Next, info.nextPos = st.divert(last)
		return trimBlank(lines[:len(lines)-1]), true
	}
	if t := strings.TrimLeft(last.text, " \t"); !last.fence {
		if at, a := lookalikeArrow(t); at == 0 {
			info.lookalike, info.lookalikeAt = a, st.at(last, len(last.text)-len(t))
		}
	}
	// The fork is the trailing run of numbered lines; across a blank line an
	// item without "->" belongs to an earlier list, not to the fork.
	i := len(lines)
	blankBelow := false
	for i > 0 {
		l := lines[i-1]
		blank := strings.TrimSpace(l.text) == ""
		if l.fence || !blank && !itemRE.MatchString(l.text) || !blank && blankBelow && !strings.Contains(l.text, "->") {
			break
		}
		blankBelow = blank
		i--
	}
	var items []srcLine
	arrows := false
	for _, l := range lines[i:] {
		if strings.TrimSpace(l.text) != "" {
			items = append(items, l)
			arrows = arrows || strings.Contains(l.text, "->")
		}
	}
	if !arrows {
		return lines, false
	}
	sc.Fork = st.fork(items)
	if sc.Rating != nil {
		st.d.errorf(sc.Fork.Pos, "rating scene %q cannot also have a fork; end it with a divert, usually \"-> END\"", sc.ID)
	}
	return trimBlank(lines[:i]), true
}

// divert reads "-> target" and returns the target and its position.
func (st *parseState) divert(l srcLine) (string, Pos) {
	i := strings.Index(l.text, "->") + 2
	rest := l.text[i:]
	j := i + len(rest) - len(strings.TrimLeft(rest, " \t"))
	fields := strings.Fields(rest)
	p := st.at(l, j)
	if len(fields) == 0 {
		st.d.errorf(st.at(l, i-2), "divert has no target; write \"-> scene-id\" or \"-> END\"")
		return "", p
	}
	if len(fields) > 1 {
		st.d.errorf(p, "a divert names one target; got %q", strings.TrimSpace(rest))
	}
	return fields[0], p
}

// strayDiverts reports "->" lines that are not a scene's last line.
func (st *parseState) strayDiverts(lines []srcLine) {
	for _, l := range lines {
		t := strings.TrimLeft(l.text, " \t")
		if !l.fence && strings.HasPrefix(t, "->") {
			st.d.errorf(st.at(l, len(l.text)-len(t)), "a divert must be the last line of its scene; move it to the end, or split the scene here")
		}
	}
}
