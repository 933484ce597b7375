package publish

import (
	"fmt"
	"html"
	"strings"
)

var esc = html.EscapeString

// page is one HTML page being written.
type page struct {
	strings.Builder
}

// open writes the head, the skip link and the site's navigation.
func (p *page) open(title, site string, report bool) {
	p.WriteString("<!doctype html>\n<html lang=\"en\" data-theme=\"dark\">\n<head>\n<meta charset=\"utf-8\">\n")
	p.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	p.WriteString(`<meta name="generator" content="Forkcast">` + "\n")
	fmt.Fprintf(p, "<title>%s</title>\n", esc(title))
	p.WriteString(`<link rel="stylesheet" href="stage.css"><link rel="stylesheet" href="style.css"><link rel="stylesheet" href="code.css">` + "\n</head>\n<body>\n")
	p.WriteString(`<a class="skip" href="#main">Skip to content</a>` + "\n")
	fmt.Fprintf(p, `<header class="top"><nav aria-label="Site"><a class="home" href="index.html">%s</a> <a href="index.html#map">Map</a> <a href="index.html#path">The room's path</a> <a href="index.html#scenes">All scenes</a>`, esc(site))
	if report {
		p.WriteString(` <a href="report.html">Report</a>`)
	}
	p.WriteString("</nav></header>\n<main id=\"main\" tabindex=\"-1\">\n")
}

// close ends the page.
func (p *page) close() {
	p.WriteString("</main>\n<footer><p>Published with Forkcast. No tracking, no scripts; nothing here identifies anyone who voted.</p></footer>\n</body>\n</html>\n")
}
