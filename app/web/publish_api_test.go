package web

import (
	"context"
	"encoding/json"
	"testing"

	"forkcast/app/show"
)

// TestPublishRoute: POST /api/publish calls the publisher only with the
// token and a same-origin request, answers its paths, its coded error as
// {code, message}, and 409 when the show has no publisher.
func TestPublishRoute(t *testing.T) {
	calls := 0
	var fail error
	s, _ := newTest(t, &fakeController{}, func(c *Config) {
		c.Publish = func(context.Context) (Published, error) {
			calls++
			return Published{Site: "/x/index.html", Report: "/x/report.html", Files: 3}, fail
		}
	})
	for _, h := range []map[string]string{nil, {"Authorization": "Bearer wrong"}, {"Authorization": "Bearer " + testToken, "Origin": "http://evil.example"}} {
		if w := do(t, s.Handler(), req{method: "POST", target: "/api/publish", header: h}); w.Code != 401 || calls != 0 {
			t.Fatalf("POST /api/publish with %v: %d, %d calls; want 401 and none", h, w.Code, calls)
		}
	}
	w := do(t, s.Handler(), req{method: "POST", target: "/api/publish", header: auth()})
	var got Published
	if err := json.Unmarshal(w.Body.Bytes(), &got); w.Code != 200 || err != nil || got.Report != "/x/report.html" || calls != 1 {
		t.Fatalf("POST /api/publish: %d %s (%v), %d calls", w.Code, w.Body, err, calls)
	}
	fail = show.Errorf(show.ECONFLICT, "Folder taken.")
	if w := do(t, s.Handler(), req{method: "POST", target: "/api/publish", header: auth()}); w.Code != 409 || !json.Valid(w.Body.Bytes()) {
		t.Fatalf("a failed publish: %d %s, want 409 with {code, message}", w.Code, w.Body)
	}
	bare, _ := newTest(t, &fakeController{}, nil)
	if w := do(t, bare.Handler(), req{method: "POST", target: "/api/publish", header: auth()}); w.Code != 409 {
		t.Fatalf("no publisher: %d %s, want 409", w.Code, w.Body)
	}
}
