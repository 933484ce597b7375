package cli

import (
	"errors"
	"log/slog"
	"path/filepath"
	"testing"
)

// TestRelaySources: `--source relay:URL1,URL2` and the source given twice
// make one stream per relay, each named for its host; one relay keeps the
// plain name; bad lists are usage errors.
func TestRelaySources(t *testing.T) {
	cases := []struct {
		name  string
		specs []string
		want  []string // source names
		usage bool
	}{
		{name: "one relay", specs: []string{"relay:https://r1.example.org"}, want: []string{"relay"}},
		{name: "comma list", specs: []string{"relay:https://r1.example.org,https://r2.example.org:8443"},
			want: []string{"relay r1.example.org", "relay r2.example.org:8443"}},
		{name: "repeated source", specs: []string{"relay:https://r1.example.org", "relay:https://r2.example.org"},
			want: []string{"relay r1.example.org", "relay r2.example.org"}},
		{name: "two paths behind one host", specs: []string{"relay:https://edge.example.org/a,https://edge.example.org/b/"},
			want: []string{"relay edge.example.org/a", "relay edge.example.org/b"}},
		{name: "same relay twice", specs: []string{"relay:https://r1.example.org,https://R1.example.org/"}, usage: true},
		{name: "empty item", specs: []string{"relay:https://r1.example.org,"}, usage: true},
		{name: "no URL", specs: []string{"relay:"}, usage: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			r := &showRuntime{log: slog.New(slog.DiscardHandler)}
			r.flags.db = filepath.Join(dir, "forkcast.db")
			r.flags.live = true
			r.flags.relayToken = "tok"
			r.flags.sources = c.specs
			err := r.buildSources()
			var u errUsage
			if c.usage {
				if !errors.As(err, &u) {
					t.Fatalf("buildSources(%q) = %v, want a usage error", c.specs, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("buildSources(%q): %v", c.specs, err)
			}
			var got []string
			for _, s := range r.sources {
				got = append(got, s.Name())
			}
			if !sameMultiset(got, c.want) || len(got) != len(c.want) {
				t.Fatalf("sources %q, want %q", got, c.want)
			}
		})
	}
}
