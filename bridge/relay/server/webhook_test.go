package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"forkcast/app/vote"
	"forkcast/bridge/relay"
)

func TestWebhookAcceptsSignedTextOnce(t *testing.T) {
	srv, hs := startTestRelay(t, nil)
	p := smsParams("SM100", "+15005550006", "2")
	for i := 0; i < 3; i++ { // Twilio retries: same MessageSid
		code, body := postWebhook(t, hs.Client(), hs.URL, p)
		if code != http.StatusOK {
			t.Fatalf("attempt %d: status %d, want 200 (%s)", i, code, body)
		}
		if !strings.Contains(body, "<Response/>") {
			t.Fatalf("attempt %d: body %q, want an empty TwiML <Response/>", i, body)
		}
	}
	if got, want := countTexts(t, srv), 1; got != want {
		t.Fatalf("stored texts = %d, want %d", got, want)
	}
	texts, err := srv.store.After(t.Context(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := texts[0].Body, "2"; got != want {
		t.Fatalf("stored body = %q, want %q", got, want)
	}
	if got, want := texts[0].From, "+15005550006"; got != want {
		t.Fatalf("stored from = %q, want %q", got, want)
	}
}

// Refused requests store nothing.
func TestWebhookRefusals(t *testing.T) {
	srv, hs := startTestRelay(t, func(c *Config) { c.FailureBurst = 1000 })
	valid := smsParams("SM200", "+15005550006", "1")
	big := smsParams("SM201", "+15005550006", strings.Repeat("x", 70<<10))
	cases := []struct {
		name  string
		build func() *http.Request
		want  int
	}{
		{"missing signature", func() *http.Request {
			r := newWebhook(t, hs.URL, valid)
			r.Header.Del("X-Twilio-Signature")
			return r
		}, http.StatusForbidden},
		{"forged signature", func() *http.Request {
			r := newWebhook(t, hs.URL, valid)
			r.Header.Set("X-Twilio-Signature", SignTwilio("not-the-token", testPublicURL+"/twilio/sms", valid))
			return r
		}, http.StatusForbidden},
		{"signed over another URL", func() *http.Request {
			r := newWebhook(t, hs.URL, valid)
			r.Header.Set("X-Twilio-Signature", SignTwilio(testTwilioToken, "https://other.example.com/twilio/sms", valid))
			return r
		}, http.StatusForbidden},
		{"query added after signing", func() *http.Request {
			r := newWebhook(t, hs.URL, valid)
			r.URL.RawQuery = "x=1"
			return r
		}, http.StatusForbidden},
		{"body tampered after signing", func() *http.Request {
			r := newWebhook(t, hs.URL, valid)
			tampered := smsParams("SM200", "+15005550006", "2")
			r2 := newWebhook(t, hs.URL, tampered)
			r2.Header.Set("X-Twilio-Signature", r.Header.Get("X-Twilio-Signature"))
			return r2
		}, http.StatusForbidden},
		{"JSON content type", func() *http.Request {
			r := newWebhook(t, hs.URL, valid)
			r.Header.Set("Content-Type", "application/json")
			return r
		}, http.StatusUnsupportedMediaType},
		{"no content type", func() *http.Request {
			r := newWebhook(t, hs.URL, valid)
			r.Header.Del("Content-Type")
			return r
		}, http.StatusUnsupportedMediaType},
		{"body over 64 KiB", func() *http.Request { return newWebhook(t, hs.URL, big) }, http.StatusRequestEntityTooLarge},
		{"GET", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, hs.URL+"/twilio/sms", nil)
			return r
		}, http.StatusMethodNotAllowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, err := hs.Client().Do(c.build())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.want)
			}
			if got := countTexts(t, srv); got != 0 {
				t.Fatalf("stored texts = %d, want 0", got)
			}
		})
	}
}

func TestWebhookCharsetContentTypeAccepted(t *testing.T) {
	_, hs := startTestRelay(t, nil)
	r := newWebhook(t, hs.URL, smsParams("SM300", "+15005550006", "1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	resp, err := hs.Client().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
}

func TestWebhookRateLimits(t *testing.T) {
	t.Run("global webhook rate", func(t *testing.T) {
		srv, hs := startTestRelay(t, func(c *Config) { c.WebhookRate, c.WebhookBurst = 0.001, 5 })
		var ok, limited int
		for i := 0; i < 10; i++ {
			code, _ := postWebhook(t, hs.Client(), hs.URL, smsParams("", "+15005550006", "1"))
			switch code {
			case http.StatusOK:
				ok++
			case http.StatusTooManyRequests:
				limited++
			default:
				t.Fatalf("status %d, want 200 or 429", code)
			}
		}
		if ok != 5 || limited != 5 {
			t.Fatalf("ok=%d limited=%d, want 5 and 5", ok, limited)
		}
		if got := countTexts(t, srv); got != 5 {
			t.Fatalf("stored texts = %d, want 5", got)
		}
	})
	t.Run("refused requests per address", func(t *testing.T) {
		srv, hs := startTestRelay(t, func(c *Config) { c.FailureRate, c.FailureBurst = 0.001, 3 })
		for i := 0; i < 3; i++ {
			r := newWebhook(t, hs.URL, smsParams("", "+15005550006", "1"))
			r.Header.Set("X-Twilio-Signature", "forged")
			resp, _ := hs.Client().Do(r)
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("forged %d: status %d, want 403", i, resp.StatusCode)
			}
		}
		r := newWebhook(t, hs.URL, smsParams("", "+15005550006", "1"))
		r.Header.Set("X-Twilio-Signature", "forged")
		resp, _ := hs.Client().Do(r)
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("a 4th forgery: status %d, want 429", resp.StatusCode)
		}
		// The signature is checked first: a signed webhook from the same
		// address is never refused for what others sent (issue #21).
		code, _ := postWebhook(t, hs.Client(), hs.URL, smsParams("SMok", "+15005550006", "1"))
		if code != http.StatusOK {
			t.Fatalf("a signed webhook from a limited address: status %d, want 200", code)
		}
		// The laptop shares the venue's address with the audience: its right
		// token still gets through, a wrong one is limited.
		code, _ = apiRequest(t, http.MethodGet, hs.URL+"/v1/status", "")
		if code != http.StatusOK {
			t.Fatalf("laptop API with the right token from a blocked address: status %d, want 200", code)
		}
		req, _ := http.NewRequest(http.MethodGet, hs.URL+"/v1/status", nil)
		req.Header.Set("Authorization", "Bearer wrong")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("laptop API with a wrong token from a blocked address: status %d, want 429", resp.StatusCode)
		}
		if got := countTexts(t, srv); got != 1 {
			t.Fatalf("stored texts = %d, want the signed one only", got)
		}
	})
}

func putPolicy(t *testing.T, base string, p relay.Policy) {
	t.Helper()
	b, _ := json.Marshal(p)
	if code, body := apiRequest(t, http.MethodPut, base+"/v1/replies", string(b)); code != http.StatusNoContent {
		t.Fatalf("PUT /v1/replies: status %d, want 204 (%s)", code, body)
	}
}

func TestWebhookReplies(t *testing.T) {
	_, hs := startTestRelay(t, func(c *Config) { c.ReplyInterval = time.Hour })
	replies := vote.Replies{Accepted: "Counted <thanks> & more", Closed: "No poll open", Invalid: "Text 1 or 2",
		Rating: "Thanks! Links: https://x.example", Help: "Forkcast votes. Reply STOP to stop."}
	fork := &vote.PollInfo{ID: 1, Kind: vote.PollFork, Open: true,
		Choices: []vote.Choice{{Number: 1, Keywords: []string{"#breach"}}, {Number: 2, Keywords: []string{"surge"}}}}
	frFork := &vote.PollInfo{ID: 1, Kind: vote.PollFork, Open: true, Choices: fork.Choices,
		Parser: vote.Parser{Languages: []string{"fr"}, Letters: true}}
	cases := []struct {
		name, from, body string
		poll             *vote.PollInfo
		want             string
	}{
		{"no poll known: silent", "+15550000001", "1", nil, "<Response/>"},
		{"vote accepted, escaped", "+15550000002", "2", fork, "<Message>Counted &lt;thanks&gt; &amp; more</Message>"},
		{"keyword vote", "+15550000003", "#Breach!", fork, "<Message>Counted"},
		{"full-width digit", "+15550000004", "２", fork, "<Message>Counted"},
		{"keycap emoji", "+15550000005", "1\ufe0f\u20e3", fork, "<Message>Counted"},
		{"not a choice", "+15550000006", "7", fork, "<Message>Text 1 or 2</Message>"},
		{"a sentence with one choice (engine's parser)", "+15550000012", "option 2 please", fork, "<Message>Counted"},
		{"two choices at once", "+15550000013", "1 or 2", fork, "<Message>Text 1 or 2</Message>"},
		{"closed poll", "+15550000007", "1", &vote.PollInfo{ID: 1, Kind: vote.PollFork}, "<Message>No poll open</Message>"},
		{"rating", "+15550000008", "ten", &vote.PollInfo{ID: 2, Kind: vote.PollRating, Open: true}, "<Message>Thanks! Links"},
		{"rating out of range", "+15550000009", "11", &vote.PollInfo{ID: 2, Kind: vote.PollRating, Open: true}, "<Message>Text 1 or 2</Message>"},
		{"French number word with the story's languages", "+15550000014", "deux", frFork, "<Message>Counted"},
		{"letter ballot with letters on", "+15550000015", "B", frFork, "<Message>Counted"},
		{"French word without the story's languages", "+15550000016", "deux", fork, "<Message>Text 1 or 2</Message>"},
		{"rating range of the poll", "+15550000017", "5", &vote.PollInfo{ID: 3, Kind: vote.PollRating, Open: true, Min: 1, Max: 4}, "<Message>Text 1 or 2</Message>"},
		{"HELP", "+15550000010", "help", nil, "<Message>Forkcast votes."},
		{"STOP: the provider answers", "+15550000011", "STOP", fork, "<Response/>"},
		{"rate limited: second reply to one number", "+15550000002", "1", fork, "<Response/>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			putPolicy(t, hs.URL, relay.Policy{Replies: replies, Poll: c.poll})
			code, body := postWebhook(t, hs.Client(), hs.URL, smsParams("", c.from, c.body))
			if code != http.StatusOK || !strings.Contains(body, c.want) {
				t.Fatalf("status %d body %q, want 200 containing %q", code, body, c.want)
			}
		})
	}
}

func TestWebhookStopSilencesReplies(t *testing.T) {
	_, hs := startTestRelay(t, func(c *Config) { c.ReplyInterval = time.Millisecond })
	putPolicy(t, hs.URL, relay.Policy{Replies: vote.Replies{Accepted: "ok"},
		Poll: &vote.PollInfo{ID: 1, Kind: vote.PollFork, Open: true, Choices: []vote.Choice{{Number: 1}}}})
	from := "+15550001111"
	steps := []struct{ body, want string }{
		{"1", "<Message>ok</Message>"},
		{"Stop", "<Response/>"},
		{"1", "<Response/>"},
		{"START", "<Response/>"},
		{"1", "<Message>ok</Message>"},
	}
	for i, s := range steps {
		time.Sleep(5 * time.Millisecond) // simulates the voter's texts arriving apart (ReplyInterval is 1 ms)
		_, body := postWebhook(t, hs.Client(), hs.URL, smsParams("", from, s.body))
		if !strings.Contains(body, s.want) {
			t.Fatalf("step %d (%q): body %q, want %q", i, s.body, body, s.want)
		}
	}
}

func TestPolicyPersistsAndIsValidated(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := newHTTPTest(srv)
	putPolicy(t, hs.URL, relay.Policy{Replies: vote.Replies{Help: "help text"}})
	code, _ := apiRequest(t, http.MethodPut, hs.URL+"/v1/replies",
		`{"replies":{"accepted":"`+strings.Repeat("a", 1601)+`"}}`)
	if code != http.StatusBadRequest {
		t.Fatalf("over-long reply: status %d, want 400", code)
	}
	hs.Close()
	srv.Close()
	srv2, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer srv2.Close()
	if got, want := srv2.policy.Load().Replies.Help, "help text"; got != want {
		t.Fatalf("policy after restart: help = %q, want %q", got, want)
	}
}
