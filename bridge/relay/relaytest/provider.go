// Package relaytest is a cloud SMS provider emulator for tests: it posts
// inbound-SMS webhooks signed as Twilio signs them to a number's primary
// URL and, when that fails, once to its fallback URL, as Twilio does. It
// imports only the standard library and shares no code with the relay
// server it tests (bridge/relay/server), so a signature bug on one side is
// not repeated on the other.
package relaytest

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// TwilioSignature is X-Twilio-Signature for params posted to fullURL:
// base64(HMAC-SHA1(auth token, the URL followed by each parameter's name and
// value, names in sorted order)), per Twilio's "Secure webhooks" page.
func TwilioSignature(authToken, fullURL string, params url.Values) string {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range names {
		vs := append([]string(nil), params[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	m := hmac.New(sha1.New, []byte(authToken))
	m.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Inbound returns the form parameters of one inbound SMS as Twilio posts them.
func Inbound(sid, from, to, body string) url.Values {
	return url.Values{
		"MessageSid": {sid}, "SmsSid": {sid}, "SmsMessageSid": {sid},
		"AccountSid": {"AC00000000000000000000000000000000"}, "MessagingServiceSid": {""},
		"From": {from}, "To": {to}, "Body": {body}, "NumSegments": {"1"}, "NumMedia": {"0"},
		"SmsStatus": {"received"}, "ApiVersion": {"2010-04-01"},
		"FromCountry": {"US"}, "ToCountry": {"US"},
	}
}

// Twilio's error codes the emulator reports to the fallback URL in ErrorCode.
const (
	ErrHTTPRetrieval  = "11200" // the primary answered something other than 2xx
	ErrHTTPConnection = "11205" // the connection failed or timed out
)

// Provider posts a number's inbound texts to its webhook URLs.
type Provider struct {
	AuthToken string        // signs every request
	Primary   string        // the number's webhook URL ("A message comes in")
	Fallback  string        // its fallback URL ("Primary handler fails"); "" for none
	Timeout   time.Duration // per request; Twilio's default is 15 s
	// Header, when set, adds headers to every request (a test's X-Forwarded-For).
	Header http.Header
	Client *http.Client // nil: one with no overall timeout (Timeout applies)

	mu    sync.Mutex
	taken map[string]int // URL → texts it answered 2xx
	lost  int
}

// Result says where one text went.
type Result struct {
	TakenBy   string        // the URL that answered 2xx, "" when both failed (the text is lost)
	Fallback  bool          // the primary failed
	Primary   string        // why the primary failed ("" when it did not): "503", "connection", "timeout"
	PrimaryIn time.Duration // how long the primary took to fail or answer
	Lost      string        // why the fallback failed too ("" unless the text is lost): as Primary
	LostIn    time.Duration // how long the fallback took to fail
}

// Send posts params to the primary and, when it fails (a non-2xx answer, a
// connection error or no answer within Timeout), once to the fallback with
// ErrorCode and ErrorUrl added, each signed over its own URL. Like Twilio it
// never retries further: when both fail the text is lost (Result.TakenBy "").
// It fails only when ctx ends.
func (p *Provider) Send(ctx context.Context, params url.Values) (Result, error) {
	var res Result
	start := time.Now()
	why, err := p.post(ctx, p.Primary, params)
	res.PrimaryIn = time.Since(start)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if err == nil {
		res.TakenBy = p.Primary
		p.count(p.Primary)
		return res, nil
	}
	res.Fallback, res.Primary = true, why
	if p.Fallback == "" {
		p.count("")
		return res, nil
	}
	fb := url.Values{}
	for k, v := range params {
		fb[k] = append([]string(nil), v...)
	}
	code := ErrHTTPRetrieval
	if why == "connection" || why == "timeout" {
		code = ErrHTTPConnection
	}
	fb.Set("ErrorCode", code)
	fb.Set("ErrorUrl", p.Primary)
	fbStart := time.Now()
	if why, err := p.post(ctx, p.Fallback, fb); err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		res.Lost, res.LostIn = why, time.Since(fbStart)
		p.count("")
		return res, nil
	}
	res.TakenBy = p.Fallback
	p.count(p.Fallback)
	return res, nil
}

func (p *Provider) count(u string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.taken == nil {
		p.taken = map[string]int{}
	}
	if u == "" {
		p.lost++
		return
	}
	p.taken[u]++
}

// Taken returns how many texts each URL took and how many were lost.
func (p *Provider) Taken() (map[string]int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.taken))
	for k, v := range p.taken {
		out[k] = v
	}
	return out, p.lost
}

// post sends one signed request; it returns why it failed: the status code,
// "connection" or "timeout".
func (p *Provider) post(ctx context.Context, target string, params url.Values) (string, error) {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(params.Encode()))
	if err != nil {
		return "connection", err
	}
	for k, vs := range p.Header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", TwilioSignature(p.AuthToken, target, params))
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	hc := p.Client
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "timeout", err
		}
		return "connection", err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "timeout", err
		}
		return "connection", err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Sprint(resp.StatusCode), fmt.Errorf("%s answered %d", target, resp.StatusCode)
	}
	return "", nil
}
