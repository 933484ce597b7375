package twine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"forkcast/app/story"
)

// maxImportSize bounds a Twine file read by Import.
const maxImportSize = 64 << 20

// ImportOptions tune Import.
type ImportOptions struct {
	Story       string       // the story to import from an archive of several, by name
	FetchImages bool         // download remote images into Dir/images
	Dir         string       // the folder the story will be written to (for fetched images)
	Client      *http.Client // for FetchImages; nil = a client with a 30 s timeout
	Context     context.Context
}

// Imported is the result of a Twine import: a story file in Forkcast's format.
type Imported struct {
	Name    string   // the imported story's name
	Stories []string // every story the file holds (one for Twee)
	Source  []byte   // the story file text, to be written and checked
	Images  []string // files fetched into Dir, relative to it
}

// AmbiguousError is returned when an archive holds several stories and
// ImportOptions.Story does not pick one of them.
type AmbiguousError struct {
	Names []string
	Asked string // the name asked for, if any
}

// Error lists the stories to choose from.
func (e *AmbiguousError) Error() string {
	if e.Asked != "" {
		return fmt.Sprintf("no story named %q; the file holds: %s", e.Asked, strings.Join(quoteAll(e.Names), ", "))
	}
	return fmt.Sprintf("the file holds %d stories; pick one with --story: %s", len(e.Names), strings.Join(quoteAll(e.Names), ", "))
}

// twStory is a Twine story read from HTML or Twee, before conversion.
type twStory struct {
	Name, IFID, Format, FormatVersion string
	Start                             string // start passage name
	startPID                          string
	Passages                          []*twPassage
	Script, Stylesheet                string
	Pos                               story.Pos
	Front                             *frontDoc // Forkcast settings kept in Twee's StoryData
}

// twPassage is one Twine passage.
type twPassage struct {
	PID, Name      string
	Tags           []string
	Position, Size string
	Text           string
	Pos            story.Pos
	Meta           map[string]any // other Twee metadata (Forkcast scene options)
}

// Import reads a Twine 2 HTML file (an archive or a published story) or
// a Twee 3 file from r and converts one story to Forkcast's format; name is
// used in diagnostic positions. Problems with the content (links to missing
// passages, macros, scripts, remote images) are diagnostics. It fails on a
// read error, on a file holding no story, with *AmbiguousError when an
// archive holds several stories and opts.Story names none of them, and when
// a fetched image cannot be saved.
func Import(r io.Reader, name string, opts ImportOptions) (*Imported, []story.Diagnostic, error) {
	src, err := io.ReadAll(io.LimitReader(r, maxImportSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read twine file %s: %w", name, err)
	}
	if len(src) > maxImportSize {
		return nil, nil, fmt.Errorf("read twine file %s: larger than %d MB", name, maxImportSize>>20)
	}
	d := story.NewDiagnostics(name)
	var stories []*twStory
	if isTwineHTML(src) {
		stories = parseTwineHTML(src, d)
	} else {
		stories = []*twStory{parseTwee(src, d)}
	}
	if len(stories) == 0 {
		return nil, nil, fmt.Errorf("import %s: no Twine story found (no <tw-storydata> element, no \":: passage\" lines)", name)
	}
	imp := &Imported{}
	for _, s := range stories {
		imp.Stories = append(imp.Stories, s.Name)
	}
	st, err := pickStory(stories, opts.Story, imp.Stories)
	if err != nil {
		return nil, nil, err
	}
	imp.Name = st.Name
	c := &converter{d: d, st: st, opts: opts, imp: imp}
	if err := c.convert(); err != nil {
		return nil, nil, err
	}
	return imp, d.List(), nil
}

func pickStory(stories []*twStory, want string, names []string) (*twStory, error) {
	if want == "" {
		if len(stories) == 1 {
			return stories[0], nil
		}
		return nil, &AmbiguousError{Names: names}
	}
	for _, s := range stories {
		if s.Name == want {
			return s, nil
		}
	}
	for _, s := range stories {
		if strings.EqualFold(s.Name, want) {
			return s, nil
		}
	}
	return nil, &AmbiguousError{Names: names, Asked: want}
}

// isTwineHTML tells Twine HTML from Twee: HTML starts with a tag.
func isTwineHTML(src []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\uFEFF")), " \t\r\n")
	return bytes.HasPrefix(t, []byte("<")) || bytes.Contains(src, []byte("<tw-storydata"))
}

// posTracker converts byte offsets of one source to positions (for HTML
// input). Offsets asked for must not decrease: it moves forward from the
// last one, so positions for a whole file cost time linear in its size,
// however long its lines.
type posTracker struct {
	file      string
	src       []byte
	off       int // the last offset converted
	line, col int // its position
}

func newPosTracker(file string, src []byte) *posTracker {
	return &posTracker{file: file, src: src, line: 1, col: 1}
}

// pos returns the position of off; an offset behind the last one, or past
// the end, is clamped.
func (t *posTracker) pos(off int) story.Pos {
	off = min(max(off, t.off), len(t.src))
	for _, r := range string(t.src[t.off:off]) {
		if r == '\n' {
			t.line, t.col = t.line+1, 1
		} else {
			t.col++
		}
	}
	t.off = off
	return story.Pos{File: t.file, Line: t.line, Col: t.col}
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

// quoteAll quotes each name.
func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strconv.Quote(n)
	}
	return out
}
