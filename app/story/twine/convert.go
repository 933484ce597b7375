package twine

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"forkcast/app/story"
)

var (
	linkRE      = regexp.MustCompile(`\[\[(.+?)\]\]`)
	linkGotoRE  = regexp.MustCompile(`\(link-goto:\s*"([^"]*)"(?:\s*,\s*"([^"]*)")?\s*\)`)
	sugarImgRE  = regexp.MustCompile(`\[img\[(?:([^|\]]*)\|)?([^\]]+)\](?:\[[^\]]*\])?\]`)
	imgSrcRE    = regexp.MustCompile(`(?i)(<img\b[^>]*\bsrc\s*=\s*["'])([^"']+)(["'])|(!\[[^\]]*\]\()([^)\s]+)(\))`)
	harloweRE   = regexp.MustCompile(`\(([a-z][a-z0-9-]*):(?:[^/]|$)`)
	harloweBold = regexp.MustCompile(`''([^'\n]+)''`)
	sugarRE     = regexp.MustCompile(`<<\s*/?\s*([a-zA-Z][\w-]*)`)
	labelKwRE   = regexp.MustCompile(`\s+#(\p{L}[\p{L}\p{N}_-]*)$`)
	linkOnlyRE  = regexp.MustCompile(`^[\s|•·,/-]*$`)
	linkTextRE  = regexp.MustCompile("\x00[^\x00]*\x00")
	specialTags = []string{"script", "stylesheet", "header", "footer", "startup", "debug-header", "debug-footer", "debug-startup", "widget", "init", "Twine.private"}
	specialName = []string{"StoryInit", "StoryCaption", "StoryMenu", "StoryBanner", "StoryAuthor", "StorySubtitle",
		"StoryInterface", "StoryShare", "StoryDisplayTitle", "PassageReady", "PassageDone", "PassageHeader", "PassageFooter", "StorySettings", "StoryIncludes"}
)

// converter turns a twStory into a story file.
type converter struct {
	d       *story.Diagnostics
	st      *twStory
	opts    ImportOptions
	imp     *Imported
	ids     map[string]string // passage name -> scene id
	markup  map[string]*markupSeen
	kinds   []string          // markup kinds in the order first seen
	hubRule map[string]bool   // scene ids whose links hid behind conditions on visits
	fetched map[string]string // remote URL -> local path
}

type twLink struct{ text, target string }

func (c *converter) convert() error {
	st := c.st
	if st.Script != "" {
		c.d.Warnf(st.Pos, "the story's JavaScript (%d bytes) is dropped: Forkcast slides do not run Twine scripts", len(st.Script))
	}
	if st.Stylesheet != "" {
		c.d.Warnf(st.Pos, "the story's stylesheet (%d bytes) is dropped: slides use Forkcast's theme", len(st.Stylesheet))
	}
	keep := make([]*twPassage, 0, len(st.Passages))
	for _, p := range st.Passages {
		if tag := firstSpecialTag(p.Tags); tag != "" {
			c.d.Warnf(p.Pos, "passage %q is tagged %q (story-format code or style); dropped", p.Name, tag)
		} else if slices.Contains(specialName, p.Name) {
			c.d.Warnf(p.Pos, "passage %q is a SugarCube special passage; dropped", p.Name)
		} else {
			keep = append(keep, p)
		}
	}
	c.assignIDs(keep)
	start := c.startID(keep)
	scenes := make([]outScene, 0, len(keep))
	for _, p := range keep {
		sc, err := c.passage(p)
		if err != nil {
			return err
		}
		scenes = append(scenes, sc)
	}
	c.warnMarkup()
	c.completeHubs(scenes, start)
	fd := st.Front
	if fd == nil {
		fd = &frontDoc{}
	}
	fd.Title, fd.Start = st.Name, start
	fd.Twine = story.TwineInfo{IFID: st.IFID, Format: st.Format, FormatVersion: st.FormatVersion}
	var b strings.Builder
	// The talk is about as long as the passages' text plus a header each.
	size := 512
	for _, p := range keep {
		size += len(p.Text) + len(p.Name) + 64
	}
	b.Grow(size)
	writeFront(&b, fd)
	for _, sc := range scenes {
		writeScene(&b, sc)
	}
	c.imp.Source = []byte(b.String())
	return nil
}

func firstSpecialTag(tags []string) string {
	for _, t := range tags {
		if slices.Contains(specialTags, t) {
			return t
		}
	}
	return ""
}

// assignIDs maps passage names to scene ids: a valid id is kept as written,
// anything else is slugged, and clashes get a -2, -3... suffix.
func (c *converter) assignIDs(ps []*twPassage) {
	c.ids = make(map[string]string, len(ps))
	used := make(map[string]bool, len(ps))
	for _, p := range ps {
		// Control characters never reach a scene line: the parser drops them
		// (a passage named "\x00" became ":: " and a scene with no name).
		id := strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return -1
			}
			return r
		}, p.Name)
		if !story.ValidID(id) {
			id = story.Slug(id)
		}
		if !story.ValidID(id) {
			id = "passage" // a name of control characters only (found by FuzzImportTwine)
		}
		base := id
		for n := 2; used[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		used[id] = true
		if _, dup := c.ids[p.Name]; dup {
			c.d.Errorf(p.Pos, "two passages are named %q; links go to the first", p.Name)
			continue
		}
		c.ids[p.Name] = id
	}
}

func (c *converter) startID(ps []*twPassage) string {
	if len(ps) == 0 {
		return ""
	}
	name := c.st.Start
	if name == "" {
		name = "Start"
	}
	if id, ok := c.ids[name]; ok {
		return id
	}
	if c.st.Start != "" {
		c.d.Errorf(c.st.Pos, "start passage %q does not exist; starting at %q", c.st.Start, ps[0].Name)
	} else {
		c.d.Warnf(c.st.Pos, "no start passage is set and none is named \"Start\"; starting at %q", ps[0].Name)
	}
	return c.ids[ps[0].Name]
}

// passage converts one passage: links become a fork, a divert or an ending.
func (c *converter) passage(p *twPassage) (outScene, error) {
	sc := outScene{ID: c.ids[p.Name], Tags: p.Tags}
	if sc.ID == "" {
		sc.ID = story.Slug(p.Name) + "-dup"
	}
	if p.Position != "" {
		sc.Opts = append(sc.Opts, [2]string{"position", p.Position})
	}
	if p.Size != "" {
		sc.Opts = append(sc.Opts, [2]string{"size", p.Size})
	}
	sc.Opts = append(sc.Opts, metaOptions(p.Meta)...)
	mr := convertMarkup(c.st.Format, textOnly(p.Text), func(name string) bool { _, ok := c.ids[name]; return ok })
	c.sawMarkup(p, mr)
	c.warnMacros(p, mr.text)
	text := sugarImgRE.ReplaceAllString(mr.text, "![$1]($2)")
	text, err := c.images(p, text)
	if err != nil {
		return sc, err
	}
	text, links := extractLinks(text)
	sc.Body = escapeBody(text)
	switch n := len(links); {
	case n == 0:
		sc.Next = story.End
	case n == 1:
		sc.Next = c.target(p, links[0].target)
	default:
		if n > story.MaxChoices {
			c.d.Errorf(p.Pos, "passage %q has %d links and a fork takes at most %d: split it, e.g. move some links to a \"More...\" passage linked from it", p.Name, n, story.MaxChoices)
		}
		for _, l := range links {
			ch := outChoice{Label: l.text, Target: c.target(p, l.target)}
			for m := labelKwRE.FindStringSubmatch(ch.Label); m != nil; m = labelKwRE.FindStringSubmatch(ch.Label) {
				ch.Keywords = append([]string{m[1]}, ch.Keywords...)
				ch.Label = strings.TrimSpace(ch.Label[:len(ch.Label)-len(m[0])])
			}
			if ch.Label == "" {
				ch.Label = l.target
			}
			sc.Choices = append(sc.Choices, ch)
		}
	}
	return sc, nil
}

// metaOptions keeps Forkcast scene options found in Twee metadata.
func metaOptions(meta map[string]any) [][2]string {
	var out [][2]string
	for k, v := range meta {
		if slices.Contains(story.SceneOptionKeys, k) {
			out = append(out, [2]string{k, fmt.Sprint(v)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func (c *converter) target(p *twPassage, name string) string {
	if id, ok := c.ids[name]; ok {
		return id
	}
	if name == story.End {
		return story.End
	}
	c.d.Errorf(p.Pos, "passage %q links to %q, which is not a passage", p.Name, name)
	return story.Slug(name)
}

// extractLinks replaces each link with its text and returns the distinct
// links in order; a line holding only links is removed.
func extractLinks(text string) (string, []twLink) {
	if !strings.Contains(text, "[[") && !strings.Contains(text, "(link-goto:") {
		return text, nil // neither link form can match: every line stays as it is
	}
	var links []twLink
	seen := map[twLink]bool{}
	add := func(l twLink) {
		l.text, l.target = strings.TrimSpace(l.text), strings.TrimSpace(l.target)
		if l.target != "" && !seen[l] {
			seen[l] = true
			links = append(links, l)
		}
	}
	var out []string
	for _, line := range strings.Split(text, "\n") {
		had := linkRE.MatchString(line) || linkGotoRE.MatchString(line)
		line = linkGotoRE.ReplaceAllStringFunc(line, func(m string) string {
			sub := linkGotoRE.FindStringSubmatch(m)
			l := twLink{text: sub[1], target: sub[2]}
			if l.target == "" {
				l.target = l.text
			}
			add(l)
			return "\x00" + strings.TrimSpace(l.text) + "\x00"
		})
		line = linkRE.ReplaceAllStringFunc(line, func(m string) string {
			l := parseLink(m[2 : len(m)-2])
			add(l)
			return "\x00" + strings.TrimSpace(l.text) + "\x00"
		})
		if had && linkOnlyRE.MatchString(linkTextRE.ReplaceAllString(line, "")) {
			continue // a line of links only: they become the fork
		}
		out = append(out, strings.ReplaceAll(line, "\x00", ""))
	}
	return strings.Join(out, "\n"), links
}

// parseLink reads the inside of [[...]]: t, text|t, text->t, t<-text.
func parseLink(inner string) twLink {
	if i := strings.Index(inner, "]["); i >= 0 {
		inner = inner[:i] // a SugarCube setter
	}
	if i := strings.LastIndex(inner, "->"); i >= 0 {
		return twLink{inner[:i], inner[i+2:]}
	}
	if i := strings.Index(inner, "<-"); i >= 0 {
		return twLink{inner[i+2:], inner[:i]}
	}
	if i := strings.LastIndex(inner, "|"); i >= 0 {
		return twLink{inner[:i], inner[i+1:]}
	}
	return twLink{inner, inner}
}

// escapeBody keeps passage text from being read as Forkcast structure.
func escapeBody(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		switch {
		case strings.HasPrefix(l, "::"):
			lines[i] = `\` + l
		case strings.HasPrefix(t, "->"):
			lines[i] = l[:len(l)-len(t)] + `\` + t
		case story.IsChoiceLine(l) && strings.Contains(l, "->"):
			lines[i] = strings.ReplaceAll(l, "->", `-\>`)
		}
	}
	return strings.Join(lines, "\n")
}

// warnMacros reports the macros markup conversion left in text (none of
// the common ones).
func (c *converter) warnMacros(p *twPassage, text string) {
	var names []string
	seen := map[string]bool{}
	for _, m := range harloweRE.FindAllStringSubmatch(text, -1) {
		if n := "(" + m[1] + ":)"; !seen[n] && m[1] != "link-goto" {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, m := range sugarRE.FindAllStringSubmatch(text, -1) {
		if n := "<<" + m[1] + ">>"; !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return
	}
	if len(names) > 4 {
		names = append(names[:4], "...")
	}
	c.d.Warnf(p.Pos, "passage %q uses story-format macros %s; they are kept as text and Forkcast does not run them", p.Name, strings.Join(names, ", "))
}

// textOnly drops control characters but tab and newline from a passage's
// text: the parser refuses a story with a NUL byte, so one stray byte in a
// passage lost the whole import (found by FuzzImportTwine in a fresh-clone CI).
func textOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}
