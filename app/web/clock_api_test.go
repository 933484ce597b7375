package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/testkit"
)

// TestClockRoutes starts and resets a live show's talk clock over real HTTP,
// on a real engine and SQLite file; without the token both are refused.
func TestClockRoutes(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "forkcast.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := testkit.NewClock(time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC))
	e, err := show.New(context.Background(), show.Config{Story: testStory(), Store: db, Mode: show.Live, Region: "US", Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	s, _ := newTest(t, nil, func(c *Config) { c.Controller = e })
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)

	post := func(path string, token bool) (int, show.State) {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(""))
		if token {
			req.Header.Set("Authorization", "Bearer "+testToken)
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		defer res.Body.Close()
		var st show.State
		_ = json.NewDecoder(res.Body).Decode(&st)
		return res.StatusCode, st
	}
	if code, _ := post("/api/clock/start", false); code != http.StatusUnauthorized {
		t.Fatalf("start without the token: %d, want 401", code)
	}
	if st := e.State(); st.ClockState != "idle" {
		t.Fatalf("refused start changed the clock: %s", st.ClockState)
	}
	code, st := post("/api/clock/start", true)
	if code != 200 || st.ClockState != "running" || st.Clock != 0 {
		t.Fatalf("start: %d %s %v, want 200 running 0s", code, st.ClockState, st.Clock)
	}
	clock.Advance(42 * time.Second)
	if st := e.State(); st.Clock != 42*time.Second {
		t.Fatalf("clock %v after 42 s", st.Clock)
	}
	if code, _ := post("/api/clock/reset", false); code != http.StatusUnauthorized {
		t.Fatalf("reset without the token: %d, want 401", code)
	}
	code, st = post("/api/clock/reset", true)
	if code != 200 || st.ClockState != "idle" || st.Clock != 0 {
		t.Fatalf("reset: %d %s %v, want 200 idle 0s", code, st.ClockState, st.Clock)
	}
}

// TestClockRoutesNeedAClock: a controller without a talk clock answers 409 with a sentence.
func TestClockRoutesNeedAClock(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	w := do(t, s.Handler(), req{method: "POST", target: "/api/clock/start", header: auth()})
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "no talk clock") {
		t.Fatalf("status %d %s, want 409 with a reason", w.Code, w.Body)
	}
}
