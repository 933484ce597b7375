package web

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strings"

	"forkcast/app/show"
)

// cookieName holds the token for a public server's pages, so the browser can
// load scripts, fonts and story images (which cannot carry a header).
const cookieName = "forkcast_token"

var (
	errNoToken   = show.Errorf(show.EUNAUTH, "This action needs the show's token.")
	errBadToken  = show.Errorf(show.EUNAUTH, "The token is not right.")
	errBadOrigin = show.Errorf(show.EUNAUTH, "Requests from another site are refused.")
	errBadHost   = show.Errorf(show.EUNAUTH, "Unknown host name; open the address Forkcast printed.")
	errNoRoute   = show.Errorf(show.ENOTFOUND, "No such API endpoint.")
)

// authorize checks a request against the route's access rule.
//
// Loopback server: GETs are open (the Host must be a loopback name, which
// defeats DNS rebinding); control POSTs need the bearer token.
// Public server: every request needs the token (header, ?token= or the cookie
// set by a page opened with ?token=); POSTs need the header.
// POSTs with an Origin header must come from the same origin.
func (s *Server) authorize(a access, r *http.Request) error {
	if !s.public && !loopbackName(r.Host) {
		return errBadHost
	}
	if a == control {
		if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r.Host) {
			return errBadOrigin
		}
		return s.checkToken(bearer(r))
	}
	if !s.public {
		return nil
	}
	tok := bearer(r)
	if tok == "" {
		tok = r.URL.Query().Get("token")
	}
	if tok == "" {
		if c, err := r.Cookie(cookieName); err == nil {
			tok = c.Value
		}
	}
	return s.checkToken(tok)
}

// checkToken compares in constant time.
func (s *Server) checkToken(tok string) error {
	if tok == "" {
		return errNoToken
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.cfg.Token)) != 1 {
		return errBadToken
	}
	return nil
}

// rememberToken sets the token cookie when a public page was opened with a good ?token=.
func (s *Server) rememberToken(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" || s.checkToken(tok) != nil {
		return
	}
	if c, err := r.Cookie(cookieName); err == nil && c.Value == tok {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

// bearer returns the token of an "Authorization: Bearer" header, or "".
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	const p = "bearer "
	if len(h) > len(p) && strings.EqualFold(h[:len(p)], p) {
		return strings.TrimSpace(h[len(p):])
	}
	return ""
}

// sameOrigin reports whether an Origin header names the host the request was sent to.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return strings.EqualFold(u.Host, host)
}

// loopbackName reports whether a Host header names this machine: a loopback
// IP, localhost, or a *.localhost name (the desktop window's own scheme).
func loopbackName(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || host == "wails" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// secure adds the headers every answer carries: no sniffing, no framing, no
// referrer (links may carry the token).
func (s *Server) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}
