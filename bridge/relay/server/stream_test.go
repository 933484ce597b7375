package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/bridge/relay"
)

// openStream opens /v1/stream with the given query and Last-Event-ID.
func openStream(t *testing.T, base, query, lastID string) (*relay.EventReader, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/stream"+query, nil)
	req.Header.Set("Authorization", "Bearer "+testRelayToken)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("open stream: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		cancel()
		t.Fatalf("open stream: status %d, want 200", resp.StatusCode)
	}
	return relay.NewEventReader(bufio.NewReader(resp.Body)), func() { cancel(); resp.Body.Close() }
}

// nextOf returns the next event named name, skipping others.
func nextOf(t *testing.T, r *relay.EventReader, name string) relay.Event {
	t.Helper()
	for {
		ev, err := r.Next()
		if err != nil {
			t.Fatalf("read stream: %v", err)
		}
		if ev.Event == name {
			return ev
		}
	}
}

func TestStreamRequiresToken(t *testing.T) {
	_, hs := startTestRelay(t, nil)
	for _, auth := range []string{"", "Bearer wrong-token-wrong-token", "Basic " + testRelayToken, testRelayToken} {
		req, _ := http.NewRequest(http.MethodGet, hs.URL+"/v1/stream", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("Authorization %q: status %d, want 401", auth, resp.StatusCode)
		}
	}
}

func TestStreamResumeAndAck(t *testing.T) {
	srv, hs := startTestRelay(t, nil)
	for i := 1; i <= 5; i++ {
		postWebhook(t, hs.Client(), hs.URL, smsParams(fmt.Sprintf("SM%d", i), "+15005550006", strconv.Itoa(i)))
	}
	r, closeStream := openStream(t, hs.URL, "", "")
	var hello relay.Hello
	json.Unmarshal([]byte(nextOf(t, r, "hello").Data), &hello)
	if hello.Epoch != srv.store.epoch || hello.Pending != 5 {
		t.Fatalf("hello = %+v, want epoch %s and 5 pending", hello, srv.store.epoch)
	}
	for i := 1; i <= 5; i++ {
		ev := nextOf(t, r, "text")
		var w relay.Text
		json.Unmarshal([]byte(ev.Data), &w)
		if ev.ID != strconv.Itoa(i) || w.ID != int64(i) || w.MessageID != fmt.Sprintf("SM%d", i) || w.Text != strconv.Itoa(i) {
			t.Fatalf("event %d = id %q %+v, want id %d SM%d", i, ev.ID, w, i, i)
		}
	}
	// A text arriving while connected is pushed at once.
	postWebhook(t, hs.Client(), hs.URL, smsParams("SM6", "+15005550006", "6"))
	if ev := nextOf(t, r, "text"); ev.ID != "6" {
		t.Fatalf("live event id %q, want 6", ev.ID)
	}
	closeStream()

	// Resume with Last-Event-ID, then with ?after= (which wins).
	r, closeStream = openStream(t, hs.URL, "", "4")
	if ev := nextOf(t, r, "text"); ev.ID != "5" {
		t.Fatalf("resume after Last-Event-ID 4: first id %q, want 5", ev.ID)
	}
	closeStream()
	r, closeStream = openStream(t, hs.URL, "?after=5&epoch="+srv.store.epoch, "1")
	if ev := nextOf(t, r, "text"); ev.ID != "6" {
		t.Fatalf("resume after=5: first id %q, want 6", ev.ID)
	}
	closeStream()
	// A cursor from another store is ignored: everything unacknowledged comes again.
	r, closeStream = openStream(t, hs.URL, "?after=5&epoch=0000", "")
	if ev := nextOf(t, r, "text"); ev.ID != "1" {
		t.Fatalf("foreign epoch: first id %q, want 1", ev.ID)
	}
	closeStream()

	// Ack through 4: only 5 and 6 remain, and their numbers stay; 1-4 are emptied.
	if code, body := apiRequest(t, http.MethodPost, hs.URL+"/v1/ack", `{"through":4}`); code != http.StatusOK {
		t.Fatalf("ack: status %d (%s), want 200", code, body)
	}
	if code, _ := apiRequest(t, http.MethodPost, hs.URL+"/v1/ack", `{"through":-1}`); code != http.StatusBadRequest {
		t.Fatalf("negative ack: status %d, want 400", code)
	}
	r, closeStream = openStream(t, hs.URL, "", "")
	if ev := nextOf(t, r, "text"); ev.ID != "5" {
		t.Fatalf("after ack 4: first id %q, want 5", ev.ID)
	}
	closeStream()
	var emptied int
	srv.store.db.QueryRow("SELECT COUNT(*) FROM texts WHERE acked = 1 AND sender = '' AND body = ''").Scan(&emptied)
	if emptied != 4 {
		t.Fatalf("acknowledged rows emptied = %d, want 4", emptied)
	}
	// A retry of an acknowledged text is still recognised: not stored again.
	postWebhook(t, hs.Client(), hs.URL, smsParams("SM1", "+15005550006", "1"))
	if n, _ := srv.store.Pending(t.Context()); n != 2 {
		t.Fatalf("pending after retry of acked text = %d, want 2", n)
	}
}

func TestStreamHeartbeatAndShutdown(t *testing.T) {
	srv, hs := startTestRelay(t, func(c *Config) { c.Heartbeat = 50 * time.Millisecond })
	r, closeStream := openStream(t, hs.URL, "", "")
	defer closeStream()
	var hello relay.Hello
	if err := json.Unmarshal([]byte(nextOf(t, r, "hello").Data), &hello); err != nil || hello.Heartbeat != 50 {
		t.Fatalf("hello says heartbeat %d ms (%v), want the configured 50", hello.Heartbeat, err)
	}
	// The period is the subject: the first ping comes within a second (the
	// default period is 5 s), plus the machine's stalls (see Promptly).
	testkit.Promptly(t, "the first ping at a 50 ms heartbeat", time.Second, func() {
		// A ping that never comes fails the read below once this ends the stream.
		giveUp := time.AfterFunc(testkit.Patience, closeStream)
		defer giveUp.Stop()
		var p relay.Ping
		if err := json.Unmarshal([]byte(nextOf(t, r, "ping").Data), &p); err != nil {
			t.Fatalf("ping: %v", err)
		}
	})
	srv.BeginShutdown()
	for {
		if _, err := r.Next(); err != nil {
			break // the stream ended
		}
	}
	resp, err := http.Get(hs.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz while shutting down: %d, want 503", resp.StatusCode)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	_, hs := startTestRelay(t, nil)
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200} {
		resp, err := http.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}
