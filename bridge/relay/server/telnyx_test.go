package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
)

func telnyxBody(id, from, text, eventType string) string {
	return fmt.Sprintf(`{"data":{"event_type":%q,"id":"ev-%s","record_type":"event","payload":{"id":%q,`+
		`"direction":"inbound","type":"SMS","text":%q,"from":{"phone_number":%q},"to":[{"phone_number":"+15005550001"}]}},`+
		`"meta":{"attempt":1}}`, eventType, id, id, text, from)
}

func telnyxRequest(t *testing.T, base string, priv ed25519.PrivateKey, body string, ts time.Time) *http.Request {
	t.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(priv, []byte(stamp+"|"+body))
	req, _ := http.NewRequest(http.MethodPost, base+"/telnyx/sms", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Telnyx-Timestamp", stamp)
	req.Header.Set("Telnyx-Signature-Ed25519", base64.StdEncoding.EncodeToString(sig))
	return req
}

func TestTelnyxWebhook(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	srv, hs := startTestRelay(t, func(c *Config) {
		c.TelnyxPublicKey = base64.StdEncoding.EncodeToString(pub)
		c.FailureBurst = 1000
	})
	now := time.Now()
	good := telnyxBody("msg-1", "+15005550006", "2", "message.received")
	cases := []struct {
		name   string
		req    func() *http.Request
		want   int
		stored int
	}{
		{"signed text", func() *http.Request { return telnyxRequest(t, hs.URL, priv, good, now) }, 200, 1},
		{"retry of the same message", func() *http.Request { return telnyxRequest(t, hs.URL, priv, good, now) }, 200, 1},
		{"other key", func() *http.Request {
			return telnyxRequest(t, hs.URL, other, telnyxBody("msg-2", "+15005550006", "1", "message.received"), now)
		}, 403, 1},
		{"body tampered", func() *http.Request {
			r := telnyxRequest(t, hs.URL, priv, telnyxBody("msg-3", "+15005550006", "1", "message.received"), now)
			r2 := telnyxRequest(t, hs.URL, priv, telnyxBody("msg-3", "+15005550006", "2", "message.received"), now)
			r2.Header.Set("Telnyx-Signature-Ed25519", r.Header.Get("Telnyx-Signature-Ed25519"))
			return r2
		}, 403, 1},
		{"stale timestamp (replay)", func() *http.Request {
			return telnyxRequest(t, hs.URL, priv, telnyxBody("msg-4", "+15005550006", "1", "message.received"), now.Add(-10*time.Minute))
		}, 403, 1},
		{"missing signature", func() *http.Request {
			r := telnyxRequest(t, hs.URL, priv, telnyxBody("msg-5", "+15005550006", "1", "message.received"), now)
			r.Header.Del("Telnyx-Signature-Ed25519")
			return r
		}, 403, 1},
		{"form content type", func() *http.Request {
			r := telnyxRequest(t, hs.URL, priv, good, now)
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 415, 1},
		{"delivery report ignored", func() *http.Request {
			return telnyxRequest(t, hs.URL, priv, telnyxBody("msg-6", "+15005550006", "1", "message.finalized"), now)
		}, 200, 1},
		{"too big", func() *http.Request {
			return telnyxRequest(t, hs.URL, priv, telnyxBody("msg-7", "+1", strings.Repeat("x", 70<<10), "message.received"), now)
		}, 413, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, err := hs.Client().Do(c.req())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.want)
			}
			if got := countTexts(t, srv); got != c.stored {
				t.Fatalf("stored %d, want %d", got, c.stored)
			}
		})
	}
	// The laptop sees it under a provider-prefixed id, beside Twilio's.
	sink := testkit.NewSQLiteSink(t)
	c := newTestClient(t, hs.URL, nil)
	runClient(t, c, sink)
	testkit.WaitFor(t, testkit.Patience, "telnyx text delivered", func() bool { return sink.Count(t) == 1 })
	if got := sink.IDs(t)[0]; got != "telnyx:msg-1" {
		t.Fatalf("provider id %q, want telnyx:msg-1", got)
	}
}

func TestTelnyxRouteOffWithoutKey(t *testing.T) {
	_, hs := startTestRelay(t, nil)
	resp, err := http.Post(hs.URL+"/telnyx/sms", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d, want 404 when no Telnyx key is configured", resp.StatusCode)
	}
	if _, err := NewServer(Config{DBPath: t.TempDir() + "/x.db", PublicURL: testPublicURL, Token: testRelayToken,
		TelnyxPublicKey: "not-base64!"}); err == nil {
		t.Fatalf("NewServer with a malformed Telnyx key: nil error, want one")
	}
}
