package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ShutdownGrace is how long Serve waits for in-flight requests once its
// context ends.
const ShutdownGrace = 10 * time.Second

// Timeouts of the connections outside the laptop's stream: a request's
// headers (and a TLS handshake) must arrive within ReadHeaderTimeout of the
// connection's first byte being awaited, and a keep-alive connection closes
// after IdleTimeout without a request.
const (
	ReadHeaderTimeout = 5 * time.Second
	IdleTimeout       = 15 * time.Second
)

// Serve serves the relay on ln (over TLS when Config.TLSConfig is set) until
// ctx ends, then shuts down gracefully: readiness fails and laptop streams
// end at once, the listener closes, and in-flight webhooks get up to
// ShutdownGrace to finish before the store is closed. Connections are
// admitted by a connGuard (Config.MaxConns, Config.MaxConnsPerAddr), so
// accept never blocks. It closes the Server. It returns nil after a clean
// shutdown, or the error that stopped serving; it refuses to serve a weak
// token (see StrongToken) on a listener that is not loopback, or behind a
// proxy.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if exposed(ln.Addr(), s.cfg.TrustProxy) {
		if err := StrongToken(s.cfg.Token); err != nil {
			ln.Close()
			s.Close()
			return fmt.Errorf("serve relay on %s: %w", ln.Addr(), err)
		}
	}
	perGroup := s.cfg.MaxConnsPerAddr
	if s.cfg.TrustProxy {
		perGroup = 0 // every connection comes from the proxy
	}
	// A connection that finds no room waits at most as long as a request's
	// headers may take to arrive.
	guard := newConnGuard(s.cfg.MaxConns, perGroup, ReadHeaderTimeout, time.Now)
	s.conns.Store(guard)
	ln = newGuardListener(ln, guard)
	if s.cfg.TLSConfig != nil {
		ln = tls.NewListener(ln, s.cfg.TLSConfig)
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: ReadHeaderTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    16 << 10,
		ConnContext:       withConn,
		ConnState:         guard.connState,
		// No ReadTimeout/WriteTimeout here: they would cut the long-lived
		// stream. Webhooks set their own deadlines; the stream sets one per write.
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(s.BeginShutdown)
	pruneCtx, stopPrune := context.WithCancel(context.Background())
	pruned := make(chan struct{})
	go func() { defer close(pruned); s.prune(pruneCtx, 10*time.Minute) }()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("relay listening", "addr", ln.Addr().String(), "public_url", s.publicURL)

	var serveErr error
	select {
	case err := <-errc:
		serveErr = fmt.Errorf("serve relay: %w", err)
	case <-ctx.Done():
		s.log.Info("relay shutting down")
		s.BeginShutdown()
		sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
		if err := srv.Shutdown(sctx); err != nil {
			serveErr = fmt.Errorf("shut down relay: %w", err)
			srv.Close()
		}
		cancel()
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) && serveErr == nil {
			serveErr = fmt.Errorf("serve relay: %w", err)
		}
	}
	stopPrune()
	<-pruned
	if err := s.Close(); err != nil && serveErr == nil {
		serveErr = err
	}
	s.log.Info("relay stopped")
	return serveErr
}
