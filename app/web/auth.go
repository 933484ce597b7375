package web

import (
	"crypto/subtle"
	"errors"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

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

// tooManyGuesses is the refusal of a request from an address group that
// sent too many wrong tokens: 429 with Retry-After, whatever the token.
type tooManyGuesses struct{ until time.Time }

func (e tooManyGuesses) Error() string { return "too many wrong tokens from this address" }

// writeTooMany answers 429 for e.
func writeTooMany(w http.ResponseWriter, e tooManyGuesses) {
	secs := int(math.Ceil(time.Until(e.until).Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	writeJSON(w, http.StatusTooManyRequests, apiError{Code: "rate_limited", Message: "Too many wrong tokens from this address; wait a moment and use the link Forkcast printed."})
}

// authorize checks a request against the route's access rule.
//
// Local routes: a client on this machine with a loopback Host, no token.
// Loopback server: GETs are open (the Host must be a loopback name, which
// defeats DNS rebinding); control POSTs need the bearer token.
// Public server: with LANHosts, the Host must be a loopback name or one of
// them; every request needs the token (header, ?token= or the cookie
// set by a page opened with ?token=); POSTs need the header.
// POSTs with an Origin header must come from the same origin.
func (s *Server) authorize(a access, r *http.Request) error {
	if a == local {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() || !loopbackName(r.Host) {
			return errBadHost
		}
		return nil
	}
	if !s.public && !loopbackName(r.Host) {
		return errBadHost
	}
	if s.lan != nil && !loopbackName(r.Host) && !s.lan[hostIP(r.Host)] {
		return errBadHost
	}
	if a == control {
		if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r.Host) {
			return errBadOrigin
		}
		return s.checkToken(r, bearer(r))
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
	return s.checkToken(r, tok)
}

// checkToken compares tok with the token in constant time, refusing
// without comparing when r's address group sent too many wrong tokens
// (tooManyGuesses), and counting a wrong one against the group.
func (s *Server) checkToken(r *http.Request, tok string) error {
	if tok == "" {
		return errNoToken
	}
	group := addrGroup(r.RemoteAddr)
	if blocked, until := s.guesses.blocked(group); blocked {
		return tooManyGuesses{until}
	}
	if !s.validToken(tok) {
		s.guesses.fail(group)
		return errBadToken
	}
	return nil
}

// validToken compares tok with the token in constant time.
func (s *Server) validToken(tok string) bool {
	return subtle.ConstantTimeCompare([]byte(tok), []byte(s.Token())) == 1
}

// isTooMany returns the tooManyGuesses in err's chain.
func isTooMany(err error) (tooManyGuesses, bool) {
	var e tooManyGuesses
	ok := errors.As(err, &e)
	return e, ok
}

// rememberToken sets the token cookie when a public page was opened with a good ?token=.
func (s *Server) rememberToken(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" || !s.validToken(tok) {
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

// sameOrigin reports whether an Origin header names the origin the request
// was sent to: scheme http (the server speaks nothing else) and the same
// host and port.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || u.User != nil || (u.Path != "" && u.Path != "/") {
		return false
	}
	return strings.EqualFold(u.Host, host)
}

// loopbackName reports whether a Host header names this machine: a loopback
// IP or exactly "localhost". Other names, "*.localhost", "localhost." and
// the desktop window's "wails" included, are refused: the TCP listener is
// not the window's handler, and a name that is not a loopback address is
// what DNS rebinding from the venue network sends.
func loopbackName(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// hostIP is the IP address a Host header names, in canonical form, or "".
func hostIP(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	if ip == nil {
		return ""
	}
	return ip.String()
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
