package story

import (
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeFormatter writes highlighted code with CSS classes (see ChromaCSS).
var codeFormatter = chromahtml.New(chromahtml.WithClasses(true))

// slideRenderer renders fenced code with chroma and rewrites asset URLs in
// raw HTML; everything else is goldmark's HTML renderer.
type slideRenderer struct{ ctx *renderCtx }

// RegisterFuncs registers the fenced-code and raw-HTML renderers.
func (r slideRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.fenced)
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindRawHTML, r.rawHTML)
}

func (r slideRenderer) fenced(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(source))
	}
	lang := strings.ToLower(string(n.Language(source)))
	lexer := lexers.Fallback
	if lang != "" {
		if l := lexerFor(lang); l != nil {
			lexer = l
		} else if n.Info != nil {
			r.ctx.langs = append(r.ctx.langs, langRef{lang: lang, off: n.Info.Segment.Start})
		}
	}
	_, _ = w.WriteString(highlight(lexer, lang, code.String()))
	return ast.WalkSkipChildren, nil
}

// maxLangLen bounds the code language looked up in chroma's registry. A
// name that is not a lexer's name or alias is matched against every
// lexer's filename globs, which costs time in proportion to its length:
// a fence with a 3,600-character info string (found by FuzzParseNoHTML)
// took a second per parse. Chroma's longest name, alias or filename is far
// shorter than this.
const maxLangLen = 64

// lexerFor is chroma's lexer for a fence's language, or nil when there is
// none (or the language is longer than any lexer's name).
func lexerFor(lang string) chroma.Lexer {
	if len(lang) > maxLangLen {
		return nil
	}
	return lexers.Get(lang)
}

// codeCache keeps highlighted blocks across parses: a live reload re-lexes
// only the code that changed (lexing is most of the parse time).
var codeCache = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

const codeCacheMax = 1024

// highlight renders one code block, from the cache when it can.
func highlight(lexer chroma.Lexer, lang, code string) string {
	key := lang + "\x00" + code
	codeCache.Lock()
	out, ok := codeCache.m[key]
	codeCache.Unlock()
	if ok {
		return out
	}
	var b strings.Builder
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err == nil {
		b.WriteString(`<div class="code" data-lang="` + htmlEscape(lang) + `">`)
		err = codeFormatter.Format(&b, chromaStyle(false), it)
		b.WriteString("</div>\n")
	}
	if err != nil {
		return "<pre><code>" + htmlEscape(code) + "</code></pre>\n"
	}
	codeCache.Lock()
	if len(codeCache.m) >= codeCacheMax {
		codeCache.m = map[string]string{}
	}
	codeCache.m[key] = b.String()
	codeCache.Unlock()
	return b.String()
}

func (r slideRenderer) htmlBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	var b strings.Builder
	if entering {
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(source))
		}
	} else if n.HasClosure() {
		b.Write(n.ClosureLine.Value(source))
	}
	_, _ = w.WriteString(rewriteRawHTML(b.String(), r.ctx))
	return ast.WalkContinue, nil
}

func (r slideRenderer) rawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	var b strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(source))
	}
	_, _ = w.WriteString(rewriteRawHTML(b.String(), r.ctx))
	return ast.WalkSkipChildren, nil
}
