package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/relay"
)

// The client acknowledges only what the sink committed: a failing Ingest
// leaves the texts pending on the relay, and they come again.
func TestClientAcksOnlyAfterIngest(t *testing.T) {
	srv, hs := startTestRelay(t, nil)
	for i := 1; i <= 3; i++ {
		postWebhook(t, hs.Client(), hs.URL, smsParams(fmt.Sprint("SM", i), "+15005550006", "1"))
	}
	var fail atomic.Bool
	fail.Store(true)
	var attempts atomic.Int64
	sink := testkit.NewSQLiteSink(t)
	failing := sinkFunc(func(ctx context.Context, msgs []vote.Message) error {
		attempts.Add(1)
		if fail.Load() {
			return errors.New("disk full")
		}
		return sink.Ingest(ctx, msgs)
	})
	c := newTestClient(t, hs.URL, nil)
	stop := runClient(t, c, failing)
	testkit.WaitFor(t, testkit.Patience, "three failed ingests", func() bool { return attempts.Load() >= 3 })
	if n, _ := srv.store.Pending(t.Context()); n != 3 {
		t.Fatalf("pending while ingest fails = %d, want 3", n)
	}
	if got := sink.Count(t); got != 0 {
		t.Fatalf("stored while ingest fails = %d, want 0", got)
	}
	fail.Store(false)
	testkit.WaitFor(t, testkit.Patience, "texts acked", func() bool {
		n, _ := srv.store.Pending(t.Context())
		return n == 0
	})
	if got := sink.Count(t); got != 3 {
		t.Fatalf("stored = %d, want 3", got)
	}
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run after stop = %v, want context.Canceled", err)
	}
	if got := c.Health().State; got != vote.HealthStopped {
		t.Fatalf("state after stop = %q, want %q", got, vote.HealthStopped)
	}
}

// sinkFunc is a vote.Sink made of a function.
type sinkFunc func(ctx context.Context, msgs []vote.Message) error

func (f sinkFunc) Ingest(ctx context.Context, msgs []vote.Message) error { return f(ctx, msgs) }

func TestClientHealthAndCursorFile(t *testing.T) {
	srv, hs := startTestRelay(t, nil)
	path := filepath.Join(t.TempDir(), "cursor.json")
	sink := testkit.NewSQLiteSink(t)
	c := newTestClient(t, hs.URL, func(cfg *relay.ClientConfig) { cfg.CursorStore = relay.FileCursor(path) })
	stop := runClient(t, c, sink)
	testkit.WaitFor(t, testkit.Patience, "connected", func() bool { return c.Health().State == vote.HealthOK })
	for i := 1; i <= 4; i++ {
		postWebhook(t, hs.Client(), hs.URL, smsParams(fmt.Sprint("SM", i), "+15005550006", "2"))
	}
	testkit.WaitFor(t, testkit.Patience, "4 texts", func() bool { return sink.Count(t) == 4 })
	testkit.WaitFor(t, testkit.Patience, "cursor saved", func() bool {
		cur, _ := relay.FileCursor(path).LoadCursor()
		return cur.ID == 4 && cur.Epoch == srv.store.epoch
	})
	h := c.Health()
	if h.Source != "relay" || h.Kind != "relay" || h.Received != 4 || h.LastText.IsZero() || h.Metrics["lag"] == "" {
		t.Fatalf("health = %+v, want relay/relay, 4 received, a last text and a lag", h)
	}
	stop()

	// A restarted laptop resumes from its file: nothing is handed over twice.
	before := sink.Calls()
	if cur, err := relay.FileCursor(path).LoadCursor(); err != nil || cur.ID != 4 {
		t.Fatalf("cursor in the file = %+v, %v; want id 4", cur, err)
	}
	c2 := newTestClient(t, hs.URL, func(cfg *relay.ClientConfig) { cfg.CursorStore = relay.FileCursor(path) })
	stop2 := runClient(t, c2, sink)
	defer stop2()
	postWebhook(t, hs.Client(), hs.URL, smsParams("SM5", "+15005550006", "1"))
	testkit.WaitFor(t, testkit.Patience, "fifth text", func() bool { return sink.Count(t) == 5 })
	if got := sink.Dups(); got != 0 {
		t.Fatalf("re-delivered texts = %d, want 0 (cursor resumed)", got)
	}
	if calls := sink.Calls() - before; calls != 1 {
		t.Fatalf("Ingest calls after restart = %d, want 1", calls)
	}
}

func TestClientBadTokenIsFatal(t *testing.T) {
	_, hs := startTestRelay(t, nil)
	c := newTestClient(t, hs.URL, func(cfg *relay.ClientConfig) { cfg.Token = "wrong-token-wrong-token" })
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	err := c.Run(ctx, testkit.NewSQLiteSink(t))
	if !errors.Is(err, relay.ErrUnauthorized) {
		t.Fatalf("Run = %v, want relay.ErrUnauthorized", err)
	}
	if h := c.Health(); h.State != vote.HealthDown || !strings.Contains(h.Detail, "token") {
		t.Fatalf("health = %+v, want down with a word about the token", h)
	}
}

func TestClientPushesRepliesAndPoll(t *testing.T) {
	srv, hs := startTestRelay(t, nil)
	c := newTestClient(t, hs.URL, nil)
	r := vote.Replies{Accepted: "Counted!"}
	if err := c.SetReplies(t.Context(), r); err != nil {
		t.Fatalf("SetReplies: %v", err)
	}
	if got := srv.policy.Load().Replies.Accepted; got != "Counted!" {
		t.Fatalf("relay accepted reply = %q, want %q", got, "Counted!")
	}
	stop := runClient(t, c, testkit.NewSQLiteSink(t))
	defer stop()
	c.PollChanged(vote.PollInfo{ID: 7, Kind: vote.PollFork, Open: true, Choices: []vote.Choice{{Number: 1}}})
	testkit.WaitFor(t, testkit.Patience, "poll pushed", func() bool {
		p := srv.policy.Load()
		return p.Poll != nil && p.Poll.ID == 7 && p.Poll.Open && p.Replies.Accepted == "Counted!"
	})
	_, body := postWebhook(t, hs.Client(), hs.URL, smsParams("", "+15005550123", "1"))
	if !strings.Contains(body, "<Message>Counted!</Message>") {
		t.Fatalf("webhook answer %q, want the pushed reply", body)
	}
}

// SetReplies while the relay is down fails, and the policy lands once the
// client connects.
func TestClientPolicyRetriedAfterReconnect(t *testing.T) {
	srv, err := NewServer(testConfig(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	var up atomic.Bool // the relay answers 503 until it is up
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.BeginShutdown(); hs.Close(); srv.Close() })
	c := newTestClient(t, hs.URL, nil)
	if err := c.SetReplies(t.Context(), vote.Replies{Help: "h"}); err == nil {
		t.Fatalf("SetReplies to a relay that is down: nil error, want one")
	}
	up.Store(true)
	stop := runClient(t, c, testkit.NewSQLiteSink(t))
	defer stop()
	testkit.WaitFor(t, testkit.Patience, "policy pushed on connect", func() bool { return srv.policy.Load().Replies.Help == "h" })
}
