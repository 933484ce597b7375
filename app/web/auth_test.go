package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestAuthLoopback(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	if s.Public() {
		t.Fatalf("Public()=true for the default listen address, want false")
	}
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
	cases := []struct {
		name string
		r    req
		want int
	}{
		{"state is open on loopback", req{method: "GET", target: "/api/state"}, 200},
		{"story is open on loopback", req{method: "GET", target: "/api/story"}, 200},
		{"page is open on loopback", req{method: "GET", target: "/stage"}, 200},
		{"control without token", req{method: "POST", target: "/api/next"}, 401},
		{"control with wrong token", req{method: "POST", target: "/api/next", header: bearer("nope")}, 401},
		{"control with token in query only", req{method: "POST", target: "/api/next?token=" + testToken}, 401},
		{"control with token", req{method: "POST", target: "/api/next", header: auth()}, 200},
		{"bearer scheme is case-insensitive", req{method: "POST", target: "/api/next", header: map[string]string{"Authorization": "bearer " + testToken}}, 200},
		{"control from another origin", req{method: "POST", target: "/api/next", header: map[string]string{"Authorization": "Bearer " + testToken, "Origin": "http://evil.example"}}, 401},
		{"control from same origin", req{method: "POST", target: "/api/next", header: map[string]string{"Authorization": "Bearer " + testToken, "Origin": "http://127.0.0.1:8080"}}, 200},
		{"rebinding host refused", req{method: "GET", target: "/api/state", header: map[string]string{"Host": "evil.example:8080"}}, 401},
		{"localhost host accepted", req{method: "GET", target: "/api/state", header: map[string]string{"Host": "localhost:8080"}}, 200},
		{"ipv6 loopback accepted", req{method: "GET", target: "/api/state", header: map[string]string{"Host": "[::1]:8080"}}, 200},
		{"wails host refused on the TCP listener", req{method: "GET", target: "/api/state", header: map[string]string{"Host": "wails.localhost"}}, 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := do(t, s.Handler(), c.r)
			if got := w.Code; got != c.want {
				t.Fatalf("%s %s: status %d, want %d (body %s)", c.r.method, c.r.target, got, c.want, w.Body)
			}
			if c.want == 401 {
				if got := w.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("WWW-Authenticate=%q, want Bearer ...", got)
				}
				if got := w.Body.String(); !strings.Contains(got, `"code":"unauthorized"`) {
					t.Errorf("body=%s, want code unauthorized", got)
				}
			}
		})
	}
}

func TestAuthPublic(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Listen = "0.0.0.0:0" })
	if !s.Public() {
		t.Fatalf("Public()=false for 0.0.0.0, want true")
	}
	host := map[string]string{"Host": "192.0.2.10:8080"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{"Host": "192.0.2.10:8080"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		name string
		r    req
		want int
	}{
		{"state needs token", req{method: "GET", target: "/api/state", header: host}, 401},
		{"events need token", req{method: "GET", target: "/api/events", header: host}, 401},
		{"page needs token", req{method: "GET", target: "/stage", header: host}, 401},
		{"assets need token", req{method: "GET", target: "/assets/app-1.js", header: host}, 401},
		{"story assets need token", req{method: "GET", target: "/story-assets/x.svg", header: host}, 401},
		{"state with header", req{method: "GET", target: "/api/state", header: with("Authorization", "Bearer "+testToken)}, 200},
		{"state with query", req{method: "GET", target: "/api/state?token=" + testToken, header: host}, 200},
		{"state with wrong query", req{method: "GET", target: "/api/state?token=x", header: host}, 401},
		{"asset with cookie", req{method: "GET", target: "/assets/app-1.js", header: with("Cookie", cookieName+"="+testToken)}, 200},
		{"control with cookie only", req{method: "POST", target: "/api/next", header: with("Cookie", cookieName+"="+testToken)}, 401},
		{"control with header", req{method: "POST", target: "/api/next", header: with("Authorization", "Bearer "+testToken)}, 200},
		{"control from another origin", req{method: "POST", target: "/api/next", header: with("Authorization", "Bearer "+testToken, "Origin", "http://evil.example")}, 401},
		{"control from same origin", req{method: "POST", target: "/api/next", header: with("Authorization", "Bearer "+testToken, "Origin", "http://192.0.2.10:8080")}, 200},
		{"origin with another port", req{method: "POST", target: "/api/next", header: with("Authorization", "Bearer "+testToken, "Origin", "http://192.0.2.10:9999")}, 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := do(t, s.Handler(), c.r)
			if got := w.Code; got != c.want {
				t.Fatalf("%s %s: status %d, want %d (body %s)", c.r.method, c.r.target, got, c.want, w.Body)
			}
		})
	}
}

func TestPublicPageSetsTokenCookie(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Listen = "0.0.0.0:8080" })
	w := do(t, s.Handler(), req{method: "GET", target: "/console?token=" + testToken, header: map[string]string{"Host": "192.0.2.10:8080"}})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200", w.Code)
	}
	var got *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == cookieName {
			got = c
		}
	}
	if got == nil {
		t.Fatalf("no %s cookie set", cookieName)
	}
	if got.Value != testToken || !got.HttpOnly || got.SameSite != http.SameSiteStrictMode || got.Path != "/" {
		t.Errorf("cookie=%+v, want value=token HttpOnly SameSite=Strict Path=/", got)
	}
}

func TestNewMakesTokenWhenEmpty(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Token = "" })
	if got := len(s.Token()); got < 32 {
		t.Fatalf("generated token has %d characters, want at least 32", got)
	}
	w := do(t, s.Handler(), req{method: "POST", target: "/api/next", header: map[string]string{"Authorization": "Bearer " + s.Token()}})
	if w.Code != 200 {
		t.Fatalf("status %d with the generated token, want 200", w.Code)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Config)
	}{
		{"no controller", func(c *Config) { c.Controller = nil }},
		{"no story", func(c *Config) { c.Story = nil }},
		{"bad listen", func(c *Config) { c.Listen = "no-port" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Config{Controller: &fakeController{}, Story: testStoryFn}
			c.edit(&cfg)
			if _, err := New(cfg); err == nil {
				t.Fatalf("New succeeded, want an error")
			}
		})
	}
}
