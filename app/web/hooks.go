package web

import (
	"fmt"
	"net/http"
	"strings"

	"forkcast/app/story"
)

// Hook is an extra route for a vote source that is called by a device rather
// than by a person: the Android phone posting its texts (the CLI builds it
// from the source; this package imports no bridge). The route takes no token:
// the handler checks the caller's signature itself and answers for it. The
// server still refuses an unknown Host on loopback and a POST whose Origin
// header names another site (a device sends none; a browser always does), so
// a web page cannot reach the handler at all.
type Hook struct {
	Path    string       // e.g. "/android/webhook": a fixed path outside /api/ and the pages
	Handler http.Handler // answers every method itself
}

// checkHooks fails on a hook without a handler, on a path that is not a
// plain absolute path, or on one the server already answers (a page, the
// API, the story's assets, another hook).
func checkHooks(hooks []Hook) error {
	taken := map[string]bool{"/": true}
	for _, rt := range Routes() {
		taken[rt.Path] = true
	}
	for _, h := range hooks {
		p := h.Path
		switch {
		case h.Handler == nil:
			return fmt.Errorf("web: hook %q has no handler", p)
		case !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "{}? #\\") || strings.Contains(p, "//") || strings.HasSuffix(p, "/"):
			return fmt.Errorf("web: hook path %q: want a fixed path such as /android/webhook", p)
		case p == "/api" || strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, story.AssetPrefix):
			return fmt.Errorf("web: hook path %q is inside the API or the story's assets", p)
		case taken[p]:
			return fmt.Errorf("web: hook path %q is already served", p)
		}
		taken[p] = true
	}
	return nil
}

// hook wraps a Hook's handler with the checks a route without a token keeps.
func (s *Server) hook(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.public && !loopbackName(r.Host) {
			s.writeError(w, r, errBadHost)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r.Host) {
			s.writeError(w, r, errBadOrigin)
			return
		}
		h.ServeHTTP(w, r)
	})
}
