package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"forkcast/app/vote"
	"forkcast/bridge/relay"
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

// runClient runs c against sink until the returned stop is called.
func runClient(t testing.TB, c *relay.Client, sink vote.Sink) (stop func() error) {
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

func newTestClient(t testing.TB, base string, mutate func(*relay.ClientConfig)) *relay.Client {
	t.Helper()
	cfg := relay.ClientConfig{URL: base, Token: testRelayToken, MinBackoff: 10 * time.Millisecond,
		MaxBackoff: 100 * time.Millisecond}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := relay.NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

func newHTTPTest(s *Server) *httptest.Server { return httptest.NewServer(s.Handler()) }
