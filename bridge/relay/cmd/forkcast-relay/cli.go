package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"forkcast/bridge/relay/server"

	"golang.org/x/crypto/acme/autocert"
	"golang.org/x/net/netutil"
)

// Exit codes of Main.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// version is stamped with -ldflags "-X main.version=...".
var version = "dev"

// Env is what Main reads from and writes to outside its arguments.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string // nil = os.Getenv
}

// Main runs the forkcast-relay command line (args without the program name)
// until ctx ends and returns the exit code: 0 ok, 1 failed, 2 usage error.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return mainServe(ctx, args, env)
	case "sign":
		return mainSign(args, env)
	case "token":
		b := make([]byte, 32)
		rand.Read(b)
		fmt.Fprintln(env.Stdout, base64.RawURLEncoding.EncodeToString(b))
		return exitOK
	case "version":
		fmt.Fprintln(env.Stdout, "forkcast-relay", version)
		return exitOK
	case "health":
		return mainHealth(ctx, args, env)
	case "help":
		usage(env.Stdout)
		return exitOK
	}
	fmt.Fprintf(env.Stderr, "forkcast-relay: unknown command %q\n\n", cmd)
	usage(env.Stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `forkcast-relay receives SMS webhooks (Twilio) and streams them to Forkcast.

Usage:
  forkcast-relay [serve] [flags]   run the relay (forkcast-relay serve -h for flags)
  forkcast-relay sign [flags]      print a curl line posting a correctly signed test text
  forkcast-relay token             print a new random token for FORKCAST_RELAY_TOKEN
  forkcast-relay health [--url U]  exit 0 if the relay answers ready (for container health checks)
  forkcast-relay version           print the version

Secrets come from the environment or files (a flag would show them in ps):
  TWILIO_AUTH_TOKEN     Twilio's auth token (signs the webhooks at /twilio/sms)
  TELNYX_PUBLIC_KEY     optional: Telnyx's public key (base64), enables /telnyx/sms
  FORKCAST_RELAY_TOKEN  the laptop's bearer token (or --token-file FILE); off
                        loopback it must be strong: make one with forkcast-relay token
`)
}

// serveFlags are the relay's settings as parsed from the command line.
type serveFlags struct {
	listen, httpListen, db, publicURL, domain, certDir, email string
	twilioFile, tokenFile, telnyxFile, logLevel               string
	argvToken                                                 string
	maxConns, maxConnsPerAddr, maxBody                        int
	rate                                                      float64
	retention, heartbeat, replyEvery, storeTimeout            time.Duration
	trustProxy                                                bool
}

func parseServe(args []string, env Env) (*serveFlags, int) {
	f := &serveFlags{}
	fs := flag.NewFlagSet("forkcast-relay serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		usage(env.Stderr)
		fmt.Fprint(env.Stderr, "\nFlags of serve:\n")
		fs.PrintDefaults()
	}
	listen := ":8080"
	if p := env.Getenv("PORT"); p != "" {
		listen = ":" + p
	}
	fs.StringVar(&f.listen, "listen", listen, "`address` to listen on (:$PORT when PORT is set; :443 with --domain)")
	fs.StringVar(&f.db, "db", "forkcast-relay.db", "SQLite `file` holding the texts")
	fs.StringVar(&f.publicURL, "public-url", env.Getenv("FORKCAST_RELAY_PUBLIC_URL"),
		"external base `URL` the provider calls, e.g. https://relay.example.com (env FORKCAST_RELAY_PUBLIC_URL);\nthe webhook is this + /twilio/sms, and signatures are checked against it")
	fs.StringVar(&f.domain, "domain", "", "serve HTTPS directly with a Let's Encrypt certificate for this `name` (autocert)")
	fs.StringVar(&f.httpListen, "http-listen", ":80", "with --domain: `address` for ACME challenges and the redirect to HTTPS")
	fs.StringVar(&f.certDir, "cert-dir", "forkcast-relay-certs", "with --domain: `directory` caching the certificates")
	fs.StringVar(&f.email, "acme-email", "", "with --domain: contact `email` for Let's Encrypt")
	fs.StringVar(&f.twilioFile, "twilio-token-file", "", "read Twilio's auth token from this `file` instead of TWILIO_AUTH_TOKEN")
	fs.StringVar(&f.telnyxFile, "telnyx-key-file", "", "read Telnyx's public key from this `file` instead of TELNYX_PUBLIC_KEY")
	fs.StringVar(&f.tokenFile, "token-file", "", "read the laptop's token from this `file` instead of FORKCAST_RELAY_TOKEN")
	fs.StringVar(&f.tokenFile, "relay-token-file", "", "the same as --token-file")
	fs.StringVar(&f.argvToken, "token", "", "the laptop's `token` itself: avoid, ps shows it to every user; use FORKCAST_RELAY_TOKEN or --token-file")
	fs.IntVar(&f.maxConns, "max-conns", 512, "most simultaneous connections; a sixteenth of them (at most 64) is kept for signed webhooks and the laptop")
	fs.IntVar(&f.maxConnsPerAddr, "max-conns-per-addr", 32, "most connections from one address (IPv6: one /64) before they prove themselves; not applied with --trust-proxy")
	fs.IntVar(&f.maxBody, "max-body", 64<<10, "largest webhook body in `bytes` (413 above)")
	fs.Float64Var(&f.rate, "webhook-rate", 1000, "accept at most `n` webhooks a second over all senders (429 above); -1 unlimited")
	fs.DurationVar(&f.retention, "retention", 7*24*time.Hour, "delete texts the laptop never acknowledged after this `duration`")
	fs.DurationVar(&f.heartbeat, "heartbeat", 5*time.Second, "stream heartbeat `period`; the laptop drops a connection silent for 3 of them")
	fs.DurationVar(&f.replyEvery, "reply-interval", 30*time.Second, "at most one automatic reply per number per `duration`")
	fs.DurationVar(&f.storeTimeout, "store-timeout", server.DefaultStoreTimeout,
		"answer a webhook 503 when its text is not committed within this `duration`, so the provider turns to its failover URL;\nkeep it under the shortest provider timeout (Telnyx: 2 s)")
	fs.BoolVar(&f.trustProxy, "trust-proxy", false, "behind the host's proxy: take the client address from X-Forwarded-For")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, exitOK
		}
		return nil, exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "forkcast-relay: unexpected argument %q\n", fs.Arg(0))
		return nil, exitUsage
	}
	if f.domain != "" {
		set := map[string]bool{}
		fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
		if !set["listen"] {
			f.listen = ":443"
		}
		if f.publicURL == "" {
			f.publicURL = "https://" + f.domain
		}
	}
	return f, -1
}

// secret reads a secret from file if given, else from the environment.
func secret(env Env, file, name string) (string, error) {
	if file == "" {
		return strings.TrimSpace(env.Getenv(name)), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

func mainServe(ctx context.Context, args []string, env Env) int {
	f, code := parseServe(args, env)
	if f == nil {
		return code
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		fmt.Fprintf(env.Stderr, "forkcast-relay: --log-level %q: %v\n", f.logLevel, err)
		return exitUsage
	}
	log := slog.New(slog.NewJSONHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
	twilio, err := secret(env, f.twilioFile, "TWILIO_AUTH_TOKEN")
	telnyx, err3 := secret(env, f.telnyxFile, "TELNYX_PUBLIC_KEY")
	if err == nil && err3 == nil && twilio == "" && telnyx == "" {
		err = errors.New("TWILIO_AUTH_TOKEN is not set (or use --twilio-token-file; or TELNYX_PUBLIC_KEY for Telnyx)")
	}
	err = errors.Join(err, err3)
	token, err2 := laptopToken(env, f)
	if err := errors.Join(err, err2); err != nil {
		fmt.Fprintf(env.Stderr, "forkcast-relay: %v\n", err)
		return exitUsage
	}
	if server.ExposedListen(f.listen, f.trustProxy) || f.domain != "" {
		if err := server.StrongToken(token); err != nil {
			fmt.Fprintf(env.Stderr, "forkcast-relay: --listen %s is reachable from the network: %v\n", f.listen, err)
			return exitFailed
		}
	}
	cfg := server.Config{DBPath: f.db, PublicURL: f.publicURL, TwilioAuthToken: twilio,
		TelnyxPublicKey: telnyx, Token: token,
		Logger: log, MaxBody: int64(f.maxBody), Heartbeat: f.heartbeat, Retention: f.retention,
		WebhookRate: f.rate, ReplyInterval: f.replyEvery, TrustProxy: f.trustProxy,
		MaxConns: f.maxConns, MaxConnsPerAddr: f.maxConnsPerAddr, StoreTimeout: f.storeTimeout}
	m := autocertManager(f)
	if m != nil {
		cfg.TLSConfig = m.TLSConfig()
		cfg.TLSConfig.MinVersion = tls.VersionTLS12
	}
	srv, err := server.NewServer(cfg)
	if err != nil {
		fmt.Fprintf(env.Stderr, "forkcast-relay: %v\n", err)
		return exitFailed
	}
	ln, err := listen(ctx, f, m, log)
	if err != nil {
		srv.Close()
		fmt.Fprintf(env.Stderr, "forkcast-relay: %v\n", err)
		return exitFailed
	}
	if err := srv.Serve(ctx, ln); err != nil {
		log.Error("relay failed", "err", err)
		return exitFailed
	}
	return exitOK
}

// laptopToken reads the laptop's token from --token (with a warning: ps
// shows it), --token-file or FORKCAST_RELAY_TOKEN, in that order; giving
// both flags is an error.
func laptopToken(env Env, f *serveFlags) (string, error) {
	if f.argvToken != "" {
		if f.tokenFile != "" {
			return "", errors.New("give the laptop token once: --token or --token-file")
		}
		fmt.Fprintln(env.Stderr, "forkcast-relay: warning: --token shows the token to every user of this machine (ps, /proc/PID/cmdline); "+
			"use FORKCAST_RELAY_TOKEN or --token-file instead")
		return strings.TrimSpace(f.argvToken), nil
	}
	token, err := secret(env, f.tokenFile, "FORKCAST_RELAY_TOKEN")
	if err == nil && token == "" {
		err = errors.New("FORKCAST_RELAY_TOKEN is not set (or use --token-file); make one with: forkcast-relay token")
	}
	return token, err
}

// autocertManager is the Let's Encrypt certificate manager of --domain,
// nil without it.
func autocertManager(f *serveFlags) *autocert.Manager {
	if f.domain == "" {
		return nil
	}
	return &autocert.Manager{Prompt: autocert.AcceptTOS, HostPolicy: autocert.HostWhitelist(f.domain),
		Cache: autocert.DirCache(f.certDir), Email: f.email}
}

// listen opens the relay's listener and, with an autocert manager m, the
// ACME challenge server on --http-listen, which runs until ctx ends. The
// relay's Serve applies the connection limits, and TLS above them.
func listen(ctx context.Context, f *serveFlags, m *autocert.Manager, log *slog.Logger) (net.Listener, error) {
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", f.listen, err)
	}
	if m == nil {
		return ln, nil
	}
	hln, err := net.Listen("tcp", f.httpListen)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("listen on %s for ACME: %w", f.httpListen, err)
	}
	acme := &http.Server{Handler: m.HTTPHandler(nil), ReadHeaderTimeout: 10 * time.Second}
	go acme.Serve(netutil.LimitListener(hln, 64))
	go func() { <-ctx.Done(); acme.Close() }()
	log.Info("autocert enabled", "domain", f.domain, "cert_dir", f.certDir, "http_addr", hln.Addr().String())
	return ln, nil
}

// mainHealth asks a running relay whether it is ready: exit 0 if so, 1 if not.
func mainHealth(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("forkcast-relay health", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	u := fs.String("url", "http://127.0.0.1:8080/readyz", "readiness `URL` to ask")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *u, nil)
	if err != nil {
		fmt.Fprintf(env.Stderr, "forkcast-relay health: %v\n", err)
		return exitUsage
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(env.Stderr, "forkcast-relay health: %v\n", err)
		return exitFailed
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(env.Stderr, "forkcast-relay health: %s\n", resp.Status)
		return exitFailed
	}
	fmt.Fprintln(env.Stdout, "ready")
	return exitOK
}
