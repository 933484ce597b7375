package story

import (
	"slices"
	"testing"
)

func TestSiteOption(t *testing.T) {
	const head = "---\nvote:\n  number: \"1\"\n"
	cases := []struct {
		name, front, wantSite string
		wantDiags             []string
	}{
		{"https", "site: https://example.org/talk/\n", "https://example.org/talk/", nil},
		{"http", "site: http://talks.example/x\n", "http://talks.example/x", nil},
		{"no scheme", "site: example.org/talk\n", "",
			[]string{`4:7: error: site: "example.org/talk" is not a web address; write the full URL, e.g. https://example.org/my-talk/`}},
		{"javascript", "site: \"javascript:alert(1)\"\n", "",
			[]string{`4:7: error: site: "javascript:alert(1)" is not a web address; write the full URL, e.g. https://example.org/my-talk/`}},
		{"no host", "site: https:///x\n", "",
			[]string{`4:7: error: site: "https:///x" is not a web address; write the full URL, e.g. https://example.org/my-talk/`}},
		{"reply names it", "site: https://e.org/t\nreplies:\n  rating: \"Thanks! Slides: {site}\"\n", "https://e.org/t", nil},
		{"reply without site", "replies:\n  rating: \"Slides: {site}\"\n", "",
			[]string{`1:1: warning: a reply uses {site} but the front matter sets no site: URL`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, ds := Parse("t.md", []byte(head+c.front+"---\n"+oneScene), "")
			if got := lines(ds); !slices.Equal(got, c.wantDiags) {
				t.Fatalf("diagnostics=%q, want %q", got, c.wantDiags)
			}
			if s.Site != c.wantSite {
				t.Fatalf("site=%q, want %q", s.Site, c.wantSite)
			}
		})
	}
	s, _ := Parse("t.md", []byte(head+"site: https://e.org/t\nreplies:\n  rating: \"Slides: {site}\"\n---\n"+oneScene), "")
	if got, want := s.Replies.Rating, "Slides: https://e.org/t"; got != want {
		t.Fatalf("rating reply=%q, want %q", got, want)
	}
}
