package web

import (
	"encoding/json"
	"testing"
)

// FuzzActionBodies posts arbitrary bodies to every control action: the server
// must answer 200 or a coded 400, never panic or fail internally.
func FuzzActionBodies(f *testing.F) {
	for _, seed := range []string{"", "{}", `{"scene":"intro"}`, `{"choice":2,"reason":"r"}`, `{"on":true}`,
		`{"choice":-1}`, `{"choice":1e99}`, `[]`, `null`, `{"scene":null}`, "\xff\xfe", `{"on":"yes"}`} {
		f.Add(seed)
	}
	s, _ := newTest(f, &fakeController{}, nil)
	targets := []string{"/api/next", "/api/goto", "/api/poll/pick", "/api/blank", "/api/poll/open"}
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range targets {
			w := do(t, s.Handler(), req{method: "POST", target: target, body: body, header: auth()})
			if w.Code != 200 && w.Code != 400 {
				t.Fatalf("POST %s %q: status %d, want 200 or 400 (%s)", target, body, w.Code, w.Body)
			}
			var e apiError
			if w.Code == 400 && (json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Code != "invalid" || e.Message == "") {
				t.Fatalf("POST %s %q: 400 body %s, want {code: invalid, message}", target, body, w.Body)
			}
		}
	})
}
