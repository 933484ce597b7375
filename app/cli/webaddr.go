package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"

	"forkcast/app/show"
	"forkcast/app/web"
)

// A restart mid-talk must not break the projector: the stage page already
// open there reconnects to the address it was loaded from, with the token it
// was given. So the local server keeps its port and its token for the same
// database, stored in the database's settings, unless the speaker asks for a
// new token (--new-token) or gives --listen or --token.

// Settings keys of the local server's address and token.
const (
	settingWebPort  = "web.port"
	settingWebToken = "web.token"
)

// webPlan is where the local server listens and with which token.
type webPlan struct {
	listen      string // the address to try first
	token       string // "" = web.New makes one
	storedPort  bool   // listen is the port of the last run (another may be taken)
	storeToken  bool   // the token is ours to keep (not --token, not a file)
	storeListen bool   // the address is ours to keep (no --listen)
}

// planWeb decides the local server's address and token from the flags and
// what the database stored at the last run. It fails when the settings
// cannot be read.
func (r *showRuntime) planWeb(ctx context.Context) (webPlan, error) {
	p := webPlan{listen: r.listenAddr(), token: r.flags.token}
	p.storeListen = p.listen == defaultListen
	p.storeToken = r.flags.token == ""
	if p.storeListen {
		v, ok, err := r.db.Setting(ctx, settingWebPort)
		if err != nil {
			return p, err
		}
		if n, err := strconv.Atoi(v); ok && err == nil && n > 0 && n < 65536 {
			p.listen = net.JoinHostPort("127.0.0.1", v)
			p.storedPort = true
		}
	}
	if p.storeToken && !r.flags.newToken {
		v, ok, err := r.db.Setting(ctx, settingWebToken)
		if err != nil {
			return p, err
		}
		if ok && web.StrongToken(v) == nil {
			p.token = v
		}
	}
	return p, nil
}

// startWeb starts the local web server by the plan of planWeb; when the
// stored port is taken it says so on the log and takes any free one. It
// stores the port and token it ends up with.
func (r *showRuntime) startWeb(ctx context.Context) error {
	p, err := r.planWeb(ctx)
	if err != nil {
		return fmt.Errorf("local web server: %w", err)
	}
	r.webCtx = ctx
	srv, addr, err := r.listen(ctx, p.listen, p.token)
	if err != nil && p.storedPort && errors.Is(err, syscall.EADDRINUSE) {
		r.portNote = fmt.Sprintf("Port %s of the last run is taken by another program: the stage and console links changed; open them again.", portOf(p.listen))
		r.log.Warn(r.portNote)
		srv, addr, err = r.listen(ctx, defaultListen, p.token)
	}
	if err != nil {
		return err
	}
	r.web, r.addr, r.token = srv, addr, srv.Token()
	r.warnHookPorts()
	r.closers = append(r.closers, func() error {
		r.webMu.Lock()
		defer r.webMu.Unlock()
		return r.web.Shutdown(context.Background())
	})
	r.keepWeb(ctx, p)
	return nil
}

// listen builds and starts the server on addr with token ("" = a new one).
func (r *showRuntime) listen(ctx context.Context, addr, token string) (*web.Server, string, error) {
	var srv *web.Server
	srv, err := web.New(web.Config{
		OnNewToken: func(ctx context.Context, tok string) error { return r.tokenChanged(ctx, srv, tok) },
		Controller: r.engine,
		Hub:        r.hub,
		Story:      r.engine.Story,
		Frontend:   r.frontend,
		Token:      token,
		Listen:     addr,
		Logger:     r.log,
		Rehearsal:  r.rehearsalOrNil(),
		Hooks:      r.hooks,
		Publish:    r.publishSession,
		LANHosts:   r.lanHosts,
	})
	if err != nil {
		if show.ErrorCode(err) == show.EINVALID {
			return nil, "", errUsage{"--token: " + show.ErrorMessage(err)}
		}
		return nil, "", fmt.Errorf("local web server: %w", err)
	}
	got, err := srv.Start(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("local web server on %s: %w", addr, err)
	}
	return srv, got, nil
}

// keepWeb stores the port and token in use for the next run; a failure is
// logged (the show goes on, the next run gets new links).
func (r *showRuntime) keepWeb(ctx context.Context, p webPlan) {
	if err := r.putSettings(ctx, p); err != nil {
		r.log.Warn("the next run will have other stage and console links", "err", err)
	}
}

func (r *showRuntime) putSettings(ctx context.Context, p webPlan) error {
	tx, err := r.db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if p.storeListen {
		if err := tx.PutSetting(ctx, settingWebPort, portOf(r.addr)); err != nil {
			return err
		}
	}
	if p.storeToken {
		if err := tx.PutSetting(ctx, settingWebToken, r.token); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// portOf is the port of host:port, or "".
func portOf(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	return port
}

// errRestarted refuses a new token for a server the LAN toggle replaced meanwhile.
var errRestarted = show.Errorf(show.ECONFLICT, "The local server restarted meanwhile; ask for a new token again.")

// tokenChanged stores tok, srv's new token (the console's "New token"), for
// the next run, unless the token came from --token or a file; the stage and
// console links carry it from then on. It fails, and srv keeps its token,
// when srv is no longer the running server or the store refuses.
func (r *showRuntime) tokenChanged(ctx context.Context, srv *web.Server, tok string) error {
	r.webMu.Lock()
	defer r.webMu.Unlock()
	if srv != r.web {
		return errRestarted
	}
	if r.flags.token == "" {
		tx, err := r.db.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := tx.PutSetting(ctx, settingWebToken, tok); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	r.token = tok
	r.log.Info("new token: the stage and console links changed")
	return nil
}

// newToken replaces the local server's token (the window's "New token").
func (r *showRuntime) newToken(ctx context.Context) error {
	r.webMu.Lock()
	srv := r.web
	r.webMu.Unlock()
	_, err := srv.NewToken(ctx)
	return err
}
