package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"
	"time"

	"forkcast/app/show"
	"forkcast/app/web"
)

// The desktop app is started from a launcher, where no --listen can be
// given: its LAN mode moves the running local server from loopback to every
// interface (same port when free) so a phone on the venue network can open
// the console, and back. While on, the server accepts a Host that is a
// loopback name or one of this machine's LAN addresses, nothing else.

// lanState is what the LAN toggle reports.
type lanState struct {
	On bool
	// URLs are the console links (with the token), one per LAN address.
	URLs []string
	// Remote is the link for the phone remote's QR code: the first of URLs.
	Remote string
	// Note says why the links changed ("" = they did not).
	Note string
}

// errNoLAN is the refusal of LAN mode on a machine without a network address.
var errNoLAN = show.Errorf(show.ECONFLICT, "This machine has no network address a phone could reach: join the venue network first.")

// lan returns the LAN mode's state.
func (r *showRuntime) lan() lanState {
	r.webMu.Lock()
	defer r.webMu.Unlock()
	return r.lanStateLocked("")
}

func (r *showRuntime) lanStateLocked(note string) lanState {
	st := lanState{On: len(r.lanHosts) > 0, Note: note}
	if !st.On {
		return st
	}
	port := portOf(r.addr)
	for _, h := range r.lanHosts {
		u := url.URL{Scheme: "http", Host: net.JoinHostPort(h, port), Path: "/console", RawQuery: "token=" + url.QueryEscape(r.token)}
		st.URLs = append(st.URLs, u.String())
	}
	st.Remote = st.URLs[0]
	return st
}

// setLAN restarts the local server on every interface (on) or on loopback
// (off), on the same port when it is free, with a token strong enough for
// the network (a new one, stored, when the current one is not). The stage
// open on the projector reconnects by itself. It fails, keeping the server
// as it was, when the machine has no LAN address or no server can start.
func (r *showRuntime) setLAN(ctx context.Context, on bool) (lanState, error) {
	r.webMu.Lock()
	defer r.webMu.Unlock()
	if on == (len(r.lanHosts) > 0) {
		return r.lanStateLocked(""), nil
	}
	var hosts []string
	host := "127.0.0.1"
	if on {
		ips, err := r.lanAddrs()
		if err != nil {
			return lanState{}, fmt.Errorf("LAN mode: %w", err)
		}
		if len(ips) == 0 {
			return lanState{}, errNoLAN
		}
		hosts, host = ips, "0.0.0.0"
	}
	token := r.token
	if on && web.StrongToken(token) != nil {
		token = "" // web.New makes a strong one
	}
	old, oldHosts, port := r.web, r.lanHosts, portOf(r.addr)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := old.Shutdown(sctx); err != nil {
		r.log.Warn("LAN mode: the old server did not stop cleanly", "err", err)
	}
	r.lanHosts = hosts
	note := ""
	srv, addr, err := r.listen(r.webCtx, net.JoinHostPort(host, port), token)
	if err != nil && errors.Is(err, syscall.EADDRINUSE) {
		note = fmt.Sprintf("Port %s is taken by another program on the network side: the stage and console links changed; open them again.", port)
		r.log.Warn(note)
		srv, addr, err = r.listen(r.webCtx, net.JoinHostPort(host, "0"), token)
	}
	if err != nil {
		r.lanHosts = oldHosts
		back, baddr, berr := r.listen(r.webCtx, net.JoinHostPort(listenHost(r.addr), port), r.token)
		if berr != nil {
			r.log.Error("LAN mode: the local server could not start again", "err", berr)
			return lanState{}, fmt.Errorf("LAN mode: %w (and back: %w)", err, berr)
		}
		r.web, r.addr = back, baddr
		return lanState{}, fmt.Errorf("LAN mode: %w", err)
	}
	r.web, r.addr, r.token = srv, addr, srv.Token()
	r.log.Info("LAN mode", "on", on, "addr", addr)
	if token != old.Token() || portOf(addr) != port {
		r.keepWeb(ctx, webPlan{storeListen: r.listenAddr() == defaultListen, storeToken: r.flags.token == ""})
	}
	return r.lanStateLocked(note), nil
}

// lanAddrs lists this machine's LAN addresses (a test may replace it).
func (r *showRuntime) lanAddrs() ([]string, error) {
	if r.lanAddrsFn != nil {
		return r.lanAddrsFn()
	}
	return web.LANAddrs()
}

// listenHost is the host of host:port, or "127.0.0.1".
func listenHost(addr string) string {
	h, _, err := net.SplitHostPort(addr)
	if err != nil || h == "" {
		return "127.0.0.1"
	}
	return h
}
