package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// A browser the desktop app starts (Present's fallbacks, "Open in a
// browser") gets its link on its command line, which every user of the
// machine can read (ps, /proc). So it never gets the token: it gets a launch
// link, /launch/CODE, that works once, for a minute, from this machine only,
// and answers with a redirect to the page and its token. Whoever reads the
// command line after the browser has opened it holds a spent code.

// launchTTL is how long a launch link works when unused.
const launchTTL = time.Minute

// maxLaunches bounds the launch links waiting to be used (the oldest goes).
const maxLaunches = 16

// launches are the unused launch links: the hash of each code, its view and
// when it expires.
type launches struct {
	mu    sync.Mutex
	codes map[[32]byte]launch
}

type launch struct {
	view    string
	expires time.Time
}

// LaunchURL returns a launch link to view ("stage" or "console") on
// 127.0.0.1 (see above). It fails when view is unknown or the server is not
// running.
func (s *Server) LaunchURL(view string) (string, error) {
	page, err := s.URL(view) // checks view and that the server runs
	if err != nil {
		return "", err
	}
	p, err := url.Parse(page)
	if err != nil {
		return "", err
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	code := hex.EncodeToString(b[:])
	now := time.Now()
	l := &s.launches
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.codes == nil {
		l.codes = map[[32]byte]launch{}
	}
	var oldest [32]byte
	first := time.Time{}
	for k, v := range l.codes {
		switch {
		case now.After(v.expires):
			delete(l.codes, k)
		case first.IsZero() || v.expires.Before(first):
			oldest, first = k, v.expires
		}
	}
	if len(l.codes) >= maxLaunches {
		delete(l.codes, oldest)
	}
	l.codes[sha256.Sum256([]byte(code))] = launch{view: view, expires: now.Add(launchTTL)}
	return (&url.URL{Scheme: "http", Host: p.Host, Path: "/launch/" + code}).String(), nil
}

// take spends code: it returns the view the code opens, or false when the
// code is unknown, used or expired.
func (l *launches) take(code string) (string, bool) {
	k := sha256.Sum256([]byte(code))
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.codes[k]
	delete(l.codes, k)
	if !ok || time.Now().After(v.expires) {
		return "", false
	}
	return v.view, true
}

// launch answers GET /launch/{code} (a local route: a browser on this
// machine): a redirect to the page with the token, once; 404 otherwise.
func (s *Server) launch(w http.ResponseWriter, r *http.Request) {
	view, ok := s.launches.take(r.PathValue("code"))
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("This start link was used already or has expired. Open the page again from the Forkcast app.\n"))
		return
	}
	target := url.URL{Path: "/" + view, RawQuery: "token=" + url.QueryEscape(s.Token())}
	http.Redirect(w, r, target.String(), http.StatusSeeOther)
}
