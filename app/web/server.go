// Package web is Forkcast's local HTTP server: the built frontend (/stage,
// /console), a JSON API over the show's Controller, and server-sent events from
// the engine's Hub. It serves the headless mode (forkcast serve), a second
// display of the desktop app and the browser tests. It does not import Wails.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"forkcast/app/rehearse"
	"forkcast/app/show"
	"forkcast/app/story"
)

// DefaultListen is the address the server listens on when Config.Listen is empty:
// loopback only, any free port.
const DefaultListen = "127.0.0.1:0"

// Subscriber is where the SSE streams get events from; *show.Hub implements it.
type Subscriber interface {
	Subscribe(buf int) (<-chan show.Event, func())
}

var _ Subscriber = (*show.Hub)(nil)

// Config is what New needs.
type Config struct {
	Controller show.Controller
	Hub        Subscriber          // usually *show.Hub; nil = /api/events sends the state and heartbeats only
	Story      func() *story.Story // the story being shown (it may change on a live reload)
	Frontend   fs.FS               // the built frontend (frontend/dist); nil = pages answer 503
	Token      string              // control token; "" = New makes a random one
	Listen     string              // host:port; "" = DefaultListen
	Logger     *slog.Logger        // nil = discard
	// Heartbeat is the interval of SSE comment lines that keep proxies and
	// browsers from timing out an idle stream; 0 = 15 s.
	Heartbeat time.Duration
	// Rehearsal serves the console's rehearsal tools; nil in a live show.
	Rehearsal rehearse.Tools
	// Hooks are routes for devices that post to the show without the token
	// (the Android phone's webhook); each handler checks its caller itself.
	Hooks []Hook
	// Publish writes the session's site and report (POST /api/publish);
	// nil = that route answers 409.
	Publish Publisher
	// LANHosts, when set on a server off loopback, are the only host names
	// (IP addresses, any port) a request's Host may give besides loopback
	// ones: the desktop app's LAN mode lists this machine's LAN addresses.
	// Empty = any Host (the token guards everything).
	LANHosts []string
	// OnNewToken is called with the new token before NewToken (or POST
	// /api/token) puts it in use, to store it; an error keeps the old one.
	OnNewToken func(ctx context.Context, token string) error
}

// Server is the HTTP server. Build it with New, then Start it, or mount Handler.
type Server struct {
	cfg     Config
	log     *slog.Logger
	public  bool            // listening beyond loopback: the token guards everything
	lan     map[string]bool // Config.LANHosts, normalised; nil = any Host when public
	handler http.Handler
	closing chan struct{} // closed by Shutdown: SSE streams end
	once    sync.Once

	mu   sync.Mutex
	srv  *http.Server
	addr string

	guesses  *guessLimiter // wrong tokens per address group
	launches launches      // unused launch links (launch.go)

	token  atomic.Pointer[string] // the control token (NewToken replaces it)
	rotate sync.Mutex             // one NewToken at a time

	docMu    sync.Mutex
	docFor   *story.Story
	docBytes []byte
}

// New checks cfg and builds the server without listening. It fails when the
// Controller or Story is missing, the listen address cannot be parsed, a Hook
// has no handler or a path the server already answers, the token is too weak
// for a listen address off loopback (StrongToken), or no random token can be
// made.
func New(cfg Config) (*Server, error) {
	if cfg.Controller == nil {
		return nil, errors.New("web: Config.Controller is nil")
	}
	if cfg.Story == nil {
		return nil, errors.New("web: Config.Story is nil")
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	host, _, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("web: listen address %q: %w", cfg.Listen, err)
	}
	if err := checkHooks(cfg.Hooks); err != nil {
		return nil, err
	}
	public := !isLoopbackHost(host)
	if cfg.Token != "" && public {
		if err := StrongToken(cfg.Token); err != nil {
			return nil, err
		}
	}
	if cfg.Token == "" {
		if cfg.Token, err = randomToken(); err != nil {
			return nil, err
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 15 * time.Second
	}
	s := &Server{cfg: cfg, log: cfg.Logger, public: public, closing: make(chan struct{}), guesses: newGuessLimiter()}
	if public && len(cfg.LANHosts) > 0 {
		s.lan = map[string]bool{}
		for _, h := range cfg.LANHosts {
			ip := net.ParseIP(strings.Trim(h, "[]"))
			if ip == nil {
				return nil, fmt.Errorf("web: LAN host %q is not an IP address", h)
			}
			s.lan[ip.String()] = true
		}
	}
	tok := cfg.Token
	s.token.Store(&tok)
	s.handler = s.routes()
	return s, nil
}

// Handler returns the server's handler (to mount it in another server, or for tests).
func (s *Server) Handler() http.Handler { return s.handler }

// Token returns the control token (the one configured, or the random one New made).
func (s *Server) Token() string { return *s.token.Load() }

// NewToken replaces the token with a new random one: requests with the old
// one are refused from then on (event streams already open stay open). It
// calls Config.OnNewToken first and keeps the old token when that fails.
func (s *Server) NewToken(ctx context.Context) (string, error) {
	s.rotate.Lock()
	defer s.rotate.Unlock()
	tok, err := randomToken()
	if err != nil {
		return "", err
	}
	if s.cfg.OnNewToken != nil {
		if err := s.cfg.OnNewToken(ctx, tok); err != nil {
			return "", fmt.Errorf("web: keep the new token: %w", err)
		}
	}
	s.token.Store(&tok)
	s.log.Info("token replaced")
	return tok, nil
}

// randomToken makes a token of 24 random bytes in hex (192 bits).
func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("web: make a token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Public reports whether the server listens beyond loopback (token required for everything).
func (s *Server) Public() bool { return s.public }

// Start listens on Config.Listen and serves until ctx ends or Shutdown is
// called. It returns the address it listens on (host:port, with the real port
// for ":0"), or an error when it cannot listen or was already started.
func (s *Server) Start(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return "", errors.New("web: server already started")
	}
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", s.cfg.Listen)
	if err != nil {
		return "", fmt.Errorf("web: listen on %s: %w", s.cfg.Listen, err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	srv.RegisterOnShutdown(s.closeStreams)
	s.srv, s.addr = srv, l.Addr().String()
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("web server stopped", "err", err)
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_ = s.Shutdown(sctx)
		case <-s.closing:
		}
	}()
	s.log.Info("web server listening", "addr", s.addr, "public", s.public)
	return s.addr, nil
}

// Addr returns the address Start listens on, "" before Start.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// URL returns the link to view ("stage" or "console") with the token, for a
// second display or a phone. It fails before Start or for another view.
func (s *Server) URL(view string) (string, error) {
	if view != "stage" && view != "console" {
		return "", show.Errorf(show.EINVALID, "There is no view called %q.", view)
	}
	addr := s.Addr()
	if addr == "" {
		return "", show.Errorf(show.ECONFLICT, "The web server is not running.")
	}
	u := url.URL{Scheme: "http", Host: localHost(addr), Path: "/" + view, RawQuery: "token=" + url.QueryEscape(s.Token())}
	return u.String(), nil
}

// localHost turns a listen address on every interface ("0.0.0.0:PORT",
// "[::]:PORT") into one a browser on this machine can open
// ("127.0.0.1:PORT"); other addresses stay as they are.
func localHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return addr
}

// Shutdown ends the event streams and stops the server, waiting for requests
// until ctx ends. It is safe to call more than once; it fails when ctx ends first.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeStreams()
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("web: shutdown: %w", err)
	}
	return nil
}

func (s *Server) closeStreams() { s.once.Do(func() { close(s.closing) }) }

// isLoopbackHost reports whether a listen host keeps the server on this machine.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
