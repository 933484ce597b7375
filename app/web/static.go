package web

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"forkcast/app/story"
)

// csp keeps pages to their own origin: the bundle, fonts and story assets are
// local; inline styles are needed for Svelte's style: bindings and the story's code CSS.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"

// noFrontend answers 503 when the frontend was not built into the binary.
func noFrontend(w http.ResponseWriter) {
	writeJSON(w, http.StatusServiceUnavailable, apiError{Code: "unavailable", Message: "The frontend is not built: run 'make frontend'."})
}

// page serves index.html for /, /stage and /console (the app routes itself).
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Frontend == nil {
		noFrontend(w)
		return
	}
	b, err := fs.ReadFile(s.cfg.Frontend, "index.html")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			noFrontend(w)
			return
		}
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", csp)
	_, _ = w.Write(b)
}

// static serves the frontend's files; hashed bundles under /assets/ are cached for good.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Frontend == nil {
		http.NotFound(w, r)
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" || name == "index.html" {
		s.page(w, r)
		return
	}
	if st, err := fs.Stat(s.cfg.Frontend, name); err != nil || st.IsDir() {
		http.NotFound(w, r)
		return
	}
	if strings.HasPrefix(name, "assets/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	http.ServeFileFS(w, r, s.cfg.Frontend, name)
}

// storyAsset serves files from the story's folder (images the slides name).
func (s *Server) storyAsset(w http.ResponseWriter, r *http.Request) {
	st := s.cfg.Story()
	if st == nil || st.Dir == "" {
		http.NotFound(w, r)
		return
	}
	http.StripPrefix(strings.TrimSuffix(story.AssetPrefix, "/"), StoryAssets(st.Dir)).ServeHTTP(w, r)
}
