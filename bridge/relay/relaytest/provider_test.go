package relaytest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/testkit"
)

// Twilio's own example from its "Secure webhooks" documentation: the auth
// token, URL and parameters below sign to 0/KCTR6DLpKmkAf8muzZqo1nDgQ=.
func TestTwilioSignatureMatchesTwilioDocs(t *testing.T) {
	params := url.Values{"CallSid": {"CA1234567890ABCDE"}, "Caller": {"+12349013030"}, "Digits": {"1234"},
		"From": {"+12349013030"}, "To": {"+18005551212"}}
	got := TwilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params)
	if want := "0/KCTR6DLpKmkAf8muzZqo1nDgQ="; got != want {
		t.Fatalf("signature %s, want %s (Twilio's documented example)", got, want)
	}
}

// hook is a webhook endpoint that records what it received and answers code.
type hook struct {
	srv   *httptest.Server
	calls atomic.Int64
	last  atomic.Value // url.Values
	sig   atomic.Value // string
}

func newHook(t *testing.T, code int, stall chan struct{}) *hook {
	h := &hook{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.calls.Add(1)
		r.ParseForm()
		h.last.Store(r.PostForm)
		h.sig.Store(r.Header.Get("X-Twilio-Signature"))
		if stall != nil {
			<-stall // a hung server: never answers until the test ends
		}
		w.WriteHeader(code)
	}))
	t.Cleanup(func() {
		if stall != nil {
			h.srv.CloseClientConnections()
			close(stall) // let the hung handler return so Close can finish
		}
		h.srv.Close()
	})
	return h
}

// TestProviderFallsBackAsTwilioDoes: on a 5xx, a refused connection or a
// timeout the text goes once to the fallback URL, with ErrorCode and ErrorUrl
// added and signed over the fallback's URL; a 2xx stops there; both failing
// loses the text.
func TestProviderFallsBackAsTwilioDoes(t *testing.T) {
	stall := make(chan struct{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String() + "/sms"
	ln.Close() // nothing listens there now

	cases := []struct {
		name       string
		primary    func() string
		fbCode     int
		wantTaken  string // "primary", "fallback", ""
		why, ecode string
	}{
		{"primary answers", func() string { return newHook(t, 200, nil).srv.URL }, 200, "primary", "", ""},
		{"primary 503", func() string { return newHook(t, 503, nil).srv.URL }, 200, "fallback", "503", ErrHTTPRetrieval},
		{"primary 403 (Twilio falls back on any HTTP error)", func() string { return newHook(t, 403, nil).srv.URL }, 200, "fallback", "403", ErrHTTPRetrieval},
		{"primary refuses connections", func() string { return refused }, 200, "fallback", "connection", ErrHTTPConnection},
		{"primary hangs", func() string { return newHook(t, 200, stall).srv.URL }, 200, "fallback", "timeout", ErrHTTPConnection},
		{"both fail", func() string { return refused }, 500, "", "connection", ErrHTTPConnection},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fb := newHook(t, c.fbCode, nil)
			// The timeout is the subject only where the primary hangs (it
			// never answers, so any timeout ends it): there it is short
			// enough to keep the test quick, yet lets the fallback answer on
			// a busy machine; elsewhere it is only a generous bound.
			timeout := testkit.Patience
			if c.name == "primary hangs" {
				timeout = 2 * time.Second
			}
			p := &Provider{AuthToken: "tok", Primary: c.primary(), Fallback: fb.srv.URL + "/fallback", Timeout: timeout}
			params := Inbound("SM1", "+15035550100", "+15035550142", "1")
			res, err := p.Send(context.Background(), params)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"primary": p.Primary, "fallback": p.Fallback, "": ""}[c.wantTaken]
			if res.TakenBy != want || res.Primary != c.why {
				t.Fatalf("taken by %q (primary failed with %q), want %q (%q)", res.TakenBy, res.Primary, want, c.why)
			}
			if c.wantTaken == "primary" {
				if n := fb.calls.Load(); n != 0 {
					t.Fatalf("fallback called %d times after the primary answered", n)
				}
				return
			}
			if n := fb.calls.Load(); n != 1 {
				t.Fatalf("fallback called %d times, want once", n)
			}
			got := fb.last.Load().(url.Values)
			if got.Get("ErrorCode") != c.ecode || got.Get("ErrorUrl") != p.Primary || got.Get("MessageSid") != "SM1" {
				t.Fatalf("fallback got ErrorCode=%q ErrorUrl=%q MessageSid=%q, want %q %q SM1",
					got.Get("ErrorCode"), got.Get("ErrorUrl"), got.Get("MessageSid"), c.ecode, p.Primary)
			}
			if sig := fb.sig.Load().(string); sig != TwilioSignature("tok", p.Fallback, got) {
				t.Fatalf("fallback request not signed over the fallback URL and its parameters")
			}
			taken, lost := p.Taken()
			if c.wantTaken == "" && (lost != 1 || len(taken) != 0) {
				t.Fatalf("both failed: taken %v lost %d, want none taken and 1 lost", taken, lost)
			}
		})
	}
}
