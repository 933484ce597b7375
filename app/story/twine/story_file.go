package twine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"forkcast/app/story"
)

// frontDoc is front matter as the importer writes it; Twee exports carry it
// as the "forkcast" key of StoryData so settings survive a round trip.
type frontDoc struct {
	Title   string          `json:"title,omitempty"`
	Authors []string        `json:"authors,omitempty"`
	Credits string          `json:"credits,omitempty"`
	Start   string          `json:"start,omitempty"`
	Slot    string          `json:"slot,omitempty"`
	WPM     int             `json:"wpm,omitempty"`
	Theme   string          `json:"theme,omitempty"`
	Vote    *voteDoc        `json:"vote,omitempty"`
	Replies *story.Replies  `json:"replies,omitempty"`
	Twine   story.TwineInfo `json:"-"`

	Languages []string  `json:"languages,omitempty"`
	Audio     *audioDoc `json:"audio,omitempty"`
	SafeArea  float64   `json:"safe-area,omitempty"`
}

// audioDoc is `audio:` as written: cue names or paths beside the story.
type audioDoc struct {
	Open       string  `json:"open,omitempty"`
	TenSeconds string  `json:"ten-seconds,omitempty"`
	Winner     string  `json:"winner,omitempty"`
	Volume     float64 `json:"volume"`
}

// audioDocOf writes a back as the story's source had it: asset URLs become
// the relative paths they came from.
func audioDocOf(a *story.Audio) *audioDoc {
	if a == nil {
		return nil
	}
	src := func(u string) string {
		p, ok := strings.CutPrefix(u, story.AssetPrefix)
		if !ok {
			return u
		}
		if dec, err := url.PathUnescape(p); err == nil {
			return dec
		}
		return p
	}
	return &audioDoc{Open: src(a.Open), TenSeconds: src(a.TenSeconds), Winner: src(a.Winner), Volume: a.Volume}
}

type voteDoc struct {
	Number      string `json:"number"`
	Timer       string `json:"timer,omitempty"`
	Policy      string `json:"policy,omitempty"`
	Ties        string `json:"ties,omitempty"`
	Open        string `json:"open,omitempty"`
	HideResults bool   `json:"hide-results,omitempty"`
	Grace       string `json:"grace,omitempty"`
	Letters     bool   `json:"letters,omitempty"`
}

// frontFromStory is the front matter that reproduces s's settings.
func frontFromStory(s *story.Story) *frontDoc {
	fd := &frontDoc{Title: s.Title, Authors: s.Authors, Credits: s.Credits, Start: s.Start, WPM: s.WPM, Theme: s.Theme,
		Vote: &voteDoc{Number: s.Vote.Number, Timer: formatDuration(s.Vote.Timer), Policy: string(s.Vote.Policy),
			Ties: string(s.Vote.Ties), Open: string(s.Vote.Open), HideResults: s.Vote.HideResults, Grace: formatDuration(s.Vote.Grace),
			Letters: s.Vote.Letters},
		Twine: s.Twine, Languages: s.Languages, Audio: audioDocOf(s.Audio), SafeArea: s.SafeArea}
	if s.Slot > 0 {
		fd.Slot = formatDuration(s.Slot)
	}
	if s.Replies != (story.Replies{}) {
		r := s.Replies
		fd.Replies = &r
	}
	return fd
}

// formatDuration writes d the way the story format reads it: 60s, 1m30s, 40m.
func formatDuration(d time.Duration) string {
	if d%time.Second != 0 {
		return d.String()
	}
	secs := int64(d / time.Second)
	switch {
	case secs == 0:
		return "0"
	case secs%60 == 0:
		return fmt.Sprintf("%dm", secs/60)
	case secs < 60:
		return fmt.Sprintf("%ds", secs)
	}
	return fmt.Sprintf("%dm%ds", secs/60, secs%60)
}

// yq quotes s as a YAML double-quoted scalar (JSON string syntax).
func yq(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

// writeFront writes fd as a front-matter block.
func writeFront(b *strings.Builder, fd *frontDoc) {
	b.WriteString("---\n")
	line := func(indent, key, val string) {
		if val != "" {
			fmt.Fprintf(b, "%s%s: %s\n", indent, key, val)
		}
	}
	line("", "title", yq(fd.Title))
	if len(fd.Authors) > 0 {
		b.WriteString("authors:\n")
		for _, a := range fd.Authors {
			fmt.Fprintf(b, "  - %s\n", yq(a))
		}
	}
	if fd.Credits != "" {
		line("", "credits", yq(fd.Credits))
	}
	line("", "start", yq(fd.Start))
	line("", "slot", fd.Slot)
	if fd.WPM > 0 && fd.WPM != story.DefaultWPM {
		line("", "wpm", fmt.Sprint(fd.WPM))
	}
	if fd.Theme != "" {
		line("", "theme", yq(fd.Theme))
	}
	b.WriteString("vote:\n")
	v := fd.Vote
	if v == nil {
		v = &voteDoc{}
	}
	if v.Number == "" {
		b.WriteString("  number: \"\"   # the number the audience texts, e.g. \"+1 503 555 0142\"\n")
	} else {
		line("  ", "number", yq(v.Number))
	}
	line("  ", "timer", v.Timer)
	line("  ", "policy", v.Policy)
	line("  ", "ties", v.Ties)
	line("  ", "open", v.Open)
	if v.HideResults {
		line("  ", "hide-results", "true")
	}
	line("  ", "grace", v.Grace)
	if v.Letters {
		line("  ", "letters", "true")
	}
	if len(fd.Languages) > 0 {
		line("", "languages", "["+strings.Join(fd.Languages, ", ")+"]")
	}
	if fd.SafeArea > 0 {
		line("", "safe-area", fmt.Sprintf("%g%%", fd.SafeArea))
	}
	if a := fd.Audio; a != nil {
		b.WriteString("audio:\n")
		for _, kv := range [][2]string{{"open", a.Open}, {"ten-seconds", a.TenSeconds}, {"winner", a.Winner}} {
			if kv[1] == "" {
				kv[1] = "off"
			}
			line("  ", kv[0], yq(kv[1]))
		}
		line("  ", "volume", fmt.Sprint(a.Volume))
	}
	if r := fd.Replies; r != nil && *r != (story.Replies{}) {
		b.WriteString("replies:\n")
		for _, kv := range [][2]string{{"accepted", r.Accepted}, {"closed", r.Closed}, {"invalid", r.Invalid}, {"rating", r.Rating}, {"help", r.Help}} {
			if kv[1] != "" {
				line("  ", kv[0], yq(kv[1]))
			}
		}
	}
	if t := fd.Twine; t != (story.TwineInfo{}) {
		b.WriteString("twine:\n")
		line("  ", "ifid", yq(t.IFID))
		line("  ", "format", yq(t.Format))
		line("  ", "format-version", yq(t.FormatVersion))
	}
	b.WriteString("---\n")
}

// outScene is a scene as the importer writes it.
type outScene struct {
	ID      string
	Tags    []string
	Opts    [][2]string // key, value (quoted on output)
	Body    string
	Next    string
	Choices []outChoice
}

type outChoice struct {
	Label, Target string
	Keywords      []string
}

func writeScene(b *strings.Builder, sc outScene) {
	fmt.Fprintf(b, "\n:: %s", sc.ID)
	if len(sc.Tags) > 0 {
		fmt.Fprintf(b, " [%s]", strings.Join(sc.Tags, " "))
	}
	if len(sc.Opts) > 0 {
		parts := make([]string, len(sc.Opts))
		for i, kv := range sc.Opts {
			parts[i] = kv[0] + ": " + yq(kv[1])
		}
		fmt.Fprintf(b, " {%s}", strings.Join(parts, ", "))
	}
	b.WriteString("\n")
	if body := strings.TrimSpace(sc.Body); body != "" {
		b.WriteString(body + "\n\n")
	}
	if len(sc.Choices) > 0 {
		for i, c := range sc.Choices {
			fmt.Fprintf(b, "%d. %s -> %s", i+1, c.Label, c.Target)
			for _, k := range c.Keywords {
				b.WriteString(" #" + k)
			}
			b.WriteString("\n")
		}
		return
	}
	fmt.Fprintf(b, "-> %s\n", sc.Next)
}

// sceneOverrides lists a scene's options that differ from the story's.
func sceneOverrides(s *story.Story, sc *story.Scene) [][2]string {
	var out [][2]string
	a, d := sc.Vote, s.Vote
	add := func(k string, differ bool, v string) {
		if differ {
			out = append(out, [2]string{k, v})
		}
	}
	add("number", a.Number != d.Number, a.Number)
	add("timer", a.Timer != d.Timer, formatDuration(a.Timer))
	add("policy", a.Policy != d.Policy, string(a.Policy))
	add("ties", a.Ties != d.Ties, string(a.Ties))
	add("open", a.Open != d.Open, string(a.Open))
	add("hide-results", a.HideResults != d.HideResults, fmt.Sprint(a.HideResults))
	add("grace", a.Grace != d.Grace, formatDuration(a.Grace))
	add("letters", a.Letters != d.Letters, fmt.Sprint(a.Letters))
	// A scene's own cues are kept when it silences the story's; other
	// per-scene cue mappings are not written back.
	add("audio", s.Audio != nil && sc.Audio == nil && (sc.Fork != nil || sc.Rating != nil), "off")
	if r := sc.Rating; r != nil {
		add("min", r.Min != 1, fmt.Sprint(r.Min))
		add("max", r.Max != 10, fmt.Sprint(r.Max))
		add("reply", r.Reply != s.Replies.Rating, r.Reply)
	}
	return out
}
