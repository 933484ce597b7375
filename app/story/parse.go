package story

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// srcLine is one line of a story file.
type srcLine struct {
	n     int    // line number, from 1
	text  string // without the line ending
	fence bool   // a code fence delimiter or a line inside a fenced block
	off   int    // runes cut from the start of the line (a "Note:" prefix)
}

// at returns the position of byte offset i of l.text.
func (st *parseState) at(l srcLine, i int) Pos { return st.pos(l.n, l.off+col(l.text, i)) }

// atCol returns the position of rune column c (from 1) of l.text.
func (st *parseState) atCol(l srcLine, c int) Pos { return st.pos(l.n, l.off+c) }

// slideSrc remembers where a slide's Markdown came from, for positions.
type slideSrc struct {
	body, notes []srcLine
}

// parseState is the working state of one Parse call.
type parseState struct {
	file, dir string
	d         *diags
	story     *Story
	startPos  Pos
	byID      map[string]*Scene
	slides    map[*Slide]*slideSrc
	sceneSrc  map[*Scene]*sceneInfo
	targetPos map[*Choice]Pos
	noHTML    bool     // Options.NoHTML
	files     []string // the story folder's servable files, for "did you mean" (missing.go)
}

// sceneInfo is what the checker needs about a scene beyond the Scene type.
type sceneInfo struct {
	header  Pos
	nextPos Pos // position of the divert target
	exitPos Pos // position of the exit option's target
	opts    map[string]Pos
	// lookalike is a look-alike arrow ("→ END") starting the scene's last
	// line, and lookalikeAt its position: reported if the scene has no way on.
	lookalike   string
	lookalikeAt Pos
}

// Options changes what ParseWith and ParseFileWith do.
type Options struct {
	// NoHTML leaves every slide's HTML and NotesHTML and every choice's
	// LabelHTML empty, for callers that only check (the check and
	// import-twine commands): Markdown is then rendered only where it can
	// hold an image, a link, raw HTML or a fenced code block, whose checks
	// need the rendering. The diagnostics, word counts and everything else
	// are the same as Parse's.
	NoHTML bool
}

// ParseFile reads, parses and checks the story at path. The error is only for
// I/O; problems in the story are diagnostics, sorted by position.
func ParseFile(path string) (*Story, []Diagnostic, error) {
	return ParseFileWith(path, Options{})
}

// ParseFileWith is ParseFile with options.
func ParseFileWith(path string, opt Options) (*Story, []Diagnostic, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read story %s: %w", path, err)
	}
	s, ds := ParseWith(path, src, filepath.Dir(path), opt)
	return s, ds, nil
}

// Parse parses and checks a story named name (used in positions) whose assets
// live in dir. It never fails: every problem is a diagnostic, sorted by
// position, and the returned story holds whatever could be read.
func Parse(name string, src []byte, dir string) (*Story, []Diagnostic) {
	return ParseWith(name, src, dir, Options{})
}

// ParseWith is Parse with options.
func ParseWith(name string, src []byte, dir string, opt Options) (*Story, []Diagnostic) {
	sum := sha256.Sum256(src)
	s := &Story{File: name, Dir: dir, Hash: hex.EncodeToString(sum[:]), WPM: DefaultWPM,
		Vote: VoteOptions{Policy: LastWins, Ties: TiesPresenter, Open: OpenOnKey, Grace: DefaultGrace}}
	st := &parseState{file: name, dir: dir, d: &diags{file: name}, story: s,
		byID: map[string]*Scene{}, slides: map[*Slide]*slideSrc{}, sceneSrc: map[*Scene]*sceneInfo{}, targetPos: map[*Choice]Pos{},
		noHTML: opt.NoHTML}
	if msg := encodingProblem(src); msg != "" {
		st.d.errorf(st.pos(1, 1), "%s", msg)
		return s, SortDiagnostics(st.d.list)
	}
	lines := splitLines(src)
	rest := st.frontMatter(lines)
	st.scenes(rest)
	st.resolveStart()
	st.expandSite()
	st.render()
	st.check()
	s.Scene("") // build the id index now, so later readers on many goroutines only read it
	return s, SortDiagnostics(st.d.done())
}

// splitLines splits src into numbered lines, dropping a BOM; a line ends
// with "\n", "\r\n" or a lone "\r" (classic Mac OS), as in CommonMark.
func splitLines(src []byte) []srcLine {
	text := strings.TrimPrefix(string(src), "\uFEFF")
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	}
	parts := strings.Split(text, "\n")
	if len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	out := make([]srcLine, len(parts))
	for i, p := range parts {
		out[i] = srcLine{n: i + 1, text: strings.TrimSuffix(p, "\r")}
	}
	return out
}

// encodingProblem says why src is not a UTF-8 text file (UTF-16 or UTF-32,
// with or without a byte order mark, or binary with NUL bytes), or "" when
// it may be one. Parsing such a file would only say "no scenes".
func encodingProblem(src []byte) string {
	const fix = "; save it as UTF-8 (in most editors: Save as, Encoding: UTF-8)"
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(src, []byte{0, 0, 0xFE, 0xFF}):
		return "the file is UTF-32 text, not UTF-8" + fix
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		return "the file is UTF-16 text (little-endian, with a byte order mark), not UTF-8" + fix
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return "the file is UTF-16 text (big-endian, with a byte order mark), not UTF-8" + fix
	}
	i := bytes.IndexByte(src, 0)
	if i < 0 {
		return ""
	}
	// UTF-16 without a mark: ASCII text has a NUL in every other byte.
	head := src[:min(len(src), 512)]
	var even, odd int
	for j, b := range head {
		if b == 0 {
			if j%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	if half := len(head) / 2; half > 0 && max(even, odd)*10 >= half*8 && min(even, odd)*10 < half {
		order := "little-endian"
		if even > odd {
			order = "big-endian"
		}
		return "the file is UTF-16 text (" + order + ", without a byte order mark), not UTF-8" + fix
	}
	return fmt.Sprintf("the file holds a NUL byte (at byte %d, line %d): it is not a text file, or it is damaged", i, bytes.Count(src[:i], []byte("\n"))+1)
}

func (st *parseState) pos(line, col int) Pos { return Pos{File: st.file, Line: line, Col: col} }

// col converts a byte offset in text to a 1-based rune column.
func col(text string, byteOff int) int {
	if byteOff > len(text) {
		byteOff = len(text)
	}
	return utf8.RuneCountInString(text[:byteOff]) + 1
}

// frontMatter parses a leading --- block and returns the lines after it.
func (st *parseState) frontMatter(lines []srcLine) []srcLine {
	if len(lines) == 0 || strings.TrimRight(lines[0].text, " \t") != "---" {
		return lines
	}
	for i := 1; i < len(lines); i++ {
		t := strings.TrimRight(lines[i].text, " \t")
		if t == "---" || t == "..." {
			var b strings.Builder
			for _, l := range lines[1:i] {
				b.WriteString(l.text)
				b.WriteByte('\n')
			}
			at := func(line, c int) Pos { return st.pos(line+1, c) }
			parseFrontMatter(b.String(), at, st.story, st, st.d)
			return lines[i+1:]
		}
		if strings.HasPrefix(lines[i].text, "::") {
			break
		}
	}
	st.d.errorf(st.pos(1, 1), "front matter is not closed: end it with a line of three dashes (---)")
	return nil
}

// scenes splits the body into scenes at ":: " header lines.
func (st *parseState) scenes(lines []srcLine) {
	first := len(lines)
	for i, l := range lines {
		if isHeader(l.text) {
			first = i
			break
		}
	}
	for _, l := range lines[:first] {
		if strings.TrimSpace(l.text) != "" {
			st.d.warnf(st.pos(l.n, 1), "text before the first scene is ignored; start a scene with a line like \":: intro\"")
			break
		}
	}
	if first == len(lines) {
		p := st.pos(1, 1)
		if len(lines) > 0 {
			p = st.pos(lines[0].n, 1)
		}
		st.d.errorf(p, "the story has no scenes; start one with a line like \":: intro\"")
		return
	}
	for i := first; i < len(lines); {
		j := i + 1
		for j < len(lines) && !isHeader(lines[j].text) {
			j++
		}
		st.scene(lines[i], lines[i+1:j])
		i = j
	}
}

func isHeader(text string) bool { return strings.HasPrefix(text, "::") }

// header parses ":: id [tags] {options}".
func (st *parseState) header(l srcLine) (sc *Scene, info *sceneInfo, optText string, optCol int, ok bool) {
	text := l.text
	i := 2
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	j := i
	for j < len(text) && !strings.ContainsRune(" \t[{", rune(text[j])) {
		j++
	}
	id := text[i:j]
	if id == "" {
		st.d.errorf(st.pos(l.n, 1), "scene header has no id; write \":: scene-id\"")
		return nil, nil, "", 0, false
	}
	sc = &Scene{ID: id, Pos: st.pos(l.n, col(text, i))}
	info = &sceneInfo{header: st.pos(l.n, 1), opts: map[string]Pos{}}
	if bad := badIDRune(id); bad != 0 {
		st.d.errorf(sc.Pos, "scene id %q may not contain %q; use letters, digits, \"-\", \"_\" and \".\"", id, bad)
	} else if id == End {
		st.d.errorf(sc.Pos, "%q is reserved for the end of the talk; pick another scene id", End)
	}
	rest := strings.TrimLeft(text[j:], " \t")
	k := len(text) - len(rest)
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			st.d.errorf(st.pos(l.n, col(text, k)), "tag list is not closed: add \"]\"")
			return sc, info, "", 0, true
		}
		sc.Tags = strings.Fields(rest[1:end])
		rest = strings.TrimLeft(rest[end+1:], " \t")
		k = len(text) - len(rest)
	}
	if strings.HasPrefix(rest, "{") {
		return sc, info, strings.TrimRight(rest, " \t"), col(text, k), true
	}
	if rest != "" {
		st.d.errorf(st.pos(l.n, col(text, k)), "unexpected %q after scene id %q; a header is \":: id [tags] {options}\" and ids have no spaces", rest, id)
	}
	return sc, info, "", 0, true
}

// badIDRune returns the first rune not allowed in a scene id, or 0.
func badIDRune(id string) rune {
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_.", r) {
			return r
		}
	}
	return 0
}

// Slug turns a free-form name ("Back to the hub!") into a scene id
// ("back-to-the-hub"); it returns "scene" for a name with no letters or digits.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "scene"
	}
	return b.String()
}

// resolveStart defaults start to the first scene and checks it exists.
func (st *parseState) resolveStart() {
	s := st.story
	if len(s.Scenes) == 0 {
		return
	}
	if s.Start == "" {
		s.Start = s.Scenes[0].ID
		return
	}
	if st.byID[s.Start] == nil {
		st.d.errorf(st.startPos, "start scene %q does not exist%s", s.Start, didYouMean(s.Start, st.ids()))
	}
}

func (st *parseState) ids() []string {
	out := make([]string, 0, len(st.story.Scenes))
	for _, sc := range st.story.Scenes {
		out = append(out, sc.ID)
	}
	return out
}
