package web

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"forkcast/app/rehearse"
	"forkcast/app/show"
)

// fakeRehearsal is a Rehearsal made of function fields; nil fields succeed
// with an empty answer.
type fakeRehearsal struct {
	mu            sync.Mutex
	bias          string
	TimingFn      func(ctx context.Context) (*rehearse.Report, error)
	WalkFn        func(ctx context.Context) (*rehearse.Coverage, error)
	SetAudienceFn func(ctx context.Context, bias string) error
	ResetFn       func(ctx context.Context) error
}

var _ rehearse.Tools = (*fakeRehearsal)(nil)

func (f *fakeRehearsal) TimingReport(ctx context.Context) (*rehearse.Report, error) {
	if f.TimingFn == nil {
		return &rehearse.Report{}, nil
	}
	return f.TimingFn(ctx)
}

func (f *fakeRehearsal) Walk(ctx context.Context) (*rehearse.Coverage, error) {
	if f.WalkFn == nil {
		return &rehearse.Coverage{}, nil
	}
	return f.WalkFn(ctx)
}

func (f *fakeRehearsal) Audience() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bias
}

func (f *fakeRehearsal) SetAudience(ctx context.Context, bias string) error {
	if f.SetAudienceFn != nil {
		if err := f.SetAudienceFn(ctx, bias); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bias = bias
	return nil
}

func (f *fakeRehearsal) Reset(ctx context.Context) error {
	if f.ResetFn == nil {
		return nil
	}
	return f.ResetFn(ctx)
}

func withRehearsal(f *fakeRehearsal) func(*Config) {
	return func(c *Config) { c.Rehearsal = f }
}

func TestRehearsalRoutes(t *testing.T) {
	var calls []string
	f := &fakeRehearsal{
		bias: "60/40",
		TimingFn: func(context.Context) (*rehearse.Report, error) {
			calls = append(calls, "report")
			return &rehearse.Report{Title: "T", SlotMs: 1200000}, nil
		},
		WalkFn: func(context.Context) (*rehearse.Coverage, error) {
			calls = append(calls, "walk")
			return &rehearse.Coverage{Percent: 100, Unreached: []string{}}, nil
		},
		SetAudienceFn: func(_ context.Context, b string) error { calls = append(calls, "bias "+b); return nil },
		ResetFn:       func(context.Context) error { calls = append(calls, "reset"); return nil },
	}
	fc := &fakeController{}
	fc.setState(show.State{Scene: "intro", Version: 3})
	s, _ := newTest(t, fc, withRehearsal(f))
	cases := []struct {
		method, target, body string
		want, answer         string
	}{
		{"GET", "/api/rehearse/report", "", "report", `"slotMs":1200000`},
		{"POST", "/api/rehearse/walk", "", "walk", `"percent":100`},
		{"GET", "/api/rehearse/audience", "", "", `{"bias":"60/40"}`},
		{"POST", "/api/rehearse/audience", `{"bias":"1:100"}`, "bias 1:100", `{"bias":"1:100"}`},
		{"POST", "/api/rehearse/audience", `{"bias":""}`, "bias ", `{"bias":""}`},
		{"POST", "/api/rehearse/reset", "", "reset", ""},
	}
	for _, c := range cases {
		calls = nil
		w := do(t, s.Handler(), req{method: c.method, target: c.target, body: c.body, header: auth()})
		if w.Code != 200 {
			t.Fatalf("%s %s %s: status %d, want 200 (%s)", c.method, c.target, c.body, w.Code, w.Body)
		}
		if c.want != "" && (len(calls) != 1 || calls[0] != c.want) {
			t.Errorf("%s %s %s: calls %q, want [%q]", c.method, c.target, c.body, calls, c.want)
		}
		if c.answer != "" {
			if got := strings.TrimSpace(w.Body.String()); got != c.answer && !(strings.HasPrefix(c.answer, `"`) && strings.Contains(got, c.answer)) {
				t.Errorf("%s %s: answer %s, want %s", c.method, c.target, got, c.answer)
			}
		}
	}
	// reset answers the state after it, like the other actions
	w := do(t, s.Handler(), req{method: "POST", target: "/api/rehearse/reset", header: auth()})
	var st show.State
	if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil || st.Version != 3 {
		t.Errorf("POST /api/rehearse/reset: answer %s, want the state (version 3)", w.Body)
	}
}

func TestRehearsalRoutesInALiveShow(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, nil)
	for _, c := range []struct{ method, target string }{
		{"GET", "/api/rehearse/report"},
		{"POST", "/api/rehearse/walk"},
		{"GET", "/api/rehearse/audience"},
		{"POST", "/api/rehearse/audience"},
		{"POST", "/api/rehearse/reset"},
	} {
		w := do(t, s.Handler(), req{method: c.method, target: c.target, body: `{"bias":"60/40"}`, header: auth()})
		var e apiError
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != 409 || e.Code != show.ECONFLICT {
			t.Errorf("%s %s in a live show: %d %s, want 409 conflict", c.method, c.target, w.Code, w.Body)
		}
	}
}

func TestRehearsalRoutesNeedTheToken(t *testing.T) {
	called := false
	f := &fakeRehearsal{
		WalkFn:        func(context.Context) (*rehearse.Coverage, error) { called = true; return nil, nil },
		SetAudienceFn: func(context.Context, string) error { called = true; return nil },
		ResetFn:       func(context.Context) error { called = true; return nil },
	}
	s, _ := newTest(t, &fakeController{}, withRehearsal(f))
	for _, target := range []string{"/api/rehearse/walk", "/api/rehearse/audience", "/api/rehearse/reset"} {
		for _, h := range []map[string]string{
			nil,
			{"Authorization": "Bearer wrong"},
			{"Authorization": "Bearer " + testToken, "Origin": "http://evil.example"},
		} {
			called = false
			w := do(t, s.Handler(), req{method: "POST", target: target, body: `{"bias":"1:100"}`, header: h})
			if w.Code != 401 || called {
				t.Errorf("POST %s with %v: status %d, called %v; want 401 and no call", target, h, w.Code, called)
			}
		}
	}
	// the reads are open on loopback, like /api/state
	for _, target := range []string{"/api/rehearse/report", "/api/rehearse/audience"} {
		if w := do(t, s.Handler(), req{method: "GET", target: target}); w.Code != 200 {
			t.Errorf("GET %s without a token on loopback: %d, want 200", target, w.Code)
		}
	}
	// on a public address every request needs the token
	pub, _ := newTest(t, &fakeController{}, func(c *Config) { c.Rehearsal = f; c.Listen = "0.0.0.0:0" })
	if w := do(t, pub.Handler(), req{method: "GET", target: "/api/rehearse/report"}); w.Code != 401 {
		t.Errorf("GET /api/rehearse/report without a token on a public address: %d, want 401", w.Code)
	}
}

func TestRehearsalErrors(t *testing.T) {
	f := &fakeRehearsal{
		bias:     "50/50",
		TimingFn: func(context.Context) (*rehearse.Report, error) { return nil, errors.New("disk on fire") },
		WalkFn: func(context.Context) (*rehearse.Coverage, error) {
			return nil, show.Errorf(show.ECONFLICT, "A walk is already running.")
		},
		SetAudienceFn: func(_ context.Context, b string) error { return show.Errorf(show.EINVALID, "Bias %q: no.", b) },
		ResetFn:       func(context.Context) error { return show.Errorf(show.ECONFLICT, "Not now.") },
	}
	s, logs := newTest(t, &fakeController{}, withRehearsal(f))
	cases := []struct {
		method, target, body string
		status               int
		code                 string
	}{
		{"GET", "/api/rehearse/report", "", 500, show.EINTERNAL},
		{"POST", "/api/rehearse/walk", "", 409, show.ECONFLICT},
		{"POST", "/api/rehearse/audience", `{"bias":"x/y"}`, 400, show.EINVALID},
		{"POST", "/api/rehearse/audience", `{}`, 400, show.EINVALID},
		{"POST", "/api/rehearse/audience", `{"bias":60}`, 400, show.EINVALID},
		{"POST", "/api/rehearse/reset", "", 409, show.ECONFLICT},
	}
	for _, c := range cases {
		w := do(t, s.Handler(), req{method: c.method, target: c.target, body: c.body, header: auth()})
		var e apiError
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != c.status || e.Code != c.code {
			t.Errorf("%s %s %s: %d %s, want %d %s", c.method, c.target, c.body, w.Code, w.Body, c.status, c.code)
		}
	}
	if got := f.Audience(); got != "50/50" {
		t.Errorf("bias after refused changes = %q, want 50/50 unchanged", got)
	}
	if !strings.Contains(logs.String(), "disk on fire") {
		t.Errorf("the uncoded error is not logged: %s", logs.String())
	}
}

func TestAllowListsEveryMethod(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, withRehearsal(&fakeRehearsal{}))
	w := do(t, s.Handler(), req{method: "DELETE", target: "/api/rehearse/audience", header: auth()})
	if w.Code != 405 || w.Header().Get("Allow") != "GET, POST" {
		t.Errorf("DELETE /api/rehearse/audience: %d Allow %q, want 405 \"GET, POST\"", w.Code, w.Header().Get("Allow"))
	}
}
