package story

import (
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SitePlaceholder in a reply text is replaced by the story's site URL.
const SitePlaceholder = "{site}"

// siteOption reads `site:`, the public URL of the published site: an
// absolute http or https URL with a host, else an error at the value.
func siteOption(v *yaml.Node, at posFn, d *diags) string {
	t, ok := scalarText(v, at, d, "site")
	if !ok {
		return ""
	}
	t = strings.TrimSpace(t)
	u, err := url.Parse(t)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(t, " \t") {
		d.errorf(at.of(v), "site: %q is not a web address; write the full URL, e.g. https://example.org/my-talk/", t)
		return ""
	}
	return t
}

// expandSite puts the site URL in place of {site} in every reply text; a
// reply naming {site} in a story without `site:` is a warning (the
// placeholder would be sent as written).
func (st *parseState) expandSite() {
	s := st.story
	warned := false
	expand := func(text *string) {
		if !strings.Contains(*text, SitePlaceholder) {
			return
		}
		if s.Site == "" {
			if !warned {
				st.d.warnf(st.pos(1, 1), "a reply uses {site} but the front matter sets no site: URL")
				warned = true
			}
			return
		}
		*text = strings.ReplaceAll(*text, SitePlaceholder, s.Site)
	}
	r := &s.Replies
	for _, t := range []*string{&r.Accepted, &r.Closed, &r.Invalid, &r.Rating, &r.Help} {
		expand(t)
	}
	for _, sc := range s.Scenes {
		if sc.Rating != nil {
			expand(&sc.Rating.Reply)
		}
	}
}
