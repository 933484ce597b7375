package publish

import (
	"embed"
	"fmt"
	"net/url"
	"strings"
)

// assets/stage.css is a copy of frontend/src/styles/slides.css (see
// TestStageCSSIsSlidesCSS), written again by:
//
//go:generate go test -run ^TestStageCSSIsSlidesCSS$ -update .

//go:embed assets/site.css assets/stage.css assets/fonts/*.woff2 assets/fonts/*.txt
var assetFS embed.FS

// pageName is the file name of scene id's page: letters, digits, "-" and
// "_" kept, every other byte written as "~XX", so two ids never share a page
// and a name never leaves the folder.
func pageName(id string) string {
	var b strings.Builder
	b.WriteString("scene-")
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "~%02X", c)
		}
	}
	b.WriteString(".html")
	return b.String()
}

// href is pageName as a relative URL.
func href(id string) string { return url.PathEscape(pageName(id)) }
