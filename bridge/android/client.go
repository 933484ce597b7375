package android

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrUnauthorized means the phone refused the user or password (HTTP 401).
var ErrUnauthorized = errors.New("the phone refused the user or password")

// APIError is an answer of the app other than 2xx: its status and the
// "message" of its JSON body when it has one.
type APIError struct {
	Status  int
	Message string
}

// Error says what the phone answered.
func (e *APIError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("the phone answered %d %s", e.Status, http.StatusText(e.Status))
	}
	return fmt.Sprintf("the phone answered %d: %s", e.Status, e.Message)
}

// maxBody bounds what is read of one answer: 500 long texts fit many times.
const maxBody = 16 << 20

// requestTimeout bounds one request to the phone.
const requestTimeout = 15 * time.Second

func defaultHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 15 * time.Second}).DialContext,
		ResponseHeaderTimeout: requestTimeout,
		IdleConnTimeout:       30 * time.Second,
		MaxIdleConnsPerHost:   4,
	}}
}

// client speaks the app's local-server API (docs/android.md lists the routes).
type client struct {
	base       string
	user, pass string
	http       *http.Client
	now        func() time.Time
	skew       skewMeter
}

func newClient(c Config) *client {
	return &client{base: c.URL, user: c.User, pass: c.Pass, http: c.HTTPClient, now: c.Now}
}

// do sends one request and decodes a 2xx JSON answer into out (nil = discard).
// It returns the answer's headers, ErrUnauthorized on 401, *APIError on any
// other non-2xx (except a 500 from /health, which carries the health body).
func (c *client) do(ctx context.Context, method, path string, q url.Values, in, out any) (http.Header, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if path != "/health" {
		req.SetBasicAuth(c.user, c.pass)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	t0 := c.now()
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	c.skew.sample(resp.Header.Get("Date"), t0, c.now())
	ok := resp.StatusCode/100 == 2 || (path == "/health" && resp.StatusCode == http.StatusInternalServerError)
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return resp.Header, fmt.Errorf("%s %s: %w", method, path, ErrUnauthorized)
	case !ok:
		var e apiError
		_ = json.Unmarshal(raw, &e)
		return resp.Header, fmt.Errorf("%s %s: %w", method, path, &APIError{Status: resp.StatusCode, Message: e.Message})
	}
	if out != nil && len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.Header, fmt.Errorf("%s %s: the answer is not the app's JSON: %w", method, path, err)
		}
	}
	return resp.Header, nil
}

func (c *client) health(ctx context.Context) (healthBody, error) {
	var h healthBody
	_, err := c.do(ctx, http.MethodGet, "/health", nil, nil, &h)
	return h, err
}

func (c *client) device(ctx context.Context) (deviceRow, error) {
	var ds []deviceRow
	if _, err := c.do(ctx, http.MethodGet, "/device", nil, nil, &ds); err != nil {
		return deviceRow{}, err
	}
	if len(ds) == 0 {
		return deviceRow{}, errors.New("GET /device: the phone listed no device")
	}
	return ds[0], nil
}

// inboxPageSize is the largest page the app serves (limit 1..500).
const inboxPageSize = 500

// inbox reads one page of SMS received between from and to (inclusive),
// newest first, and the X-Total-Count of the whole range (-1 when absent).
func (c *client) inbox(ctx context.Context, from, to time.Time, limit, offset int) ([]inboxRow, int, error) {
	q := url.Values{"type": {"SMS"}, "limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)},
		"from": {formatAppTime(from)}, "to": {formatAppTime(to)}}
	var rows []inboxRow
	h, err := c.do(ctx, http.MethodGet, "/inbox", q, nil, &rows)
	if err != nil {
		return nil, 0, err
	}
	total := -1
	if v := strings.TrimSpace(h.Get("X-Total-Count")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			total = n
		}
	}
	return rows, total, nil
}

func (c *client) webhooks(ctx context.Context) ([]webhookReg, error) {
	var ws []webhookReg
	_, err := c.do(ctx, http.MethodGet, "/webhooks", nil, nil, &ws)
	return ws, err
}

func (c *client) registerWebhook(ctx context.Context, w webhookReg) error {
	_, err := c.do(ctx, http.MethodPost, "/webhooks", nil, w, nil)
	return err
}

func (c *client) deleteWebhook(ctx context.Context, id string) error {
	_, err := c.do(ctx, http.MethodDelete, "/webhooks/"+url.PathEscape(id), nil, nil, nil)
	return err
}

func (c *client) send(ctx context.Context, r sendRequest) error {
	_, err := c.do(ctx, http.MethodPost, "/message", nil, r, nil)
	return err
}

// skewMeter estimates the phone's clock minus the laptop's from the Date
// header of the app's answers (one-second resolution): the estimate of the
// answer with the shortest round trip among the last few wins.
type skewMeter struct {
	mu      sync.Mutex
	samples [8]skewSample
	n       int
}

type skewSample struct {
	skew, rtt time.Duration
}

func (m *skewMeter) sample(date string, t0, t1 time.Time) {
	d, err := http.ParseTime(date)
	if err != nil || t1.Before(t0) {
		return
	}
	// Date is truncated to the second: the phone's clock read d + [0, 1 s).
	mid := t0.Add(t1.Sub(t0) / 2)
	s := skewSample{skew: d.Add(500 * time.Millisecond).Sub(mid), rtt: t1.Sub(t0)}
	m.mu.Lock()
	m.samples[m.n%len(m.samples)] = s
	m.n++
	m.mu.Unlock()
}

// get returns the estimate, and false before any answer carried a Date.
func (m *skewMeter) get() (time.Duration, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := min(m.n, len(m.samples))
	if k == 0 {
		return 0, false
	}
	best := m.samples[0]
	for _, s := range m.samples[1:k] {
		if s.rtt < best.rtt {
			best = s
		}
	}
	return best.skew, true
}

func (c *client) settings(ctx context.Context) (settingsBody, error) {
	var s settingsBody
	_, err := c.do(ctx, http.MethodGet, "/settings", nil, nil, &s)
	return s, err
}
