package web

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recordingHook stands in for a device's handler (the Android webhook): it
// answers 403 unless the body says "signed", as a signature check would, and
// records what reached it.
type recordingHook struct {
	mu     sync.Mutex
	bodies []string
}

func (h *recordingHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.bodies = append(h.bodies, string(b))
	h.mu.Unlock()
	if string(b) != "signed" {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (h *recordingHook) seen() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.bodies...)
}

func TestHookTakesNoTokenButKeepsHostAndOrigin(t *testing.T) {
	for _, listen := range []string{"127.0.0.1:0", "0.0.0.0:0"} {
		t.Run(listen, func(t *testing.T) {
			hook := &recordingHook{}
			s, _ := newTest(t, &fakeController{}, func(c *Config) {
				c.Listen = listen
				c.Hooks = []Hook{{Path: "/android/webhook", Handler: hook}}
			})
			host, other := "127.0.0.1:8787", 405 // a POST to a page: use GET
			if s.Public() {
				host, other = "192.0.2.10:8787", 401 // no token
			}
			h := func(kv ...string) map[string]string {
				m := map[string]string{"Host": host}
				for i := 0; i+1 < len(kv); i += 2 {
					m[kv[i]] = kv[i+1]
				}
				return m
			}
			cases := []struct {
				name    string
				r       req
				want    int
				reaches bool
			}{
				{"a signed post without a token", req{method: "POST", target: "/android/webhook", body: "signed", header: h()}, 200, true},
				{"an unsigned post is the handler's to refuse", req{method: "POST", target: "/android/webhook", body: "forged", header: h()}, 403, true},
				{"a post from a web page", req{method: "POST", target: "/android/webhook", body: "signed", header: h("Origin", "http://evil.example")}, 401, false},
				{"the show's token is not needed, nor used", req{method: "POST", target: "/android/webhook", body: "forged", header: h("Authorization", "Bearer "+testToken)}, 403, true},
				{"another path still needs the token", req{method: "POST", target: "/android/other", body: "signed", header: h()}, other, false},
				{"control routes still need the token", req{method: "POST", target: "/api/next", header: h()}, 401, false},
			}
			if !s.Public() {
				cases = append(cases, struct {
					name    string
					r       req
					want    int
					reaches bool
				}{"a rebinding host on loopback", req{method: "POST", target: "/android/webhook", body: "signed", header: h("Host", "evil.example:8787")}, 401, false})
			}
			for _, c := range cases {
				before := len(hook.seen())
				w := do(t, s.Handler(), c.r)
				if w.Code != c.want {
					t.Errorf("%s: status %d, want %d (body %s)", c.name, w.Code, c.want, strings.TrimSpace(w.Body.String()))
				}
				if got := len(hook.seen()) > before; got != c.reaches {
					t.Errorf("%s: reached the handler = %v, want %v", c.name, got, c.reaches)
				}
				if w.Header().Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("%s: the hook's answer lacks the security headers", c.name)
				}
			}
		})
	}
}

func TestHookPathsAreChecked(t *testing.T) {
	ok := &recordingHook{}
	for _, c := range []struct {
		name  string
		hooks []Hook
		bad   bool
	}{
		{"a path of its own", []Hook{{"/android/webhook", ok}}, false},
		{"two phones", []Hook{{"/android/webhook", ok}, {"/android/android2", ok}}, false},
		{"no handler", []Hook{{"/android/webhook", nil}}, true},
		{"the root", []Hook{{"/", ok}}, true},
		{"a page", []Hook{{"/console", ok}}, true},
		{"inside the API", []Hook{{"/api/next", ok}}, true},
		{"the API itself", []Hook{{"/api", ok}}, true},
		{"the story's assets", []Hook{{"/story-assets/x", ok}}, true},
		{"a pattern", []Hook{{"/android/{id}", ok}}, true},
		{"a subtree", []Hook{{"/android/", ok}}, true},
		{"relative", []Hook{{"android/webhook", ok}}, true},
		{"twice", []Hook{{"/android/webhook", ok}, {"/android/webhook", ok}}, true},
	} {
		_, err := New(Config{Controller: &fakeController{}, Story: testStoryFn, Hooks: c.hooks})
		if (err != nil) != c.bad {
			t.Errorf("%s: New error = %v, want error %v", c.name, err, c.bad)
		}
	}
}
