package story

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// AssetPrefix is the URL path relative story assets are served under.
const AssetPrefix = "/story-assets/"

// renderCtx collects what rendering one Markdown text found.
type renderCtx struct {
	refs  []assetRef
	langs []langRef
}

type assetRef struct {
	dest  string // as written
	image bool
}

type langRef struct {
	lang string
	off  int // byte offset of the info string in the source
}

// mdRenderer converts slide Markdown to HTML, the one renderer every view uses.
type mdRenderer struct {
	md  goldmark.Markdown
	ctx *renderCtx
}

func newRenderer() *mdRenderer {
	r := &mdRenderer{ctx: &renderCtx{}}
	r.md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(assetTransformer{r.ctx}, 1000))),
		goldmark.WithRendererOptions(html.WithUnsafe(),
			renderer.WithNodeRenderers(util.Prioritized(slideRenderer{r.ctx}, 100))),
	)
	return r
}

// convert renders src; it resets and fills r.ctx.
func (r *mdRenderer) convert(src string) string {
	*r.ctx = renderCtx{}
	if strings.TrimSpace(src) == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		// goldmark fails only on writer errors, which a bytes.Buffer never returns.
		return "<pre>" + htmlEscape(src) + "</pre>"
	}
	return buf.String()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// assetTransformer rewrites relative image and link URLs to AssetPrefix.
type assetTransformer struct{ ctx *renderCtx }

// Transform rewrites every image and link destination in doc.
func (t assetTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			n.Destination = t.rewrite(n.Destination, true)
		case *ast.Link:
			n.Destination = t.rewrite(n.Destination, false)
		}
		return ast.WalkContinue, nil
	})
}

func (t assetTransformer) rewrite(dest []byte, image bool) []byte {
	d := string(dest)
	if image || isRelativeURL(d) {
		t.ctx.refs = append(t.ctx.refs, assetRef{dest: d, image: image})
	}
	if u, ok := assetURL(d); ok {
		return []byte(u)
	}
	return dest
}

var rawURLAttr = regexp.MustCompile(`(?i)\b(src|href|poster)\s*=\s*("[^"]*"|'[^']*')`)

// rewriteRawHTML rewrites relative src/href/poster attributes in raw HTML
// written by the speaker, and records the assets it names.
func rewriteRawHTML(out string, ctx *renderCtx) string {
	if !strings.Contains(out, "=") {
		return out
	}
	return rawURLAttr.ReplaceAllStringFunc(out, func(m string) string {
		sub := rawURLAttr.FindStringSubmatch(m)
		quoted := sub[2]
		raw := htmlUnescape(quoted[1 : len(quoted)-1])
		image := !strings.EqualFold(sub[1], "href")
		if image || isRelativeURL(raw) {
			ctx.refs = append(ctx.refs, assetRef{dest: raw, image: image})
		}
		u, ok := assetURL(raw)
		if !ok {
			return m
		}
		return sub[1] + `="` + htmlEscape(u) + `"`
	})
}

func htmlUnescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&quot;", `"`, "&#39;", "'").Replace(s)
}

// render fills every slide's HTML, notes HTML and word count, and checks the
// assets and code languages the slides use.
func (st *parseState) render() {
	r := newRenderer()
	var root *os.Root
	if st.dir != "" {
		if rt, err := os.OpenRoot(st.dir); err == nil {
			root = rt
			defer root.Close()
		}
	}
	for _, sc := range st.story.Scenes {
		for _, sl := range sc.Slides {
			src := st.slides[sl]
			// Text over a limit is refused whole: not rendered, not
			// counted, so its cost stays bounded per slide.
			if st.withinLimits(sl.Markdown, src.body, sc.Pos, "slide") {
				sl.HTML = st.renderChecked(r, sl.Markdown, src.body, root)
				sl.Words = countWords(sl.Markdown)
				sl.CodeLines = countCodeLines(sl.Markdown)
			}
			if st.withinLimits(sl.Notes, src.notes, sc.Pos, "speaker notes") {
				sl.NotesHTML = st.renderChecked(r, sl.Notes, src.notes, root)
				sl.Words += countWords(sl.Notes)
			}
		}
		if sc.Fork != nil && len(sc.Slides) > 0 {
			last := sc.Slides[len(sc.Slides)-1]
			for _, c := range sc.Fork.Choices {
				if st.withinLimits(c.Label, nil, c.Pos, "choice label") {
					last.Words += countWords(c.Label)
					if !st.noHTML {
						c.LabelHTML = inlineHTML(r.convert(c.Label))
					}
				}
			}
		}
	}
}

// renderChecked renders md (from lines) and checks the assets and code
// languages it uses. With Options.NoHTML it returns "" and renders only
// when md holds a byte that can start what the checks look at: "[" for
// every image and link (inline, reference or definition), "<" for raw HTML,
// "`" and "~" for a fenced code block's language. Autolinks ("<http://x>",
// "www.x") are not links the checks read, and entities or escapes never
// make syntax, so text without those bytes yields no reference and no
// language.
func (st *parseState) renderChecked(r *mdRenderer, md string, lines []srcLine, root *os.Root) string {
	if st.noHTML && !strings.ContainsAny(md, checkedBytes) {
		return ""
	}
	h := r.convert(md)
	st.checkRendered(r.ctx, md, lines, root)
	if st.noHTML {
		return ""
	}
	return h
}

// checkedBytes are the bytes without which rendering finds nothing to check.
const checkedBytes = "[<`~"

// lineIndex holds where each line of joinLines(lines) starts, so that a
// byte offset maps to its line by binary search.
type lineIndex struct {
	lines  []srcLine
	starts []int
}

func newLineIndex(lines []srcLine) lineIndex {
	starts := make([]int, len(lines))
	off := 0
	for i, l := range lines {
		starts[i] = off
		off += len(l.text) + 1
	}
	return lineIndex{lines, starts}
}

// indexPos maps a byte offset in joinLines(idx.lines) to a file position.
func (st *parseState) indexPos(idx lineIndex, off int) Pos {
	if len(idx.lines) == 0 {
		return st.pos(1, 1)
	}
	i, _ := slices.BinarySearch(idx.starts, off+1) // the first line starting after off
	if i == 0 || off > idx.starts[len(idx.starts)-1]+len(idx.lines[len(idx.lines)-1].text) {
		return st.at(idx.lines[0], 0)
	}
	l := idx.lines[i-1]
	return st.at(l, off-idx.starts[i-1])
}

var wordRE = regexp.MustCompile(`[\p{L}\p{N}]+(['’][\p{L}]+)*`)
var notWords = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|<[^>]*>|https?://\S+`)

// countWords counts spoken words: Markdown syntax, tags and URLs left out.
func countWords(md string) int {
	if md == "" {
		return 0
	}
	n := 0
	fence := false
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			continue
		}
		if fence {
			continue
		}
		// notWords needs "]", "<" or "http" to match: most lines have none.
		if strings.ContainsAny(line, "]<") || strings.Contains(line, "http") {
			line = notWords.ReplaceAllString(line, " ")
		}
		n += len(wordRE.FindAllStringIndex(line, -1))
	}
	return n
}

// countCodeLines counts the non-blank lines inside fenced code blocks (```
// or ~~~, closed by a run of the same character at least as long, as in
// CommonMark). A fence left open runs to the end of md.
func countCodeLines(md string) int {
	n := 0
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		switch run := fenceRun(t); {
		case fence == "" && run != "":
			fence = run
		case fence != "" && len(run) >= len(fence) && run[0] == fence[0] && strings.Trim(t, run[:1]) == "":
			fence = ""
		case fence != "" && t != "":
			n++
		}
	}
	return n
}

// fenceRun returns the run of three or more backticks or tildes that starts
// t, or "".
func fenceRun(t string) string {
	if !strings.HasPrefix(t, "```") && !strings.HasPrefix(t, "~~~") {
		return ""
	}
	i := 0
	for i < len(t) && t[i] == t[0] {
		i++
	}
	return t[:i]
}

// inlineHTML unwraps a one-paragraph rendering ("<p>x</p>\n" -> "x").
func inlineHTML(h string) string {
	t := strings.TrimSpace(h)
	if strings.HasPrefix(t, "<p>") && strings.HasSuffix(t, "</p>") && strings.Count(t, "<p>") == 1 {
		return t[3 : len(t)-4]
	}
	return t
}
