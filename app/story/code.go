package story

import (
	"strings"

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
		if l := lexers.Get(lang); l != nil {
			lexer = l
		} else if n.Info != nil {
			r.ctx.langs = append(r.ctx.langs, langRef{lang: lang, off: n.Info.Segment.Start})
		}
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
	if err == nil {
		_, _ = w.WriteString(`<div class="code" data-lang="` + htmlEscape(lang) + `">`)
		err = codeFormatter.Format(w, chromaStyle(false), it)
		_, _ = w.WriteString("</div>\n")
	}
	if err != nil {
		_, _ = w.WriteString("<pre><code>" + htmlEscape(code.String()) + "</code></pre>\n")
	}
	return ast.WalkSkipChildren, nil
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
