package web

import (
	"net/http"
	"strings"

	"forkcast/app/story"
)

// access says who may call a route.
type access int

const (
	// open: anyone on loopback; the token when the server is public.
	open access = iota
	// control: always the token, as "Authorization: Bearer TOKEN", and a
	// same-origin Origin header when one is sent (the POST actions, and
	// GET /api/links, whose answer carries the token).
	control
	// local: a client on this machine with a loopback Host, no token (the
	// launch links, whose code is their proof: launch.go).
	local
)

// Route is one documented endpoint (docs/http-api.md lists exactly these).
type Route struct {
	Method string
	Path   string
	access access
	handle func(*Server, http.ResponseWriter, *http.Request)
}

// Routes returns the endpoints the server answers, in documentation order.
func Routes() []Route {
	return []Route{
		{"GET", "/stage", open, (*Server).page},
		{"GET", "/console", open, (*Server).page},
		{"GET", "/launch/{code}", local, (*Server).launch},
		{"GET", "/api/story", open, (*Server).getStory},
		{"GET", "/api/state", open, (*Server).getState},
		{"GET", "/api/events", open, (*Server).events},
		{"GET", "/api/inbox", open, (*Server).getInbox},
		{"GET", "/api/links", control, (*Server).getLinks},
		{"POST", "/api/token", control, (*Server).newToken},
		{"POST", "/api/next", control, (*Server).next},
		{"POST", "/api/prev", control, (*Server).prev},
		{"POST", "/api/goto", control, (*Server).gotoScene},
		{"POST", "/api/poll/open", control, (*Server).openPoll},
		{"POST", "/api/poll/close", control, (*Server).closePoll},
		{"POST", "/api/poll/pick", control, (*Server).pick},
		{"POST", "/api/blank", control, (*Server).blank},
		{"GET", "/api/finish", control, (*Server).forkFinish},
		{"POST", "/api/exit", control, (*Server).takeExit},
		{"POST", "/api/clock/start", control, (*Server).startClock},
		{"POST", "/api/clock/reset", control, (*Server).resetClock},
		{"GET", "/api/rehearse/report", open, (*Server).timingReport},
		{"POST", "/api/rehearse/walk", control, (*Server).walk},
		{"GET", "/api/rehearse/audience", open, (*Server).getAudience},
		{"POST", "/api/rehearse/audience", control, (*Server).setAudience},
		{"POST", "/api/rehearse/reset", control, (*Server).resetRehearsal},
		{"POST", "/api/publish", control, (*Server).publish},
		{"GET", story.AssetPrefix + "{path...}", open, (*Server).storyAsset},
	}
}

// routes builds the handler: every route behind its access check, the
// devices' hooks (hooks.go), the frontend's files at the root, JSON 404s
// under /api/.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range Routes() {
		mux.Handle(rt.Method+" "+rt.Path, s.guard(rt.access, rt.handle))
	}
	for _, h := range s.cfg.Hooks {
		mux.Handle(h.Path, s.hook(h.Handler))
	}
	mux.Handle("GET /{$}", s.guard(open, (*Server).page))
	mux.Handle("/", s.guard(open, (*Server).fallback))
	return s.secure(mux)
}

// guard wraps h with the access check for a.
func (s *Server) guard(a access, h func(*Server, http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.authorize(a, r); err != nil {
			if e, ok := isTooMany(err); ok {
				writeTooMany(w, e)
				return
			}
			s.writeError(w, r, err)
			return
		}
		if a == open && s.public {
			s.rememberToken(w, r)
		}
		h(s, w, r)
	})
}

// fallback serves the frontend's files for GET and HEAD, and JSON errors
// for unknown API paths.
func (s *Server) fallback(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		s.noRoute(w, r)
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		s.static(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, apiError{Code: "method", Message: "Use GET for " + r.URL.Path + "."})
	}
}

// noRoute answers unknown /api/ paths: 405 for a known path with another method, else 404.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	var methods []string
	for _, rt := range Routes() {
		if rt.Path == r.URL.Path {
			methods = append(methods, rt.Method)
		}
	}
	if len(methods) == 0 {
		s.writeError(w, r, errNoRoute)
		return
	}
	allow := strings.Join(methods, ", ")
	w.Header().Set("Allow", allow)
	writeJSON(w, http.StatusMethodNotAllowed, apiError{Code: "method", Message: "Use " + strings.Join(methods, " or ") + " for " + r.URL.Path + "."})
}
