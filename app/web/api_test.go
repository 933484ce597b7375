package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"forkcast/app/show"
	"forkcast/app/story"
)

func TestActionsPassArguments(t *testing.T) {
	var got []string
	fc := &fakeController{
		NextFn:      func(context.Context) error { got = append(got, "next"); return nil },
		PrevFn:      func(context.Context) error { got = append(got, "prev"); return nil },
		GotoFn:      func(_ context.Context, s string) error { got = append(got, "goto "+s); return nil },
		OpenPollFn:  func(context.Context) error { got = append(got, "open"); return nil },
		ClosePollFn: func(context.Context) error { got = append(got, "close"); return nil },
		PickFn: func(_ context.Context, c int, r string) error {
			got = append(got, fmt.Sprintf("pick %d %q", c, r))
			return nil
		},
		PickPrivateFn: func(_ context.Context, c int, r string) error {
			got = append(got, fmt.Sprintf("pick privately %d %q", c, r))
			return nil
		},
		SetBlankFn: func(_ context.Context, on bool) error { got = append(got, fmt.Sprintf("blank %v", on)); return nil },
	}
	fc.setState(show.State{Scene: "fork", Version: 7})
	s, _ := newTest(t, fc, nil)
	cases := []struct{ target, body, want string }{
		{"/api/next", "", "next"},
		{"/api/prev", "{}", "prev"},
		{"/api/goto", `{"scene":"fork"}`, "goto fork"},
		{"/api/poll/open", "", "open"},
		{"/api/poll/close", "", "close"},
		{"/api/poll/pick", `{"choice":2,"reason":"the room wanted it"}`, `pick 2 "the room wanted it"`},
		{"/api/poll/pick", `{"choice":1}`, `pick 1 ""`},
		{"/api/poll/pick", `{"choice":2,"reason":"sponsor asked","private":true}`, `pick privately 2 "sponsor asked"`},
		{"/api/poll/pick", `{"choice":2,"reason":"shown","private":false}`, `pick 2 "shown"`},
		{"/api/blank", `{"on":true}`, "blank true"},
		{"/api/blank", `{"on":false}`, "blank false"},
	}
	for _, c := range cases {
		got = nil
		w := do(t, s.Handler(), req{method: "POST", target: c.target, body: c.body, header: auth()})
		if w.Code != 200 {
			t.Fatalf("POST %s %s: status %d, want 200 (%s)", c.target, c.body, w.Code, w.Body)
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("POST %s %s: calls %q, want [%q]", c.target, c.body, got, c.want)
		}
		var st show.State
		if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil || st.Version != 7 {
			t.Errorf("POST %s: answer %s, want the state (version 7)", c.target, w.Body)
		}
	}
}

func TestBadBodies(t *testing.T) {
	called := false
	fc := &fakeController{
		GotoFn:     func(context.Context, string) error { called = true; return nil },
		PickFn:     func(context.Context, int, string) error { called = true; return nil },
		SetBlankFn: func(context.Context, bool) error { called = true; return nil },
	}
	s, _ := newTest(t, fc, nil)
	cases := []struct{ target, body string }{
		{"/api/goto", ""},
		{"/api/goto", `{"scene":""}`},
		{"/api/goto", `{"scene":`},
		{"/api/goto", `{"scene":3}`},
		{"/api/poll/pick", `{}`},
		{"/api/poll/pick", `{"choice":"two"}`},
		{"/api/blank", `{}`},
		{"/api/blank", `[1,2]`},
		{"/api/goto", `{"scene":"` + strings.Repeat("x", maxBody) + `"}`},
	}
	for _, c := range cases {
		called = false
		w := do(t, s.Handler(), req{method: "POST", target: c.target, body: c.body, header: auth()})
		if w.Code != 400 {
			t.Errorf("POST %s %.40q: status %d, want 400 (%s)", c.target, c.body, w.Code, w.Body)
		}
		if called {
			t.Errorf("POST %s %.40q reached the controller, want it refused first", c.target, c.body)
		}
		if !strings.Contains(w.Body.String(), `"code":"invalid"`) {
			t.Errorf("POST %s: body %s, want code invalid", c.target, w.Body)
		}
	}
}

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		status   int
		code     string
		message  string
		inTheLog bool
	}{
		{"invalid", show.Errorf(show.EINVALID, "Choice 7 is not on this fork."), 400, "invalid", "Choice 7 is not on this fork.", false},
		{"not found", show.Errorf(show.ENOTFOUND, "No scene %q.", "x"), 404, "not_found", `No scene "x".`, false},
		{"conflict", show.Errorf(show.ECONFLICT, "The poll is not open."), 409, "conflict", "The poll is not open.", false},
		{"unauthorized", show.Errorf(show.EUNAUTH, "No."), 401, "unauthorized", "No.", false},
		{"wrapped coded", fmt.Errorf("close: %w", show.Errorf(show.ECONFLICT, "Already closed.")), 409, "conflict", "Already closed.", false},
		{"internal coded", &show.Error{Code: show.EINTERNAL, Message: "Store failed.", Err: errors.New("disk I/O error")}, 500, "internal", "Internal error.", true},
		{"plain error", errors.New("database is locked"), 500, "internal", "Internal error.", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, logs := newTest(t, &fakeController{ClosePollFn: func(context.Context) error { return c.err }}, nil)
			w := do(t, s.Handler(), req{method: "POST", target: "/api/poll/close", header: auth()})
			if w.Code != c.status {
				t.Errorf("status %d, want %d", w.Code, c.status)
			}
			var got apiError
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("body %s is not JSON: %v", w.Body, err)
			}
			if got.Code != c.code || got.Message != c.message {
				t.Errorf("body {%q %q}, want {%q %q}", got.Code, got.Message, c.code, c.message)
			}
			if logged := strings.Contains(logs.String(), c.err.Error()); logged != c.inTheLog {
				t.Errorf("error in the log = %v, want %v (log: %s)", logged, c.inTheLog, logs)
			}
		})
	}
}

func TestInbox(t *testing.T) {
	var gotLimit int
	fc := &fakeController{InboxFn: func(_ context.Context, limit int) ([]show.InboxEntry, error) {
		gotLimit = limit
		return []show.InboxEntry{{ID: 1, Sender: "+1 ••• ••• 0142", Text: "2", Result: "counted", Choice: 2}}, nil
	}}
	s, _ := newTest(t, fc, nil)
	cases := []struct {
		target    string
		status    int
		wantLimit int
	}{
		{"/api/inbox", 200, defaultInbox},
		{"/api/inbox?limit=20", 200, 20},
		{"/api/inbox?limit=999999", 200, maxInbox},
		{"/api/inbox?limit=0", 400, -1},
		{"/api/inbox?limit=x", 400, -1},
	}
	for _, c := range cases {
		gotLimit = -1
		w := do(t, s.Handler(), req{method: "GET", target: c.target})
		if w.Code != c.status || gotLimit != c.wantLimit {
			t.Errorf("GET %s: status %d limit %d, want %d and %d", c.target, w.Code, gotLimit, c.status, c.wantLimit)
		}
		if c.status == 200 {
			var got []show.InboxEntry
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || len(got) != 1 || got[0].Sender != "+1 ••• ••• 0142" {
				t.Errorf("GET %s: body %s, want one masked entry", c.target, w.Body)
			}
		}
	}
}

func TestInboxEmptyIsArray(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	w := do(t, s.Handler(), req{method: "GET", target: "/api/inbox"})
	if got := strings.TrimSpace(w.Body.String()); got != "[]" {
		t.Fatalf("body %q, want []", got)
	}
}

func TestUnknownAPIPaths(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	cases := []struct {
		method, target string
		status         int
	}{
		{"GET", "/api/nope", 404},
		{"POST", "/api/state", 405},
		{"GET", "/api/next", 405},
		{"DELETE", "/api/next", 405},
	}
	for _, c := range cases {
		w := do(t, s.Handler(), req{method: c.method, target: c.target, header: auth()})
		if w.Code != c.status {
			t.Errorf("%s %s: status %d, want %d", c.method, c.target, w.Code, c.status)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s %s: Content-Type %q, want JSON", c.method, c.target, ct)
		}
	}
}

func TestStoryDoc(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	w := do(t, s.Handler(), req{method: "GET", target: "/api/story"})
	if w.Code != 200 {
		t.Fatalf("status %d, want 200", w.Code)
	}
	var doc struct {
		Story struct {
			Title  string `json:"title"`
			Scenes []struct {
				ID     string `json:"id"`
				Slides []struct {
					HTML string `json:"html"`
				} `json:"slides"`
			} `json:"scenes"`
		} `json:"story"`
		Graph struct {
			Nodes []struct {
				ID string `json:"id"`
			} `json:"nodes"`
			Edges []struct {
				From, To string
			} `json:"edges"`
		} `json:"graph"`
		CSS string `json:"css"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if doc.Story.Title != "Demo" || len(doc.Story.Scenes) != 2 || doc.Story.Scenes[1].Slides[0].HTML != "<h1>Which?</h1>" {
		t.Errorf("story = %+v, want the demo story with its slides", doc.Story)
	}
	if len(doc.Graph.Nodes) != 3 || len(doc.Graph.Edges) != 3 {
		t.Errorf("graph has %d nodes and %d edges, want 3 and 3", len(doc.Graph.Nodes), len(doc.Graph.Edges))
	}
	if !strings.Contains(doc.CSS, ".chroma") {
		t.Errorf("css has no .chroma rules: %.80q", doc.CSS)
	}
}

func TestStoryMissing(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Story = func() *story.Story { return nil } })
	w := do(t, s.Handler(), req{method: "GET", target: "/api/story"})
	if w.Code != 404 {
		t.Fatalf("status %d, want 404", w.Code)
	}
}
