package web

import (
	"context"
	"crypto/sha256"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestLaunchURL: a launch link opens its page once, with the token, from
// this machine; used, expired, unknown or pushed out it opens nothing, and a
// foreign Host is refused before the code is looked at.
func TestLaunchURL(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	addr, err := s.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	link := func(view string) *url.URL {
		t.Helper()
		l, err := s.LaunchURL(view)
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(l)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(l, testToken) || u.Host != addr || !strings.HasPrefix(u.Path, "/launch/") {
			t.Fatalf("LaunchURL(%s) = %q, want http://%s/launch/CODE without the token", view, l, addr)
		}
		return u
	}
	stage := link("stage")
	// A foreign Host (DNS rebinding) is refused and does not spend the code.
	if code, _, _ := rawGet(t, addr, stage.Path, "evil.example:80"); code != 401 {
		t.Errorf("launch with Host evil.example = %d, want 401 (refused, as docs/http-api.md says)", code)
	}
	code, h, _ := rawGet(t, addr, stage.Path, addr)
	if want := "/stage?token=" + url.QueryEscape(testToken); code != 303 || h.Get("Location") != want {
		t.Errorf("launch = %d Location %q, want 303 to %q", code, h.Get("Location"), want)
	}
	if h.Get("Cache-Control") != "no-store" || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("launch headers %v, want no-store and no-referrer", h)
	}
	if code, _, body := rawGet(t, addr, stage.Path, addr); code != 404 || !strings.Contains(body, "used already or has expired") {
		t.Errorf("launch a second time = %d %q, want 404 saying the link was used", code, body)
	}
	if code, _, _ := rawGet(t, addr, "/launch/00112233445566778899aabbccddeeff", addr); code != 404 {
		t.Errorf("launch with an unknown code = %d, want 404", code)
	}
	if code, h, _ := rawGet(t, addr, link("console").Path, addr); code != 303 || !strings.HasPrefix(h.Get("Location"), "/console?token=") {
		t.Errorf("console launch = %d %q, want 303 to the console", code, h.Get("Location"))
	}
	if _, err := s.LaunchURL("admin"); err == nil {
		t.Error("LaunchURL(admin) worked, want an error (no such view)")
	}
	// The oldest of too many unused links goes.
	first := link("stage")
	var last *url.URL
	for range maxLaunches {
		last = link("stage")
	}
	if code, _, _ := rawGet(t, addr, first.Path, addr); code != 404 {
		t.Errorf("the link pushed out by %d newer ones = %d, want 404", maxLaunches, code)
	}
	if code, _, _ := rawGet(t, addr, last.Path, addr); code != 303 {
		t.Errorf("the newest link = %d, want 303", code)
	}
	// An expired one opens nothing.
	old := link("stage")
	codeOf := strings.TrimPrefix(old.Path, "/launch/")
	s.launches.mu.Lock()
	k := sha256.Sum256([]byte(codeOf))
	l := s.launches.codes[k]
	l.expires = time.Now().Add(-time.Second)
	s.launches.codes[k] = l
	s.launches.mu.Unlock()
	if code, _, _ := rawGet(t, addr, old.Path, addr); code != 404 {
		t.Errorf("an expired link = %d, want 404", code)
	}
}
