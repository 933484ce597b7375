package story

import (
	"bytes"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// Code highlighting styles: one light, one dark.
const (
	LightCodeStyle = "github"
	DarkCodeStyle  = "github-dark"
)

func chromaStyle(dark bool) *chroma.Style {
	if dark {
		return styles.Get(DarkCodeStyle)
	}
	return styles.Get(LightCodeStyle)
}

// ChromaCSS returns the stylesheet for highlighted code in slides: the light
// style by default; the dark style inside an element with data-theme="dark"
// or class "theme-dark", and when the system prefers dark unless an element
// says data-theme="light". It cannot fail: the styles are built in.
func ChromaCSS() string {
	var b strings.Builder
	b.WriteString("/* Forkcast code highlighting (chroma " + LightCodeStyle + " / " + DarkCodeStyle + "). */\n")
	b.WriteString(cssFor(false, ""))
	b.WriteString(cssFor(true, `[data-theme="dark"] `))
	b.WriteString(cssFor(true, `.theme-dark `))
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	b.WriteString(cssFor(true, `:root:not([data-theme="light"]) `))
	b.WriteString("}\n")
	return b.String()
}

// cssFor writes one style's rules, each selector prefixed with scope.
func cssFor(dark bool, scope string) string {
	var buf bytes.Buffer
	if err := codeFormatter.WriteCSS(&buf, chromaStyle(dark)); err != nil {
		return ""
	}
	var b strings.Builder
	for _, line := range strings.Split(buf.String(), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "*/"); strings.HasPrefix(line, "/*") && i >= 0 {
			line = strings.TrimSpace(line[i+2:])
		}
		sel, rest, ok := strings.Cut(line, "{")
		if !ok {
			continue
		}
		parts := strings.Split(sel, ",")
		for i, p := range parts {
			parts[i] = scope + strings.TrimSpace(p)
		}
		b.WriteString(strings.Join(parts, ", ") + " {" + rest + "\n")
	}
	return b.String()
}
