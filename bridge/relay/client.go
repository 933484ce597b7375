package relay

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"forkcast/app/vote"
)

// ClientConfig configures the laptop side of the relay. Zero values take the
// defaults shown.
type ClientConfig struct {
	// URL is the relay's base URL, e.g. "https://relay.example.com" (required).
	URL string
	// Name is the source's name in health and logs; "relay". Give each relay
	// of a Group its own (the engine keeps one source per name). The texts
	// always carry the source "relay", so a text two relays hold is one.
	Name string
	// Group, when set, is the relays of one number: the client joins it and
	// its health says whether its relay is taking the webhooks now.
	Group *Group
	// Token is the relay's bearer token, FORKCAST_RELAY_TOKEN (required).
	Token string
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// CursorStore keeps the stream position across laptop restarts; nil keeps
	// it in memory (the relay then resends what was not acknowledged).
	CursorStore CursorStore
	// HTTPClient makes the requests; nil uses one with dial, TLS and
	// response-header timeouts and no overall timeout (the stream is long).
	HTTPClient *http.Client
	MaxBatch   int           // most texts handed to one Ingest; 500
	MinBackoff time.Duration // first reconnection delay; 250 ms
	MaxBackoff time.Duration // longest reconnection delay; 30 s
	// DeadAfter is how long a silent connection lives; 0 means three of the
	// heartbeats the relay announces (at least 300 ms;
	// 15 s with the relay's default 5 s heartbeat).
	DeadAfter time.Duration
}

// ErrUnauthorized is wrapped by Run's error when the relay refuses the token:
// a configuration error, not retried.
var ErrUnauthorized = errors.New("relay refused the token (check FORKCAST_RELAY_TOKEN)")

// errDead means the connection went silent for longer than DeadAfter.
var errDead = errors.New("relay connection went silent")

// Client is the laptop side of the relay: a vote.Source that streams texts
// from the relay, a vote.ReplyPolicySetter and a vote.PollWatcher that keep
// the relay's automatic replies in step with the show.
type Client struct {
	cfg  ClientConfig
	base string
	hc   *http.Client
	log  *slog.Logger

	running   atomic.Bool
	deadAfter atomic.Int64 // nanoseconds

	mu         sync.Mutex
	cursor     Cursor
	state      string
	detail     string
	lastText   time.Time
	received   int64
	lag        time.Duration
	queue      int64
	reconnects int64

	policyMu   sync.Mutex
	policy     Policy
	policyVer  int64
	putMu      sync.Mutex   // serialises PUT /v1/replies so the newest policy lands last
	pushedVer  int64        // guarded by putMu
	pushedGen  int64        // guarded by putMu
	connGen    atomic.Int64 // bumped by every new connection: push the policy again
	policyKick chan struct{}
	ackKick    chan struct{}
}

var (
	_ vote.Source            = (*Client)(nil)
	_ vote.ReplyPolicySetter = (*Client)(nil)
	_ vote.PollWatcher       = (*Client)(nil)
)

// NewClient checks cfg and loads the saved cursor. It fails when the URL is
// not an http(s) URL with a host or the token is empty; an unreadable cursor
// is logged and replaced by the start of the stream.
func NewClient(cfg ClientConfig) (*Client, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("relay URL %q: want http(s)://host[:port]", cfg.URL)
	}
	if cfg.Token == "" {
		return nil, errors.New("relay token missing: set --relay-token or FORKCAST_RELAY_TOKEN")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Name == "" {
		cfg.Name = "relay"
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 500
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = 250 * time.Millisecond
	}
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = max(30*time.Second, cfg.MinBackoff)
	}
	c := &Client{cfg: cfg, base: strings.TrimSuffix(cfg.URL, "/"), hc: cfg.HTTPClient,
		log: cfg.Logger.With("source", cfg.Name), state: vote.HealthStopped, detail: "Not started.",
		policyKick: make(chan struct{}, 1), ackKick: make(chan struct{}, 1)}
	if c.hc == nil {
		c.hc = defaultHTTPClient()
	}
	if cfg.Group != nil {
		cfg.Group.join(c)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		c.log.Warn("relay URL is plain http: the token and the texts cross the network unencrypted")
	}
	if cfg.CursorStore != nil {
		cur, err := cfg.CursorStore.LoadCursor()
		if err != nil {
			c.log.Warn("relay cursor unreadable; starting from the relay's unacknowledged texts", "err", err)
		}
		c.cursor = cur
	}
	return c, nil
}

func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 15 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 15 * time.Second
	return &http.Client{Transport: t}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Name is ClientConfig.Name ("relay" by default).
func (c *Client) Name() string { return c.cfg.Name }

// Health reports the connection state, the last text, the lag from the
// relay's receipt to the engine's commit, and the relay's queue; in a Group
// of two or more, also whether this relay is taking the webhooks now
// (metric "webhooks": WebhooksNow, WebhooksStandby or WebhooksNone).
func (c *Client) Health() vote.Health {
	role, members := "", 0
	if c.cfg.Group != nil {
		role, members = c.cfg.Group.role(c)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	h := vote.Health{Source: c.cfg.Name, Kind: "relay", State: c.state, Detail: c.detail,
		LastText: c.lastText, Received: c.received,
		Metrics: map[string]string{
			"lag":        strconv.FormatInt(c.lag.Milliseconds(), 10) + " ms",
			"queue":      strconv.FormatInt(c.queue, 10),
			"reconnects": strconv.FormatInt(c.reconnects, 10),
			"cursor":     strconv.FormatInt(c.cursor.ID, 10),
		}}
	if members > 1 {
		h.Metrics["webhooks"] = role
		switch role {
		case WebhooksNow:
			h.Detail += " Taking the provider's webhooks now."
		case WebhooksStandby:
			h.Detail += " Standing by: another relay has the newer texts."
		}
	}
	return h
}

func (c *Client) setState(state, detail string) {
	c.mu.Lock()
	c.state, c.detail = state, detail
	c.mu.Unlock()
}

func (c *Client) getCursor() Cursor {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cursor
}

// Run streams texts from the relay into sink until ctx ends, reconnecting
// with backoff and jitter. It returns ctx.Err() on a clean stop, or an error
// when the relay refuses the token, or when Run is already running.
func (c *Client) Run(ctx context.Context, sink vote.Sink) error {
	if sink == nil {
		return errors.New("relay client: nil sink")
	}
	if !c.running.CompareAndSwap(false, true) {
		return errors.New("relay client: already running")
	}
	defer c.running.Store(false)
	inner, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); c.acker(inner) }()
	go func() { defer wg.Done(); c.pusher(inner) }()
	defer func() { cancel(); wg.Wait() }()

	attempt := 0
	for {
		c.setState(vote.HealthConnecting, "Connecting to the relay.")
		start := time.Now()
		err := c.session(inner, sink)
		if ctx.Err() != nil {
			c.setState(vote.HealthStopped, "Stopped.")
			return ctx.Err()
		}
		if errors.Is(err, ErrUnauthorized) {
			c.setState(vote.HealthDown, "The relay refused the token: check FORKCAST_RELAY_TOKEN on both sides.")
			return err
		}
		if time.Since(start) > 10*time.Second {
			attempt = 0 // it was a working connection, not a failing dial
		}
		wait := c.backoff(attempt)
		attempt++
		c.mu.Lock()
		c.reconnects++
		c.state = vote.HealthConnecting
		if attempt > 3 {
			c.state = vote.HealthDown
		}
		c.detail = fmt.Sprintf("Relay unreachable (%v); retrying in %s.", err, wait.Round(time.Millisecond))
		c.mu.Unlock()
		c.log.Warn("relay connection lost", "err", err, "retry_in", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			c.setState(vote.HealthStopped, "Stopped.")
			return ctx.Err()
		case <-t.C:
		}
	}
}

// backoff doubles from MinBackoff to MaxBackoff, with jitter over the upper
// half so a room of laptops (or one after a relay restart) does not retry in step.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.MinBackoff << min(attempt, 20)
	if d > c.cfg.MaxBackoff || d <= 0 {
		d = c.cfg.MaxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

func kick(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
