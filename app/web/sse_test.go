package web

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/testkit"
)

// sseEvent is one parsed server-sent event.
type sseEvent struct{ name, data, comment string }

// readEvents parses a stream into a channel until it ends.
func readEvents(t *testing.T, body *bufio.Reader) <-chan sseEvent {
	t.Helper()
	out := make(chan sseEvent, 64)
	go func() {
		defer close(out)
		var ev sseEvent
		for {
			line, err := body.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if ev != (sseEvent{}) {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, ":"):
				out <- sseEvent{comment: strings.TrimSpace(line[1:])}
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[len("data: "):]
			}
		}
	}()
	return out
}

func next(t *testing.T, ch <-chan sseEvent, skipComments bool) sseEvent {
	t.Helper()
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("stream ended, want an event")
			}
			if ev.comment != "" && skipComments {
				continue
			}
			return ev
		case <-time.After(testkit.Patience):
			t.Fatalf("no event within %v", testkit.Patience)
		}
	}
}

func openStream(t *testing.T, ctx context.Context, url string) (*http.Response, <-chan sseEvent) {
	t.Helper()
	r, err := http.NewRequestWithContext(ctx, "GET", url+"/api/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatalf("GET /api/events: %v", err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("GET /api/events: %d %s, want 200 text/event-stream", res.StatusCode, res.Header.Get("Content-Type"))
	}
	return res, readEvents(t, bufio.NewReader(res.Body))
}

// waitFor waits for cond, failing t after testkit.Patience.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testkit.WaitFor(t, testkit.Patience, what, cond)
}

func TestEventsStateThenEventsThenUnsubscribe(t *testing.T) {
	before := runtime.NumGoroutine()
	hub := &countingHub{hub: show.NewHub()}
	fc := &fakeController{}
	fc.setState(show.State{Scene: "intro", Version: 3})
	s, _ := newTest(t, fc, func(c *Config) { c.Hub = hub })
	ts := httptest.NewServer(s.Handler())

	ctx, cancel := context.WithCancel(context.Background())
	res, evs := openStream(t, ctx, ts.URL)
	first := next(t, evs, true)
	if first.name != show.EventState {
		t.Fatalf("first event %q, want %q", first.name, show.EventState)
	}
	var st show.State
	if err := json.Unmarshal([]byte(first.data), &st); err != nil || st.Scene != "intro" || st.Version != 3 {
		t.Fatalf("first state %s, want scene intro version 3", first.data)
	}
	waitFor(t, "one subscription", func() bool { return hub.live.Load() == 1 })

	hub.hub.Notify(show.EventTally, show.Tally{Poll: 9, Total: 42, Seq: 100})
	ev := next(t, evs, true)
	var tally show.Tally
	if ev.name != show.EventTally || json.Unmarshal([]byte(ev.data), &tally) != nil || tally.Total != 42 || tally.Seq != 100 {
		t.Fatalf("event %q %s, want %q with total 42", ev.name, ev.data, show.EventTally)
	}
	hub.hub.Notify(show.EventMessage, []show.InboxEntry{{ID: 5, Text: "1"}})
	if ev := next(t, evs, true); ev.name != show.EventMessage || !strings.Contains(ev.data, `"id":5`) {
		t.Fatalf("event %q %s, want %q with id 5", ev.name, ev.data, show.EventMessage)
	}

	cancel()
	res.Body.Close()
	waitFor(t, "the stream to unsubscribe", func() bool { return hub.live.Load() == 0 })
	ts.Close()
	waitFor(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= before+1 })
}

func TestEventsHeartbeat(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Heartbeat = 20 * time.Millisecond })
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, evs := openStream(t, ctx, ts.URL)
	defer res.Body.Close()
	if ev := next(t, evs, true); ev.name != show.EventState {
		t.Fatalf("first event %q, want state", ev.name)
	}
	if ev := next(t, evs, false); ev.comment != "ping" {
		t.Fatalf("got %+v, want a ': ping' heartbeat", ev)
	}
}

func TestEventsEndWhenHubCloses(t *testing.T) {
	hub := show.NewHub()
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Hub = hub })
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, evs := openStream(t, ctx, ts.URL)
	defer res.Body.Close()
	next(t, evs, true)
	hub.Close()
	select {
	case _, ok := <-evs:
		for ok {
			_, ok = <-evs
		}
	case <-time.After(testkit.Patience):
		t.Fatalf("the stream did not end after the hub closed")
	}
}

func TestShutdownEndsStreams(t *testing.T) {
	hub := &countingHub{hub: show.NewHub()}
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Hub = hub })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := s.Start(ctx)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	res, evs := openStream(t, context.Background(), "http://"+addr)
	defer res.Body.Close()
	next(t, evs, true)
	// A stream never ends by itself (it pings forever): were it left open,
	// Shutdown would wait for it until its context's deadline and fail.
	// The deadline is only that generous bound, not an expected duration.
	sctx, scancel := context.WithTimeout(context.Background(), testkit.Patience)
	defer scancel()
	if err := s.Shutdown(sctx); err != nil {
		t.Fatalf("Shutdown with an open stream: %v, want it to end the stream and return", err)
	}
	select {
	case _, ok := <-evs:
		for ok {
			_, ok = <-evs
		}
	case <-time.After(testkit.Patience):
		t.Fatalf("the stream did not end after Shutdown")
	}
	waitFor(t, "the stream to unsubscribe", func() bool { return hub.live.Load() == 0 })
	if err := s.Shutdown(sctx); err != nil {
		t.Errorf("second Shutdown: %v, want nil", err)
	}
}

func TestEventsWithoutHub(t *testing.T) {
	s, _ := newTest(t, &fakeController{}, func(c *Config) { c.Hub = nil })
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, evs := openStream(t, ctx, ts.URL)
	defer res.Body.Close()
	if ev := next(t, evs, true); ev.name != show.EventState {
		t.Fatalf("first event %q, want state", ev.name)
	}
}
