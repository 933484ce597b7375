package relay

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/sqlite/dbfile"
	"forkcast/app/vote"
)

const (
	testTwilioToken = "twilio-auth-token-for-tests"
	testRelayToken  = "relay-token-0123456789abcdef"
	testPublicURL   = "https://relay.example.com"
)

// testConfig is a relay configuration for tests, with the store in dir.
func testConfig(dir string) Config {
	return Config{DBPath: filepath.Join(dir, "relay.db"), PublicURL: testPublicURL,
		TwilioAuthToken: testTwilioToken, Token: testRelayToken, WebhookRate: -1}
}

// startTestRelay runs a relay behind httptest; the store closes on cleanup.
func startTestRelay(t testing.TB, mutate func(*Config)) (*Server, *httptest.Server) {
	t.Helper()
	cfg := testConfig(t.TempDir())
	if mutate != nil {
		mutate(&cfg)
	}
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		srv.BeginShutdown()
		hs.Close()
		srv.Close()
	})
	return srv, hs
}

// smsParams are the form fields of one inbound text.
func smsParams(sid, from, body string) url.Values {
	return TwilioTestParams(sid, from, "+15005550001", body)
}

// newWebhook builds a signed webhook request for params posted to base
// (the server's real address), signed over the relay's public URL.
func newWebhook(t testing.TB, base string, params url.Values) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/twilio/sms", strings.NewReader(params.Encode()))
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", SignTwilio(testTwilioToken, testPublicURL+"/twilio/sms", params))
	return req
}

// postWebhook posts a signed webhook and returns the status and body.
func postWebhook(t testing.TB, hc *http.Client, base string, params url.Values) (int, string) {
	t.Helper()
	resp, err := hc.Do(newWebhook(t, base, params))
	if err != nil {
		t.Fatalf("post webhook: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// apiRequest makes an authenticated /v1 request.
func apiRequest(t testing.TB, method, u string, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testRelayToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// countTexts counts the relay's stored texts (acknowledged or not).
func countTexts(t testing.TB, s *Server) int {
	t.Helper()
	var n int
	if err := s.store.db.QueryRow("SELECT COUNT(*) FROM texts").Scan(&n); err != nil {
		t.Fatalf("count texts: %v", err)
	}
	return n
}

// sqliteSink is a vote.Sink that stores into a real SQLite table with
// UNIQUE(source, provider_id), as the engine's inbox does, so "exactly once"
// is checked the way a real store sees it.
type sqliteSink struct {
	db        *sql.DB
	failEvery int64 // fail every n-th Ingest before committing (0: never)
	lostEvery int64 // every n-th Ingest commits, then reports a failure (0: never)
	calls     atomic.Int64
	dups      atomic.Int64
	mu        sync.Mutex
	onIngest  func([]vote.Message) // called before the commit, if set
}

var _ vote.Sink = (*sqliteSink)(nil)

func newSQLiteSink(t testing.TB) *sqliteSink {
	t.Helper()
	path := filepath.Join(t.TempDir(), "inbox.db")
	db, err := dbfile.Open(path, dbfile.Options{Synchronous: "NORMAL"})
	if err != nil {
		t.Fatalf("open sink: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	_, err = db.Exec(`CREATE TABLE inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,
		source TEXT NOT NULL, provider_id TEXT NOT NULL, sender TEXT NOT NULL, body TEXT NOT NULL,
		received_ms INTEGER NOT NULL, UNIQUE (source, provider_id))`)
	if err != nil {
		t.Fatalf("create inbox: %v", err)
	}
	return &sqliteSink{db: db}
}

func (s *sqliteSink) Ingest(ctx context.Context, msgs []vote.Message) error {
	n := s.calls.Add(1)
	if s.failEvery > 0 && n%s.failEvery == 0 {
		return fmt.Errorf("injected store failure (call %d)", n)
	}
	if s.onIngest != nil {
		s.onIngest(msgs)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, m := range msgs {
		res, err := tx.ExecContext(ctx, `INSERT INTO inbox (source, provider_id, sender, body, received_ms)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, provider_id) DO NOTHING`,
			m.Source, m.ProviderID, m.Sender, m.Text, m.ReceivedAt.UnixMilli())
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			s.dups.Add(1)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if s.lostEvery > 0 && n%s.lostEvery == 0 {
		return fmt.Errorf("injected failure after the commit (call %d)", n)
	}
	return nil
}

func (s *sqliteSink) count(t testing.TB) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM inbox").Scan(&n); err != nil {
		t.Fatalf("count inbox: %v", err)
	}
	return n
}

// ids returns the provider ids in commit order.
func (s *sqliteSink) ids(t testing.TB) []string {
	t.Helper()
	rows, err := s.db.Query("SELECT provider_id FROM inbox ORDER BY seq")
	if err != nil {
		t.Fatalf("read inbox: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		out = append(out, id)
	}
	return out
}

// waitFor polls cond until it holds or d passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// syncBuffer is a goroutine-safe bytes.Buffer for captured logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runClient runs c against sink until the returned stop is called.
func runClient(t testing.TB, c *Client, sink vote.Sink) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, sink) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

func newTestClient(t testing.TB, base string, mutate func(*ClientConfig)) *Client {
	t.Helper()
	cfg := ClientConfig{URL: base, Token: testRelayToken, MinBackoff: 10 * time.Millisecond,
		MaxBackoff: 100 * time.Millisecond}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

func newHTTPTest(s *Server) *httptest.Server { return httptest.NewServer(s.Handler()) }
