package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"forkcast/bridge/relay"
)

// Config configures a relay Server. Zero values take the defaults shown.
type Config struct {
	// DBPath is the SQLite file holding the texts (required).
	DBPath string
	// PublicURL is the relay's external base URL as the provider calls it,
	// e.g. "https://relay.example.com" (required). The signature of a webhook
	// is checked over PublicURL + the request's path and query.
	PublicURL string
	// TwilioAuthToken signs Twilio's webhooks; empty refuses every Twilio webhook.
	TwilioAuthToken string
	// TelnyxPublicKey (base64, from Telnyx's portal) checks Telnyx's
	// webhooks at /telnyx/sms; empty leaves that route out.
	TelnyxPublicKey string
	// Token is the laptop's bearer token for /v1/* (required, at least 16
	// bytes; Serve wants a strong one, see StrongToken, unless it listens on
	// loopback without TrustProxy).
	Token string
	// Logger receives structured logs; nil discards them. Numbers are masked.
	Logger *slog.Logger

	MaxBody       int64         // webhook body limit in bytes; 64 KiB
	Heartbeat     time.Duration // stream heartbeat period; 5 s
	Retention     time.Duration // unacknowledged texts are pruned after this; 7 days
	DedupeWindow  time.Duration // acknowledged texts are remembered (empty) this long; 48 h
	WebhookRate   float64       // signed webhooks a second over all senders; 1000; negative: unlimited
	WebhookBurst  int           // burst of the above; 2 s worth
	FailureRate   float64       // refused requests (bad signature/token) a second per address group before 429; 0.5
	FailureBurst  int           // burst of the above; 20
	ReplyInterval time.Duration // at most one reply per number per interval; 30 s
	TrustProxy    bool          // take the client address from X-Forwarded-For (behind the host's proxy)
	// StoreTimeout bounds how long a webhook waits for its text's commit;
	// past it the provider gets 503, inside the shortest provider timeout
	// (Telnyx: 2 s), so it turns to its failover URL at once.
	// DefaultStoreTimeout when zero.
	StoreTimeout time.Duration
	Now          func() time.Time

	// MaxConns bounds the connections Serve holds open (512); a sixteenth
	// of them (at most 64) is kept for connections that proved themselves
	// with a valid signature or the laptop's token.
	MaxConns int
	// MaxConnsPerAddr bounds the unproven connections from one address
	// group, an IPv4 address or an IPv6 /64 (32). Not applied with
	// TrustProxy: every connection then comes from the proxy.
	MaxConnsPerAddr int
	// TLSConfig, when set, makes Serve speak HTTPS on its listener (the
	// connection limits apply below TLS, before any handshake).
	TLSConfig *tls.Config
}

// DefaultStoreTimeout is Config.StoreTimeout's default: 1 s, half of
// Telnyx's 2 s webhook timeout (the shortest of the providers'), so that the
// 503 reaches the provider, after the TLS handshake and the request's
// transit, before it gives up on its own; a healthy commit takes
// milliseconds (docs/relay.md, "Failing fast").
const DefaultStoreTimeout = time.Second

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.MaxBody <= 0 {
		c.MaxBody = 64 << 10
	}
	def(&c.Heartbeat, 5*time.Second)
	def(&c.Retention, 7*24*time.Hour)
	def(&c.DedupeWindow, 48*time.Hour)
	def(&c.ReplyInterval, 30*time.Second)
	def(&c.StoreTimeout, DefaultStoreTimeout)
	if c.WebhookRate == 0 {
		c.WebhookRate = 1000
	}
	if c.WebhookBurst <= 0 {
		c.WebhookBurst = int(2*c.WebhookRate) + 1
	}
	if c.FailureRate == 0 {
		c.FailureRate = 0.5
	}
	if c.FailureBurst <= 0 {
		c.FailureBurst = 20
	}
	if c.MaxConns <= 0 {
		c.MaxConns = 512
	}
	if c.MaxConnsPerAddr <= 0 {
		c.MaxConnsPerAddr = 32
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Server is the cloud half of the relay: the webhook, the laptop's stream,
// acknowledgements and the reply policy, over one SQLite store.
type Server struct {
	cfg       Config
	log       *slog.Logger
	store     *store
	publicURL string
	tokenHash [32]byte
	numberKey []byte
	telnyxKey ed25519.PublicKey

	webhooks  *bucket
	failures  *keyedLimiter
	replyRate *keyedLimiter
	policy    atomic.Pointer[relay.Policy]

	closing   chan struct{} // closed when shutdown starts: streams end, readiness fails
	closeOnce sync.Once
	streams   atomic.Int64
	conns     atomic.Pointer[connGuard] // set by Serve
}

// NewServer opens the store at cfg.DBPath and returns a Server. It fails when
// a required setting is missing or malformed, or the store cannot be opened.
func NewServer(cfg Config) (*Server, error) {
	cfg.defaults()
	u, err := url.Parse(cfg.PublicURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("relay public URL %q: want http(s)://host[:port]", cfg.PublicURL)
	}
	if len(cfg.Token) < 16 {
		return nil, errors.New("relay token: want at least 16 characters (FORKCAST_RELAY_TOKEN); make one with: forkcast-relay token")
	}
	if cfg.DBPath == "" {
		return nil, errors.New("relay store: no database path")
	}
	var telnyxKey ed25519.PublicKey
	if cfg.TelnyxPublicKey != "" {
		if telnyxKey, err = parseTelnyxKey(cfg.TelnyxPublicKey); err != nil {
			return nil, err
		}
	}
	st, err := openStore(cfg.DBPath)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, store: st,
		publicURL: strings.TrimSuffix(cfg.PublicURL, "/"),
		tokenHash: sha256.Sum256([]byte(cfg.Token)), telnyxKey: telnyxKey,
		webhooks:  newBucket(cfg.WebhookRate, cfg.WebhookBurst),
		failures:  newKeyedLimiter(cfg.FailureRate, cfg.FailureBurst, 100000),
		replyRate: newKeyedLimiter(1/cfg.ReplyInterval.Seconds(), 1, 100000),
		closing:   make(chan struct{})}
	if err := s.load(context.Background()); err != nil {
		st.Close()
		return nil, err
	}
	return s, nil
}

// load reads the persisted number key and reply policy.
func (s *Server) load(ctx context.Context) error {
	key, err := s.store.meta(ctx, "number_key")
	if err != nil {
		return err
	}
	if key == "" {
		b := make([]byte, 32)
		rand.Read(b)
		key = hex.EncodeToString(b)
		if err := s.store.setMeta(ctx, "number_key", key); err != nil {
			return err
		}
	}
	s.numberKey, _ = hex.DecodeString(key)
	p := &relay.Policy{}
	raw, err := s.store.meta(ctx, "policy")
	if err != nil {
		return err
	}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), p); err != nil {
			s.log.Warn("stored reply policy unreadable; replies off", "err", err)
			p = &relay.Policy{}
		}
	}
	s.policy.Store(p)
	return nil
}

// Handler returns the relay's HTTP routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /twilio/sms", s.handleTwilio)
	if s.telnyxKey != nil {
		mux.HandleFunc("POST /telnyx/sms", s.handleTelnyx)
	}
	mux.HandleFunc("GET "+relay.StreamPath, s.authed(s.handleStream))
	mux.HandleFunc("POST "+relay.AckPath, s.authed(s.handleAck))
	mux.HandleFunc("PUT "+relay.RepliesPath, s.authed(s.handlePutReplies))
	mux.HandleFunc("GET "+relay.RepliesPath, s.authed(s.handleGetReplies))
	mux.HandleFunc("GET /v1/status", s.authed(s.handleStatus))
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	return mux
}

// authed checks the laptop's bearer token in constant time. A request with
// the right token marks its connection as trusted (see connGuard). Refusals
// count against the client's address group; too many answer 429.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := bearerToken(r.Header.Get("Authorization"))
		sum := sha256.Sum256([]byte(tok))
		if ok && subtle.ConstantTimeCompare(sum[:], s.tokenHash[:]) == 1 {
			// The right token is never blocked: at a venue the audience shares
			// the laptop's public address, and forged webhooks from it must not
			// lock the laptop out of its own stream.
			s.trustConn(r)
			h(w, r)
			return
		}
		ip := clientIP(r, s.cfg.TrustProxy)
		if !s.failures.allow(addrGroup(ip), s.cfg.Now()) {
			w.Header().Set("Connection", "close")
			httpError(w, http.StatusTooManyRequests, "too many refused requests")
			return
		}
		s.log.Warn("laptop API: bad token", "path", r.URL.Path, "client", ip)
		w.Header().Set("Connection", "close")
		w.Header().Set("WWW-Authenticate", `Bearer realm="forkcast-relay"`)
		httpError(w, http.StatusUnauthorized, "bad or missing bearer token")
	}
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady answers 200 while shutdown has not begun and the store takes
// a write (a probe committed at most once a second, so a full disk or a
// read-only file shows here at once, and a load balancer or the provider's
// fallback moves away). It answers 503 otherwise.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	select {
	case <-s.closing:
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
		return
	default:
	}
	if err := s.store.writable(r.Context()); err != nil {
		s.log.Error("readiness: the store takes no write", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "store unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// BeginShutdown ends the laptop streams and fails readiness; webhooks keep
// being served until the HTTP server stops. Safe to call more than once.
func (s *Server) BeginShutdown() {
	s.closeOnce.Do(func() { close(s.closing) })
}

// Close ends the streams and closes the store; call it after the HTTP server
// has stopped. It fails when the store fails to close.
func (s *Server) Close() error {
	s.BeginShutdown()
	return s.store.Close()
}

// prune runs the retention rules every interval until ctx ends.
func (s *Server) prune(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		now := s.cfg.Now()
		n, err := s.store.Prune(ctx, now.Add(-s.cfg.DedupeWindow), now.Add(-s.cfg.Retention))
		if err != nil && ctx.Err() == nil {
			s.log.Error("prune", "err", err)
		} else if n > 0 {
			s.log.Info("pruned texts", "rows", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func httpError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}
