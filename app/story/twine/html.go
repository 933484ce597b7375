package twine

import (
	"bytes"
	"fmt"
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
	var unclosed []*twPassage
	// closeOpen keeps a passage that the next one (or the file's end) cut
	// off: its text so far, and a note for the warning.
	closeOpen := func() {
		if pass != nil && cur != nil {
			unclosed = append(unclosed, pass)
			pass.Text = html.UnescapeString(raw.String())
			cur.Passages = append(cur.Passages, pass)
		}
		pass = nil
	}
	off := 0
	at := newPosTracker(d.File(), src)
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
				cur = &twStory{Pos: at.pos(start)}
				for _, a := range tok.Attr {
					setStoryAttr(cur, a.Key, a.Val)
				}
				out = append(out, cur)
			case tok.Data == "tw-passagedata" && cur != nil && tt == html.StartTagToken:
				closeOpen()
				pass = &twPassage{Pos: at.pos(start)}
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
				closeOpen()
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
	closeOpen()
	warnUnclosed(d, unclosed)
	for _, s := range out {
		resolveStartPID(s)
	}
	return out
}

// warnUnclosed reports passages with no </tw-passagedata> once, naming the
// first: a file of thousands of them gets one warning, not thousands.
func warnUnclosed(d *story.Diagnostics, ps []*twPassage) {
	if len(ps) == 0 {
		return
	}
	more := ""
	if len(ps) > 1 {
		more = fmt.Sprintf(" (and %d more passages like it)", len(ps)-1)
	}
	d.Warnf(ps[0].Pos, "passage %q is not closed (no </tw-passagedata>); its text runs to the next passage or the end of the file%s", ps[0].Name, more)
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
