package twine

import (
	"encoding/json"
	"sort"
	"strings"

	"forkcast/app/story"
)

// parseTwee reads a Twee 3 file: ":: Name [tags] {metadata}" headers, with
// StoryTitle and StoryData special passages.
func parseTwee(src []byte, d *story.Diagnostics) *twStory {
	s := &twStory{}
	lines := story.SplitLines(src)
	var cur *twPassage
	var body []string
	flush := func() {
		if cur == nil {
			return
		}
		for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
			body = body[:len(body)-1]
		}
		cur.Text = strings.Join(body, "\n")
		switch cur.Name {
		case "StoryTitle":
			s.Name = strings.TrimSpace(cur.Text)
		case "StoryData":
			storyData(s, cur, d)
		default:
			s.Passages = append(s.Passages, cur)
		}
		cur, body = nil, nil
	}
	for i, l := range lines {
		if strings.HasPrefix(l, "::") {
			flush()
			cur = tweeHeader(i+1, l, d)
			continue
		}
		if cur == nil {
			continue
		}
		text := l
		if strings.HasPrefix(text, `\::`) {
			text = text[1:]
		}
		body = append(body, text)
	}
	flush()
	if s.Name == "" {
		s.Name = "Untitled"
	}
	if len(s.Passages) == 0 {
		d.Errorf(story.Pos{File: d.File(), Line: 1, Col: 1}, "no passages found; a Twee passage starts with a line like \":: Start\"")
	}
	return s
}

// tweeHeader parses ":: Name [tags] {metadata}" with Twee's backslash escapes.
func tweeHeader(n int, line string, d *story.Diagnostics) *twPassage {
	p := &twPassage{Pos: story.Pos{File: d.File(), Line: n, Col: 1}}
	text := strings.TrimSpace(line[2:])
	var name strings.Builder
	i := 0
	for ; i < len(text); i++ {
		c := text[i]
		if c == '\\' && i+1 < len(text) {
			i++
			name.WriteByte(text[i])
			continue
		}
		if c == '[' || c == '{' {
			break
		}
		name.WriteByte(c)
	}
	p.Name = strings.TrimSpace(name.String())
	rest := strings.TrimSpace(text[i:])
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			d.Warnf(p.Pos, "passage %q: tag list is not closed", p.Name)
			end = len(rest)
			rest += "]"
		}
		p.Tags = strings.Fields(rest[1:end])
		rest = strings.TrimSpace(rest[end+1:])
	}
	if strings.HasPrefix(rest, "{") {
		if err := json.Unmarshal([]byte(rest), &p.Meta); err != nil {
			d.Warnf(p.Pos, "passage %q: metadata is not JSON (%v); ignored", p.Name, err)
		}
		if v, ok := p.Meta["position"].(string); ok {
			p.Position = v
		}
		if v, ok := p.Meta["size"].(string); ok {
			p.Size = v
		}
		delete(p.Meta, "position")
		delete(p.Meta, "size")
	}
	if p.Name == "" {
		d.Errorf(p.Pos, "passage header has no name")
	}
	return p
}

// storyData reads Twee's StoryData JSON.
func storyData(s *twStory, p *twPassage, d *story.Diagnostics) {
	var v struct {
		IFID          string    `json:"ifid"`
		Format        string    `json:"format"`
		FormatVersion string    `json:"format-version"`
		Start         string    `json:"start"`
		Forkcast      *frontDoc `json:"forkcast"`
	}
	if err := json.Unmarshal([]byte(p.Text), &v); err != nil {
		d.Warnf(p.Pos, "StoryData is not valid JSON (%v); ignored", err)
		return
	}
	s.IFID, s.Format, s.FormatVersion, s.Start, s.Front = v.IFID, v.Format, v.FormatVersion, v.Start, v.Forkcast
}

// tweeEscape escapes a passage name for a Twee header.
func tweeEscape(name string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "{", `\{`, "}", `\}`).Replace(name)
}

// tweeMeta returns a scene's Twee metadata: the Twine layout plus the poll
// options that differ from the story's defaults.
func tweeMeta(s *story.Story, sc *story.Scene) string {
	m := map[string]any{}
	if sc.Position != "" {
		m["position"] = sc.Position
	}
	if sc.Size != "" {
		m["size"] = sc.Size
	}
	for _, kv := range sceneOverrides(s, sc) {
		switch k, v := kv[0], kv[1]; {
		case k == "hide-results" || k == "letters":
			m[k] = v == "true"
		case k == "min" || k == "max":
			m[k] = atoiOr(v, 0)
		default:
			m[k] = v
		}
	}
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(m[k])
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.String()
}
