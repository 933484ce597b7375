package twine

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"forkcast/app/story"
)

// Twine story format written by Export when the story names none.
const (
	DefaultFormat        = "Harlowe"
	DefaultFormatVersion = "3.3.9"
)

// Export writes s as Twee 3, for laying a talk out in Twine's map: one
// passage per scene (slides separated by --- lines, notes as "Note:" lines),
// a fork as one [[Label #keyword->target]] link per choice, a divert as
// [[target]], and -> END as no link. Settings Twine does not know go in
// StoryData's "forkcast" key and in passage metadata. It fails only when w does.
func Export(w io.Writer, s *story.Story) error {
	var b strings.Builder
	fmt.Fprintf(&b, ":: StoryTitle\n%s\n\n", s.Title)
	data := map[string]any{
		"ifid":           s.Twine.IFID,
		"format":         s.Twine.Format,
		"format-version": s.Twine.FormatVersion,
		"start":          s.Start,
		"forkcast":       frontFromStory(s),
	}
	if s.Twine.IFID == "" {
		data["ifid"] = ifidFromHash(s.Hash)
	}
	if s.Twine.Format == "" {
		data["format"], data["format-version"] = DefaultFormat, DefaultFormatVersion
	}
	js, err := json.MarshalIndent(data, "", "\t")
	if err != nil {
		return fmt.Errorf("export twee: %w", err)
	}
	fmt.Fprintf(&b, ":: StoryData\n%s\n", js)
	for _, sc := range s.Scenes {
		if s.Scene(sc.ID) != sc {
			continue
		}
		b.WriteString("\n:: " + tweeEscape(sc.ID))
		if len(sc.Tags) > 0 {
			b.WriteString(" [" + strings.Join(sc.Tags, " ") + "]")
		}
		if meta := tweeMeta(s, sc); meta != "" {
			b.WriteString(" " + meta)
		}
		b.WriteString("\n" + passageText(sc))
	}
	_, err = io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("export twee: %w", err)
	}
	return nil
}

// passageText is a scene's slides, notes and links as Twee passage text.
func passageText(sc *story.Scene) string {
	var b strings.Builder
	for i, sl := range sc.Slides {
		if i > 0 {
			b.WriteString("---\n")
		}
		if sl.Markdown != "" {
			b.WriteString(sl.Markdown + "\n")
		}
		if sl.Notes != "" {
			b.WriteString("Note: " + sl.Notes + "\n")
		}
	}
	text := b.String()
	var links []string
	switch {
	case sc.Fork != nil:
		for _, c := range sc.Fork.Choices {
			label := c.Label
			for _, k := range c.Keywords {
				label += " #" + k
			}
			links = append(links, "[["+linkSafe(label)+"->"+linkSafe(c.Target)+"]]")
		}
	case sc.Next != "" && sc.Next != story.End:
		links = append(links, "[["+linkSafe(sc.Next)+"]]")
	}
	if len(links) > 0 {
		if text != "" {
			text += "\n"
		}
		text += strings.Join(links, "\n") + "\n"
	}
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "::") {
			l = `\` + l
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func linkSafe(s string) string { return strings.ReplaceAll(s, "]]", "] ]") }

// ifidFromHash makes a stable Twine IFID (an uppercase UUID v4) from a hash.
func ifidFromHash(h string) string {
	b, err := hex.DecodeString(h)
	if err != nil || len(b) < 16 {
		b = make([]byte, 16)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	x := strings.ToUpper(hex.EncodeToString(b[:16]))
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}
