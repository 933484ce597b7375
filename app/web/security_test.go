package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/testkit"
)

// The attacks of issue #21 against a real server on loopback, over raw
// sockets (so that no client cleans a path or a Host header first).

// rawGet sends one request line with the given Host and headers on a new
// connection to addr and returns the status code, the headers and the body.
func rawGet(t *testing.T, addr, target, host string, header ...string) (int, http.Header, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", target, host)
	for _, h := range header {
		fmt.Fprintf(c, "%s\r\n", h)
	}
	fmt.Fprintf(c, "\r\n")
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s (Host %s): read the answer: %v", target, host, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// startStoryServer serves a story whose folder holds what a careless
// speaker keeps beside a talk: the show's real database (with its WAL),
// the story source, an HTML page and an SVG that carry scripts, a copy of
// the database renamed to an image, and a symlink to the database.
func startStoryServer(t *testing.T, edit func(*Config)) (addr, dir string) {
	t.Helper()
	dir = testkit.WriteTree(t, map[string]string{
		"talk.md":         "---\ntitle: T\nstart: a\n---\n:: a\n# A\n-> END\n",
		"img/pony.png":    "\x89PNG\r\n\x1a\nPONY",
		"map.svg":         `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`,
		"evil.html":       "<script>fetch('/api/links')</script>",
		"sounds/gong.ogg": "OggS-gong",
		"handout.pdf":     "%PDF-1.4",
	})
	db, err := sqlite.Open(filepath.Join(dir, "forkcast.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := os.Stat(filepath.Join(dir, "forkcast.db-wal")); err != nil {
		t.Fatalf("the database has no WAL beside it to attack: %v", err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "forkcast.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "img", "backup.png"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "forkcast.db"), filepath.Join(dir, "img", "db-link.png")); err != nil {
		t.Fatal(err)
	}
	st := testStory()
	st.Dir = dir
	s, _ := newTest(t, &fakeController{}, func(c *Config) {
		c.Story = func() *story.Story { return st }
		if edit != nil {
			edit(c)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	addr, err = s.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return addr, dir
}

// Issue #21 item 3: /story-assets/ served every file of the story's folder,
// the database and its WAL included, and HTML/SVG ran scripts on the app's
// origin. Only media files are served now, never a SQLite file whatever
// its name, each with a sandboxing CSP.
func TestStoryAssetsServeOnlyMedia(t *testing.T) {
	addr, _ := startStoryServer(t, nil)
	cases := []struct {
		target string
		ok     bool
		ctype  string
	}{
		{"/story-assets/img/pony.png", true, "image/png"},
		{"/story-assets/sounds/gong.ogg", true, "audio/ogg"},
		{"/story-assets/handout.pdf", true, "application/pdf"},
		{"/story-assets/map.svg", true, "image/svg+xml"},
		{"/story-assets/forkcast.db", false, ""},
		{"/story-assets/forkcast.db-wal", false, ""},
		{"/story-assets/forkcast.db-shm", false, ""},
		{"/story-assets/FORKCAST.DB", false, ""},
		{"/story-assets/talk.md", false, ""},
		{"/story-assets/evil.html", false, ""},
		{"/story-assets/img/backup.png", false, ""},  // the database renamed
		{"/story-assets/img/db-link.png", false, ""}, // a symlink to it
		{"/story-assets/%66orkcast.db", false, ""},
		{"/story-assets/img/..%2f..%2fforkcast.db", false, ""},
		{"/story-assets/img/%2e%2e/forkcast.db", false, ""},
		{"/story-assets/img/%252e%252e/forkcast.db", false, ""},
		{"/story-assets/img%5c..%5cforkcast.db", false, ""},
		{"/story-assets/forkcast.db%00.png", false, ""},
		{"/story-assets/forkcast.db%3f.png", false, ""},
	}
	for _, c := range cases {
		code, h, body := rawGet(t, addr, c.target, addr)
		// An SVG may hold a script: it is served, but sandboxed (below).
		if strings.Contains(body, "SQLite format 3") || !c.ok && strings.Contains(body, "<script") || strings.Contains(body, "title: T") {
			t.Errorf("GET %s leaked a file that must never be served (%d, %d bytes)", c.target, code, len(body))
		}
		if c.ok != (code == 200) {
			t.Errorf("GET %s = %d %q, want served=%v", c.target, code, body[:min(len(body), 60)], c.ok)
			continue
		}
		if !c.ok {
			continue
		}
		if got := h.Get("Content-Type"); got != c.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", c.target, got, c.ctype)
		}
		if got := h.Get("Content-Security-Policy"); !strings.Contains(got, "sandbox") || !strings.Contains(got, "default-src 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q, want a sandbox with default-src 'none'", c.target, got)
		}
	}
}

// Issue #21 item 3: the TCP listener accepted the Host names "wails",
// "evil.localhost" and "localhost.", which a rebinding DNS name can be
// made to send. Only loopback addresses and "localhost" are accepted now.
func TestHostNamesOnTheTCPListener(t *testing.T) {
	addr, _ := startStoryServer(t, nil)
	_, port, _ := net.SplitHostPort(addr)
	for host, want := range map[string]int{
		"127.0.0.1:" + port:      200,
		"localhost:" + port:      200,
		"[::1]:" + port:          200,
		"wails":                  401,
		"wails.localhost":        401,
		"evil.localhost:" + port: 401,
		"localhost.:" + port:     401,
		"localhost.":             401,
		"127.0.0.1.nip.io":       401,
		"evil.example:" + port:   401,
	} {
		code, _, body := rawGet(t, addr, "/story-assets/img/pony.png", host)
		if code != want {
			t.Errorf("Host %q: %d %q, want %d", host, code, body, want)
		}
	}
}

// Issue #21 item 12: the Origin check ignored the scheme.
func TestOriginSchemeMatters(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	for origin, want := range map[string]int{
		"http://127.0.0.1:8080":  200,
		"https://127.0.0.1:8080": 401,
		"ws://127.0.0.1:8080":    401,
		"null":                   401,
		"http://127.0.0.1:8080/": 200,
	} {
		w := do(t, s.Handler(), req{method: "POST", target: "/api/next", header: map[string]string{"Authorization": "Bearer " + testToken, "Origin": origin}})
		if w.Code != want {
			t.Errorf("Origin %q: %d, want %d", origin, w.Code, want)
		}
	}
}

// Issue #21 item 10: "--token a" was accepted on 0.0.0.0.
func TestWeakTokenRefusedOffLoopback(t *testing.T) {
	for _, c := range []struct {
		listen, token string
		ok            bool
	}{
		{"127.0.0.1:0", "a", true},
		{"0.0.0.0:0", "a", false},
		{"0.0.0.0:0", "password1234", false},
		{"0.0.0.0:0", strings.Repeat("ab", 40), false},
		{"[::]:0", "0123456789abcdef0123456789abcdef", true},
		{"0.0.0.0:0", "", true}, // New makes one
	} {
		_, err := New(Config{Controller: &fakeController{}, Story: testStoryFn, Listen: c.listen, Token: c.token})
		if (err == nil) != c.ok {
			t.Errorf("listen %s token %q: err %v, want ok=%v", c.listen, c.token, err, c.ok)
		}
		if err != nil && strings.Contains(err.Error(), c.token) && c.token != "a" {
			t.Errorf("the error shows the token: %v", err)
		}
	}
}

// Issue #21 item 12: the random token had 32 hex characters, the docs 48.
func TestRandomTokenIs48Hex(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Token = "" })
	if len(s.Token()) != 48 || strings.Trim(s.Token(), "0123456789abcdef") != "" {
		t.Fatalf("token %q, want 48 hex characters", s.Token())
	}
}

// Issue #21 item 10: wrong tokens were never limited (~4,600 guesses/s).
// After a burst of failures an address gets 429 for every token, the right
// one included (otherwise a guess would still tell right from wrong), while
// another address is not affected.
func TestWrongTokensAreLimitedPerAddress(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Listen = "0.0.0.0:0" })
	s.guesses.now = func() time.Time { return now }
	send := func(from, tok string) int {
		hr := req{method: "POST", target: "/api/next", header: map[string]string{"Authorization": "Bearer " + tok, "Host": "192.0.2.10:8080"}}
		return doFrom(t, s.Handler(), hr, from).Code
	}
	limited := 0
	for i := range 200 {
		code := send("198.51.100.7:4000", fmt.Sprintf("guess-%d", i))
		switch code {
		case 401:
		case 429:
			limited++
		default:
			t.Fatalf("guess %d: %d, want 401 or 429", i, code)
		}
	}
	if limited < 200-failBurst {
		t.Fatalf("%d of 200 wrong guesses limited, want at least %d", limited, 200-failBurst)
	}
	if got := send("198.51.100.7:4001", testToken); got != 429 {
		t.Errorf("the right token from the limited address: %d, want 429", got)
	}
	if got := send("203.0.113.9:4000", testToken); got != 200 {
		t.Errorf("the right token from another address: %d, want 200", got)
	}
	// An IPv6 attacker cannot hop within its /64.
	for i := range failBurst {
		send(fmt.Sprintf("[2001:db8:1:2::%x]:4000", i+1), "wrong")
	}
	if got := send("[2001:db8:1:2::ffff]:4000", testToken); got != 429 {
		t.Errorf("another address of the same /64: %d, want 429", got)
	}
	now = now.Add(failEvery + time.Millisecond)
	if got := send("198.51.100.7:4000", testToken); got != 200 {
		t.Errorf("the right token once the limit refilled: %d, want 200", got)
	}
}

// doFrom is do with the request's remote address set.
func doFrom(t testing.TB, h http.Handler, r req, remote string) *httpRecorder {
	t.Helper()
	return doWith(t, h, r, func(hr *http.Request) { hr.RemoteAddr = remote })
}

// Issue #21 item 12: /api/links answered http://[::]:PORT on a wildcard
// address, which no browser opens.
func TestLinksOnAWildcardAddressOpenLocally(t *testing.T) {
	for _, listen := range []string{"0.0.0.0:0", "[::]:0"} {
		s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Listen = listen })
		ctx, cancel := context.WithCancel(context.Background())
		addr, err := s.Start(ctx)
		if err != nil {
			cancel()
			t.Logf("listen %s: %v (no such network here)", listen, err)
			continue
		}
		_, port, _ := net.SplitHostPort(addr)
		w := do(t, s.Handler(), req{method: "GET", target: "/api/links", header: map[string]string{"Authorization": "Bearer " + testToken, "Host": "127.0.0.1:" + port}})
		cancel()
		var l Links
		if err := json.Unmarshal(w.Body.Bytes(), &l); err != nil || w.Code != 200 {
			t.Fatalf("listen %s: GET /api/links = %d %s", listen, w.Code, w.Body)
		}
		want := "http://127.0.0.1:" + port + "/"
		if !strings.HasPrefix(l.Stage, want) || !strings.HasPrefix(l.Console, want) {
			t.Errorf("listen %s: links %+v, want them on %s", listen, l, want)
		}
		if strings.Contains(l.Remote, "[::]") || strings.Contains(l.Remote, "0.0.0.0") {
			t.Errorf("listen %s: remote link %q names the wildcard address", listen, l.Remote)
		}
	}
}
