package server

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// connGuard admits the relay's TCP connections without ever blocking
// accept, so that no number of idle connections can keep the provider or
// the laptop out:
//
//   - a connection that has not proved itself (a signed webhook, the
//     laptop's token) is "unproven"; unproven connections may use at most
//     max-reserve slots in all, and perGroup from one address group (an IPv4
//     address, an IPv6 /64);
//   - a connection that proved itself is "trusted": it is never evicted and
//     no longer counts against its group; trusted connections may use every
//     slot, so the reserve is theirs alone;
//   - when a new connection finds no room, the guard closes an unproven
//     connection without a request in progress: an idle keep-alive one
//     (it finished a request and holds its slot for nothing) before a new
//     one that the server has not read yet (on a loaded machine a real
//     webhook waits there for a while), taken from its own group when the
//     group is full, else from the largest group, the one that has waited
//     longest first; only when every unproven connection is busy with a
//     request is the new one closed instead.
//
// A connection waiting without a request is what an attacker holds open
// cheaply; one with a request in progress is bounded by the server's
// timeouts. Behind a trusted proxy every connection comes from the proxy,
// so groups are not told apart (perGroup does not apply).
type connGuard struct {
	mu       sync.Mutex
	max      int
	reserve  int
	perGroup int // 0: no per-group limit
	conns    map[*guardedConn]struct{}
	byGroup  map[string]int // unproven connections per group
	unproven int
	now      func() time.Time

	evicted, refused atomic.Int64
}

// guardedConn is one admitted connection. Its fields after Conn are
// guarded by the guard's mutex.
type guardedConn struct {
	net.Conn
	g       *connGuard
	group   string
	busy    bool      // a request is in progress
	served  bool      // it finished a request (so it is idle, not new, when not busy)
	since   time.Time // when it last started waiting for a request
	trusted bool
	gone    bool // no longer counted (closed or evicted)
}

// newConnGuard admits up to limit connections (at least 2), perGroup
// unproven ones from one address group (0: no such limit), and keeps a
// sixteenth of limit (1 to 64) for trusted connections.
func newConnGuard(limit, perGroup int, now func() time.Time) *connGuard {
	limit = max(limit, 2)
	reserve := min(max(limit/16, 1), 64)
	return &connGuard{max: limit, reserve: reserve, perGroup: perGroup, now: now,
		conns: map[*guardedConn]struct{}{}, byGroup: map[string]int{}}
}

// admit counts c in, evicting a waiting unproven connection when there is
// no room, and returns nil when c must be closed instead.
func (g *connGuard) admit(c net.Conn) *guardedConn {
	group := ""
	if g.perGroup > 0 {
		group = remoteGroup(c.RemoteAddr())
	}
	var victims []*guardedConn
	g.mu.Lock()
	if g.perGroup > 0 && g.byGroup[group] >= g.perGroup {
		v := g.victim(group)
		if v == nil {
			g.mu.Unlock()
			g.refused.Add(1)
			return nil
		}
		victims = append(victims, v)
	}
	for g.unproven >= g.max-g.reserve || len(g.conns) >= g.max {
		v := g.victim("")
		if v == nil {
			g.mu.Unlock()
			g.refused.Add(1)
			closeAll(victims)
			return nil
		}
		victims = append(victims, v)
	}
	gc := &guardedConn{Conn: c, g: g, group: group, since: g.now()}
	g.conns[gc] = struct{}{}
	g.byGroup[group]++
	g.unproven++
	g.mu.Unlock()
	g.evicted.Add(int64(len(victims)))
	closeAll(victims)
	return gc
}

func closeAll(cs []*guardedConn) {
	for _, c := range cs {
		c.Conn.Close()
	}
}

// victim picks an unproven connection without a request in progress: an
// idle keep-alive one before a new one, then from group (or, for "", from
// the group with the most unproven connections), then the one that has
// waited longest. It uncounts it and returns it; nil when there is none.
// Called with g.mu held.
func (g *connGuard) victim(group string) *guardedConn {
	var best *guardedConn
	bestSize := 0
	for c := range g.conns {
		if c.trusted || c.busy || (group != "" && c.group != group) {
			continue
		}
		size := g.byGroup[c.group]
		switch {
		case best == nil,
			c.served && !best.served,
			c.served == best.served && (size > bestSize || size == bestSize && c.since.Before(best.since)):
			best, bestSize = c, size
		}
	}
	if best != nil {
		g.forget(best)
	}
	return best
}

// forget uncounts c. Called with g.mu held.
func (g *connGuard) forget(c *guardedConn) {
	if c.gone {
		return
	}
	c.gone = true
	delete(g.conns, c)
	if !c.trusted {
		g.unproven--
		if g.byGroup[c.group]--; g.byGroup[c.group] <= 0 {
			delete(g.byGroup, c.group)
		}
	}
}

// Close closes the connection and frees its slot.
func (c *guardedConn) Close() error {
	c.g.mu.Lock()
	c.g.forget(c)
	c.g.mu.Unlock()
	return c.Conn.Close()
}

// connState follows http.Server's view of each connection: whether a
// request is in progress, and since when it has been waiting.
func (g *connGuard) connState(nc net.Conn, state http.ConnState) {
	c := unwrapConn(nc)
	if c == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	switch state {
	case http.StateActive:
		c.busy = true
	case http.StateIdle:
		c.busy, c.served, c.since = false, true, g.now()
	case http.StateHijacked, http.StateClosed:
		g.forget(c)
	}
}

// trust marks c as proven: never evicted, not counted against its group.
func (g *connGuard) trust(c *guardedConn) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.trusted || c.gone {
		return
	}
	c.trusted = true
	g.unproven--
	if g.byGroup[c.group]--; g.byGroup[c.group] <= 0 {
		delete(g.byGroup, c.group)
	}
}

// stats returns the open connections, how many are trusted, and the counts
// of evicted and refused connections since start.
func (g *connGuard) stats() (open, trusted int, evicted, refused int64) {
	g.mu.Lock()
	open, trusted = len(g.conns), len(g.conns)-g.unproven
	g.mu.Unlock()
	return open, trusted, g.evicted.Load(), g.refused.Load()
}

// unwrapConn finds the guarded connection under a TLS one.
func unwrapConn(nc net.Conn) *guardedConn {
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	c, _ := nc.(*guardedConn)
	return c
}

// guardListener admits what it accepts through a connGuard and closes what
// the guard refuses; Accept never waits for room.
type guardListener struct {
	net.Listener
	g *connGuard
}

// Accept returns the next admitted connection.
func (l *guardListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if gc := l.g.admit(c); gc != nil {
			return gc, nil
		}
		c.Close()
	}
}

type connKey struct{}

// withConn records the request's connection in its context, for trust.
func withConn(ctx context.Context, c net.Conn) context.Context {
	if gc := unwrapConn(c); gc != nil {
		return context.WithValue(ctx, connKey{}, gc)
	}
	return ctx
}

// trustConn marks the connection r came on as proven (a valid signature or
// the laptop's token). It does nothing outside Serve (tests on httptest).
func (s *Server) trustConn(r *http.Request) {
	if c, ok := r.Context().Value(connKey{}).(*guardedConn); ok {
		c.g.trust(c)
	}
}
