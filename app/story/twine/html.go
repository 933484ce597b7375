package twine

import (
	"bytes"
	"strings"

	"forkcast/app/story"

	"golang.org/x/net/html"
)

// parseTwineHTML reads every <tw-storydata> of a Twine 2 archive or
// published story. It uses the tokenizer, not the tree builder, to keep
// byte offsets for positions.
func parseTwineHTML(src []byte, d *story.Diagnostics) []*twStory {
	z := html.NewTokenizer(bytes.NewReader(src))
	var out []*twStory
	var cur *twStory
	var pass *twPassage
	var raw strings.Builder
	var inSpecial string // "script" or "style" inside a story
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		start := off
		rawTok := z.Raw()
		off += len(rawTok)
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch {
			case tok.Data == "tw-storydata":
				cur = &twStory{Pos: offsetToPos(d.File(), src, start)}
				for _, a := range tok.Attr {
					setStoryAttr(cur, a.Key, a.Val)
				}
				out = append(out, cur)
			case tok.Data == "tw-passagedata" && cur != nil && tt == html.StartTagToken:
				pass = &twPassage{Pos: offsetToPos(d.File(), src, start)}
				for _, a := range tok.Attr {
					setPassageAttr(pass, a.Key, a.Val)
				}
				raw.Reset()
			case (tok.Data == "script" || tok.Data == "style") && cur != nil && pass == nil:
				inSpecial = tok.Data
				raw.Reset()
			case pass != nil:
				raw.Write(rawTok)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch {
			case string(name) == "tw-passagedata" && pass != nil:
				pass.Text = html.UnescapeString(raw.String())
				cur.Passages = append(cur.Passages, pass)
				pass = nil
			case string(name) == "tw-storydata":
				cur = nil
			case inSpecial != "" && string(name) == inSpecial:
				if inSpecial == "script" {
					cur.Script += raw.String()
				} else {
					cur.Stylesheet += raw.String()
				}
				inSpecial = ""
			case pass != nil:
				raw.Write(rawTok)
			}
		case html.TextToken:
			if pass != nil || inSpecial != "" {
				raw.Write(rawTok)
			}
		}
	}
	if pass != nil && cur != nil {
		d.Warnf(pass.Pos, "passage %q is not closed (no </tw-passagedata>); read to the end of the file", pass.Name)
		pass.Text = html.UnescapeString(raw.String())
		cur.Passages = append(cur.Passages, pass)
	}
	for _, s := range out {
		resolveStartPID(s)
	}
	return out
}

func setStoryAttr(s *twStory, k, v string) {
	switch k {
	case "name":
		s.Name = v
	case "ifid":
		s.IFID = v
	case "format":
		s.Format = v
	case "format-version":
		s.FormatVersion = v
	case "startnode":
		s.startPID = v
	}
}

func setPassageAttr(p *twPassage, k, v string) {
	switch k {
	case "pid":
		p.PID = v
	case "name":
		p.Name = v
	case "tags":
		p.Tags = strings.Fields(v)
	case "position":
		p.Position = v
	case "size":
		p.Size = v
	}
}

func resolveStartPID(s *twStory) {
	for _, p := range s.Passages {
		if s.startPID != "" && p.PID == s.startPID {
			s.Start = p.Name
			return
		}
	}
}
