package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/testkit"
)

// testToken is strong enough for a server listening off loopback.
const testToken = "s3cret-Token-7f3a9c2e41b8"

func testStory() *story.Story {
	return &story.Story{
		File: "demo.md", Hash: "abc", Title: "Demo", Start: "intro",
		Scenes: []*story.Scene{
			{ID: "intro", Slides: []*story.Slide{{HTML: "<h1>Hi</h1>"}}, Next: "fork"},
			{ID: "fork", Slides: []*story.Slide{{HTML: "<h1>Which?</h1>"}}, Fork: &story.Fork{Choices: []*story.Choice{
				{Number: 1, Label: "A", Target: story.End}, {Number: 2, Label: "B", Target: story.End}}}},
		},
	}
}

func testFrontend() fstest.MapFS {
	return fstest.MapFS{
		"index.html":       {Data: []byte("<!doctype html><title>Forkcast</title>")},
		"assets/app-1.js":  {Data: []byte("console.log(1)")},
		"assets/app-1.css": {Data: []byte("body{}")},
	}
}

// newTest builds a server around a fake controller; edit tweaks the config.
func newTest(t testing.TB, fc *fakeController, edit func(*Config)) (*Server, *testkit.SyncBuffer) {
	t.Helper()
	logs := &testkit.SyncBuffer{}
	st := testStory()
	cfg := Config{
		Controller: fc,
		Hub:        show.NewHub(),
		Story:      func() *story.Story { return st },
		Frontend:   testFrontend(),
		Token:      testToken,
		Logger:     slog.New(slog.NewTextHandler(logs, nil)),
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s, logs
}

// req is one request against a handler.
type req struct {
	method, target, body string
	header               map[string]string
}

func do(t testing.TB, h http.Handler, r req) *httptest.ResponseRecorder {
	t.Helper()
	return doWith(t, h, r, nil)
}

// httpRecorder is what do and doWith return.
type httpRecorder = httptest.ResponseRecorder

// doWith is do with edit applied to the request last.
func doWith(t testing.TB, h http.Handler, r req, edit func(*http.Request)) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr := httptest.NewRequest(r.method, r.target, body)
	hr.Host = "127.0.0.1:8080"
	for k, v := range r.header {
		if k == "Host" {
			hr.Host = v
			continue
		}
		hr.Header.Set(k, v)
	}
	if edit != nil {
		edit(hr)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, hr)
	return w
}

func auth() map[string]string { return map[string]string{"Authorization": "Bearer " + testToken} }

func testStoryFn() *story.Story { return testStory() }
