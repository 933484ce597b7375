package story

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Defaults applied when the front matter leaves a value out.
const (
	DefaultWPM   = 130
	DefaultGrace = 5 * time.Second
)

// TwineInfo keeps what a Twine import needs for a faithful export back.
type TwineInfo struct {
	IFID          string `json:"ifid,omitempty"`
	Format        string `json:"format,omitempty"`
	FormatVersion string `json:"formatVersion,omitempty"`
}

// posFn maps a yaml.Node's line and column to a file position.
type posFn func(line, col int) Pos

func (f posFn) of(n *yaml.Node) Pos { return f(n.Line, n.Column) }

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses src into a node, reporting a syntax error at its line.
func parseYAML(src string, at posFn, d *diags, what string) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		msg := err.Error()
		p := at(1, 1)
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			p = at(n, 1)
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		d.errorf(p, "%s: %s", what, msg)
		return nil
	}
	if len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// frontKeys are the top-level front-matter keys, for "did you mean".
var frontKeys = []string{"title", "authors", "credits", "start", "slot", "wpm", "theme", "vote", "replies", "twine",
	"languages", "audio", "safe-area", "site"}
var voteKeys = []string{"number", "timer", "policy", "ties", "open", "hide-results", "grace", "letters", "confirm-close", "visited"}
var replyKeys = []string{"accepted", "closed", "invalid", "rating", "help"}
var twineKeys = []string{"ifid", "format", "format-version"}

// parseFrontMatter fills s from the YAML in src (the text between the --- lines).
func parseFrontMatter(src string, at posFn, s *Story, st *parseState, d *diags) {
	root := parseYAML(src, at, d, "front matter")
	if root == nil {
		return
	}
	if root.Kind != yaml.MappingNode {
		d.errorf(at.of(root), "front matter must be a list of \"key: value\" lines")
		return
	}
	eachKey(root, at, d, "", frontKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "title":
			s.Title, _ = scalarText(v, at, d, key)
		case "authors":
			s.Authors = textList(v, at, d, key)
		case "credits":
			s.Credits, _ = scalarText(v, at, d, key)
		case "start":
			if id, ok := scalarText(v, at, d, key); ok {
				s.Start, st.startPos = id, at.of(v)
			}
		case "slot":
			s.Slot, _ = duration(v, at, d, key)
		case "wpm":
			if n, ok := integer(v, at, d, key); ok && n < 1 {
				d.errorf(at.of(v), "wpm: %d is not a speaking rate; write words per minute, e.g. 130", n)
			} else if ok {
				s.WPM = n
			}
		case "theme":
			if t, ok := scalarText(v, at, d, key); ok {
				if !slices.Contains(Themes, t) {
					d.errorf(at.of(v), "theme: %q is not a stage theme; write %s%s", t, strings.Join(Themes, " or "), didYouMean(t, Themes))
				} else {
					s.Theme = t
				}
			}
		case "site":
			s.Site = siteOption(v, at, d)
		case "languages":
			s.Languages = languagesOption(v, at, d)
		case "audio":
			s.Audio = st.audioOption(v, at, key, nil)
		case "safe-area":
			s.SafeArea = safeArea(v, at, d)
		case "vote":
			if mapping(v, at, d, key) {
				eachKey(v, at, d, "vote", voteKeys, func(key string, k, v *yaml.Node) {
					voteOption(key, v, at, d, "vote."+key, &s.Vote)
				})
			}
		case "replies":
			if mapping(v, at, d, key) {
				eachKey(v, at, d, "replies", replyKeys, func(key string, k, v *yaml.Node) {
					reply(key, v, at, d, &s.Replies)
				})
			}
		case "twine":
			if mapping(v, at, d, key) {
				eachKey(v, at, d, "twine", twineKeys, func(key string, k, v *yaml.Node) {
					t, _ := scalarText(v, at, d, "twine."+key)
					switch key {
					case "ifid":
						s.Twine.IFID = t
					case "format":
						s.Twine.Format = t
					case "format-version":
						s.Twine.FormatVersion = t
					}
				})
			}
		}
	})
}

func reply(key string, v *yaml.Node, at posFn, d *diags, r *Replies) {
	t, _ := scalarText(v, at, d, "replies."+key)
	switch key {
	case "accepted":
		r.Accepted = t
	case "closed":
		r.Closed = t
	case "invalid":
		r.Invalid = t
	case "rating":
		r.Rating = t
	case "help":
		r.Help = t
	}
}

// voteOption applies one vote key to o; it reports whether key is a vote key.
func voteOption(key string, v *yaml.Node, at posFn, d *diags, name string, o *VoteOptions) bool {
	switch key {
	case "number":
		o.Number, _ = scalarText(v, at, d, name)
	case "timer":
		if t, ok := duration(v, at, d, name); ok {
			o.Timer = t
		}
	case "grace":
		if t, ok := duration(v, at, d, name); ok {
			o.Grace = t
		}
	case "policy":
		if t, ok := enum(v, at, d, name, []string{string(LastWins), string(FirstWins)}); ok {
			o.Policy = Policy(t)
		}
	case "ties":
		if t, ok := enum(v, at, d, name, []string{string(TiesPresenter), string(TiesFirstListed)}); ok {
			o.Ties = TiePolicy(t)
		}
	case "open":
		if t, ok := enum(v, at, d, name, []string{string(OpenOnKey), string(OpenOnArrive)}); ok {
			o.Open = OpenMode(t)
		}
	case "hide-results":
		if b, ok := boolean(v, at, d, name); ok {
			o.HideResults = b
		}
	case "letters":
		if b, ok := boolean(v, at, d, name); ok {
			o.Letters = b
		}
	case "visited":
		if t, ok := enum(v, at, d, name, []string{string(VisitedKeep), string(VisitedHide), string(VisitedGrey)}); ok {
			o.Visited = Visited(t)
		}
	case "confirm-close":
		if b, ok := boolean(v, at, d, name); ok {
			o.CloseAtOnce = !b
		}
	default:
		return false
	}
	return true
}

// eachKey calls fn for each known key of mapping m, warning about unknown and
// repeated keys.
func eachKey(m *yaml.Node, at posFn, d *diags, section string, known []string, fn func(key string, k, v *yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		if seen[key] {
			d.errorf(at.of(k), "key %q appears twice", qualify(section, key))
			continue
		}
		seen[key] = true
		if !contains(known, key) {
			where := "front-matter key"
			if section != "" {
				where = "key in " + section
			}
			d.warnf(at.of(k), "unknown %s %q%s", where, key, didYouMean(key, known))
			continue
		}
		fn(key, k, v)
	}
}

func qualify(section, key string) string {
	if section == "" {
		return key
	}
	return section + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func mapping(v *yaml.Node, at posFn, d *diags, name string) bool {
	if v.Kind == yaml.MappingNode {
		return true
	}
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return false
	}
	d.errorf(at.of(v), "%s: want indented \"key: value\" lines, got %s", name, describe(v))
	return false
}

func describe(v *yaml.Node) string {
	switch v.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return strconv.Quote(v.Value)
}

// scalarText returns a scalar's text; null is "" with no error.
func scalarText(v *yaml.Node, at posFn, d *diags, name string) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		d.errorf(at.of(v), "%s: want text, got %s", name, describe(v))
		return "", false
	}
	if v.Tag == "!!null" {
		return "", false
	}
	return v.Value, true
}

func textList(v *yaml.Node, at posFn, d *diags, name string) []string {
	if v.Kind == yaml.ScalarNode {
		if t, ok := scalarText(v, at, d, name); ok && t != "" {
			return []string{t}
		}
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.errorf(at.of(v), "%s: want a name or a list of names, got %s", name, describe(v))
		return nil
	}
	var out []string
	for _, c := range v.Content {
		if t, ok := scalarText(c, at, d, name); ok && t != "" {
			out = append(out, t)
		}
	}
	return out
}

func integer(v *yaml.Node, at posFn, d *diags, name string) (int, bool) {
	if v.Kind == yaml.ScalarNode {
		if n, err := strconv.Atoi(strings.TrimSpace(v.Value)); err == nil {
			return n, true
		}
	}
	d.errorf(at.of(v), "%s: %s is not a whole number", name, describe(v))
	return 0, false
}

func boolean(v *yaml.Node, at posFn, d *diags, name string) (bool, bool) {
	if v.Kind == yaml.ScalarNode {
		switch strings.ToLower(v.Value) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	}
	d.errorf(at.of(v), "%s: %s is not true or false", name, describe(v))
	return false, false
}

func enum(v *yaml.Node, at posFn, d *diags, name string, values []string) (string, bool) {
	t, ok := scalarText(v, at, d, name)
	if !ok {
		return "", false
	}
	if contains(values, t) {
		return t, true
	}
	hint := didYouMean(t, values)
	if hint == "" {
		hint = "; write " + strings.Join(quoteAll(values), " or ")
	}
	d.errorf(at.of(v), "%s: %q is not a choice%s", name, t, hint)
	return "", false
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	return out
}

// duration reads 60s, 1m30s, 40m, or a plain number of seconds.
func duration(v *yaml.Node, at posFn, d *diags, name string) (time.Duration, bool) {
	t, ok := "", v.Kind == yaml.ScalarNode && v.Tag != "!!null"
	if ok {
		t = strings.TrimSpace(v.Value)
	}
	dur, err := ParseDuration(t)
	if !ok || err != nil {
		d.errorf(at.of(v), "%s: %s is not a duration; write 60s, 1m30s, 40m or a number of seconds", name, describe(v))
		return 0, false
	}
	return dur, true
}

// ParseDuration reads a story duration: a Go duration such as 60s, 1m30s or
// 40m, or a plain number of seconds. It fails on anything else and on a
// negative duration.
func ParseDuration(t string) (time.Duration, error) {
	var dur time.Duration
	if f, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "eEnN") {
		if f > 1e9 {
			return 0, strconv.ErrRange
		}
		dur = time.Duration(f * float64(time.Second))
	} else if dur, err = time.ParseDuration(t); err != nil {
		return 0, err
	}
	if dur < 0 {
		return 0, strconv.ErrRange
	}
	return dur, nil
}

// Themes are the stage themes a story may name: "dark" (the stage's own
// look) and "high-contrast" (the stage starts in the high-contrast look the
// H key toggles; frontend/src/lib/theme.ts applies it).
var Themes = []string{"dark", "high-contrast"}
