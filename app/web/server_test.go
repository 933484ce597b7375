package web

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"forkcast/app/story"
)

func TestPages(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	for _, target := range []string{"/", "/stage", "/console"} {
		w := do(t, s.Handler(), req{method: "GET", target: target})
		if w.Code != 200 || !strings.Contains(w.Body.String(), "<title>Forkcast</title>") {
			t.Errorf("GET %s: %d %q, want index.html", target, w.Code, w.Body)
		}
		if got := w.Header().Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'self'") {
			t.Errorf("GET %s: CSP %q, want default-src 'self'", target, got)
		}
		if got := w.Header().Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("GET %s: Referrer-Policy %q, want no-referrer", target, got)
		}
	}
	w := do(t, s.Handler(), req{method: "GET", target: "/assets/app-1.js"})
	if w.Code != 200 || w.Body.String() != "console.log(1)" || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("GET /assets/app-1.js: %d %q cache %q, want the file, cached", w.Code, w.Body, w.Header().Get("Cache-Control"))
	}
	for _, target := range []string{"/nope.js", "/assets/", "/assets"} {
		if w := do(t, s.Handler(), req{method: "GET", target: target}); w.Code != 404 {
			t.Errorf("GET %s: %d, want 404", target, w.Code)
		}
	}
}

func TestPagesWithoutFrontend(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Frontend = nil })
	w := do(t, s.Handler(), req{method: "GET", target: "/stage"})
	if w.Code != 503 || !strings.Contains(w.Body.String(), "make frontend") {
		t.Fatalf("GET /stage without a frontend: %d %s, want 503 naming 'make frontend'", w.Code, w.Body)
	}
}

func TestStoryAssets(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "map.svg"), []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	st := testStory()
	st.Dir = dir
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Story = func() *story.Story { return st } })
	cases := []struct {
		target string
		status int
	}{
		{"/story-assets/map.svg", 200},
		{"/story-assets/missing.svg", 404},
		{"/story-assets/../secret", 307}, // the mux cleans the path: out of the prefix, never served
		{"/story-assets/sub/..%2f..%2fsecret", 403},
		{"/story-assets/.hidden", 403},
	}
	for _, c := range cases {
		hr := mustRequest(t, c.target)
		w := do(t, s.Handler(), hr)
		if w.Code != c.status {
			t.Errorf("GET %s: %d, want %d", c.target, w.Code, c.status)
		}
	}
}

// mustRequest keeps a raw path (httptest would not clean it, but the mux may redirect).
func mustRequest(t *testing.T, target string) req {
	t.Helper()
	return req{method: "GET", target: target}
}

func TestStartURLShutdown(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	if _, err := s.URL("stage"); err == nil {
		t.Errorf("URL before Start succeeded, want an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := s.Start(ctx)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
		t.Errorf("addr %q, want 127.0.0.1 with a real port", addr)
	}
	if _, err := s.Start(ctx); err == nil {
		t.Errorf("second Start succeeded, want an error")
	}
	u, err := s.URL("console")
	if err != nil || u != "http://"+addr+"/console?token="+testToken {
		t.Errorf("URL(console) = %q, %v; want http://%s/console?token=...", u, err, addr)
	}
	if _, err := s.URL("backstage"); err == nil {
		t.Errorf("URL(backstage) succeeded, want an error")
	}
	res, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "Forkcast") {
		t.Errorf("GET %s: %d, want the page", u, res.StatusCode)
	}
	cancel() // ending ctx shuts the server down
	waitFor(t, "the server to stop", func() bool {
		_, err := http.Get("http://" + addr + "/api/state")
		return err != nil
	})
}

// TestRoutesMatchDocs keeps docs/http-api.md and the route table in step: every
// route has a "### `METHOD /path`" heading and every such heading is a route.
func TestRoutesMatchDocs(t *testing.T) {
	b, err := os.ReadFile("../../docs/http-api.md")
	if err != nil {
		t.Fatalf("read the API doc: %v", err)
	}
	re := regexp.MustCompile("(?m)^### `(GET|POST) (/[^`]*)`")
	var doc []string
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		doc = append(doc, m[1]+" "+m[2])
	}
	var code []string
	for _, rt := range Routes() {
		code = append(code, rt.Method+" "+rt.Path)
	}
	sort.Strings(doc)
	sort.Strings(code)
	if strings.Join(doc, "\n") != strings.Join(code, "\n") {
		t.Fatalf("docs/http-api.md routes:\n%s\n\nroutes in the code:\n%s", strings.Join(doc, "\n"), strings.Join(code, "\n"))
	}
}

func TestLinks(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Listen = "127.0.0.1:0" })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := s.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := do(t, s.Handler(), req{method: "GET", target: "/api/links"})
	if w.Code != 401 {
		t.Fatalf("GET /api/links without token: %d, want 401 (the answer carries the token)", w.Code)
	}
	w = do(t, s.Handler(), req{method: "GET", target: "/api/links", header: auth()})
	var l Links
	if err := json.Unmarshal(w.Body.Bytes(), &l); err != nil || w.Code != 200 {
		t.Fatalf("GET /api/links: %d %s", w.Code, w.Body)
	}
	if want := "http://" + addr + "/console?token=" + testToken; l.Console != want || l.Remote != "" {
		t.Errorf("links %+v, want console %s and no remote on loopback", l, want)
	}
	if _, err := s.RemoteURL("console"); err == nil {
		t.Errorf("RemoteURL on loopback succeeded, want an error")
	}
}

func TestRemoteURLOnAllInterfaces(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Listen = "0.0.0.0:0" })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := s.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(addr)
	u, err := s.RemoteURL("console")
	if lanAddress() == nil {
		if err == nil {
			t.Fatalf("RemoteURL without a LAN address = %q, want an error", u)
		}
		return
	}
	if err != nil || !strings.HasSuffix(strings.Split(u, "/console")[0], ":"+port) || strings.Contains(u, "0.0.0.0") {
		t.Fatalf("RemoteURL = %q, %v; want http://LAN-IP:%s/console?token=...", u, err, port)
	}
}
