package server

import (
	"context"
	"crypto/tls"
	"errors"
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
//     longest first;
//   - when every unproven connection is busy with a request, the new one
//     waits, unread, for up to wait (a provider that opens a connection per
//     webhook must not lose one to a flood whose requests end in
//     milliseconds): the first slot that frees, or the first unproven
//     connection that turns idle, goes to the longest-waiting connection
//     whose group has room (a waiter never evicts an unread connection, and
//     while connections wait a newcomer queues behind them rather than evict
//     one, so that waiters admitted in turn do not evict each other).
//     Waiting places are bounded (maxWaiting), and one
//     address group holds at most waitPerGroup of them; when every place is
//     taken, a newcomer takes the newest place of the group holding the most
//     (when that group holds more than the newcomer's would), else it is
//     closed. Past wait, a waiting connection is closed.
//   - an address group that proved itself lately (a signed webhook or the
//     laptop's token in the last provenFor) is "known": among unproven
//     connections without a request in progress, those of known groups
//     are evicted last, and a newcomer of a known group may take a waiting
//     place from an unknown group. A provider that opens a new connection
//     per webhook sends it from the addresses it used before; before this,
//     under a flood from thousands of addresses on a busy machine, its
//     unread connection was as likely to be evicted as the attackers' (a
//     CI run lost a webhook; reproduced: 1 of 34 lost, "EOF" at the
//     provider).
//
// A connection waiting without a request is what an attacker holds open
// cheaply; one with a request in progress is bounded by the server's
// timeouts. Behind a trusted proxy every connection comes from the proxy,
// so groups are not told apart (perGroup and waitPerGroup do not apply).
type connGuard struct {
	mu       sync.Mutex
	max      int
	reserve  int
	perGroup int // 0: no per-group limit
	conns    map[*guardedConn]struct{}
	byGroup  map[string]int // unproven connections per group
	unproven int
	now      func() time.Time

	wait         time.Duration // how long a connection may wait for room
	maxWaiting   int
	waitPerGroup int            // 0: no per-group limit
	waiting      []*waiter      // oldest first
	waitByGroup  map[string]int // waiting connections per group

	known map[string]time.Time // groups that proved themselves, and when last; at most maxKnown

	evicted, refused, waited, expired atomic.Int64
}

// provenFor is how long an address group that proved itself stays known;
// maxKnown bounds how many are remembered (the oldest are forgotten).
const (
	provenFor = 30 * time.Minute
	maxKnown  = 1024
)

// waiter is a new connection waiting for room. Its fields after admitted
// are guarded by the guard's mutex.
type waiter struct {
	c        net.Conn
	group    string
	admitted chan *guardedConn // receives the admitted connection, or nil when dropped; buffered 1
	done     bool              // admitted, dropped or expired: out of the queue
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
// sixteenth of limit (1 to 64) for trusted connections. A connection that
// finds no room waits up to wait for it (0: it is closed at once), in one of
// an eighth of limit (4 to 128) waiting places, at most a sixteenth of them
// (at least 1) for one group.
func newConnGuard(limit, perGroup int, wait time.Duration, now func() time.Time) *connGuard {
	limit = max(limit, 2)
	reserve := min(max(limit/16, 1), 64)
	g := &connGuard{max: limit, reserve: reserve, perGroup: perGroup, now: now,
		conns: map[*guardedConn]struct{}{}, byGroup: map[string]int{},
		wait: wait, waitByGroup: map[string]int{}, known: map[string]time.Time{}}
	if wait > 0 {
		g.maxWaiting = min(max(limit/8, 4), 128)
		if perGroup > 0 {
			g.waitPerGroup = max(g.maxWaiting/16, 1)
		}
	}
	return g
}

// admit counts c in, evicting a waiting unproven connection when there is
// no room, and returns it; when there is no room even so, it queues c and
// returns the waiter (see await), or returns neither when c must be closed
// at once.
func (g *connGuard) admit(c net.Conn) (*guardedConn, *waiter) {
	group := ""
	if g.perGroup > 0 {
		group = remoteGroup(c.RemoteAddr())
	}
	g.mu.Lock()
	// While connections wait, a newcomer queues behind them: it may take
	// an idle connection's slot, but not evict an unread one (which may be
	// a waiter just admitted).
	victims, ok := g.makeRoom(group, len(g.waiting) > 0)
	var gc *guardedConn
	var w, dropped *waiter
	switch {
	case ok:
		gc = g.count(c, group)
	default:
		w, dropped = g.enqueue(c, group)
	}
	g.mu.Unlock()
	g.evicted.Add(int64(len(victims)))
	closeAll(victims)
	if dropped != nil {
		g.refused.Add(1)
		dropped.admitted <- nil
	}
	if gc == nil && w == nil {
		g.refused.Add(1)
	}
	return gc, w
}

// makeRoom evicts what it must for one more unproven connection of group
// (idle keep-alive connections only, with idleOnly) and reports whether
// there is room now. Victims are uncounted; the caller closes them. Called
// with g.mu held.
func (g *connGuard) makeRoom(group string, idleOnly bool) (victims []*guardedConn, ok bool) {
	if g.perGroup > 0 && g.byGroup[group] >= g.perGroup {
		v := g.victim(group, idleOnly)
		if v == nil {
			return nil, false
		}
		victims = append(victims, v)
	}
	for g.unproven >= g.max-g.reserve || len(g.conns) >= g.max {
		v := g.victim("", idleOnly)
		if v == nil {
			return victims, false
		}
		victims = append(victims, v)
	}
	return victims, true
}

// count admits c. Called with g.mu held.
func (g *connGuard) count(c net.Conn, group string) *guardedConn {
	gc := &guardedConn{Conn: c, g: g, group: group, since: g.now()}
	g.conns[gc] = struct{}{}
	g.byGroup[group]++
	g.unproven++
	return gc
}

// enqueue puts c in a waiting place, taking one from the group holding the
// most when every place is taken (that group's newest waiter is returned as
// dropped); it returns a nil waiter when c gets no place. Called with g.mu
// held.
func (g *connGuard) enqueue(c net.Conn, group string) (w, dropped *waiter) {
	if g.maxWaiting == 0 || g.waitPerGroup > 0 && g.waitByGroup[group] >= g.waitPerGroup {
		return nil, nil
	}
	if len(g.waiting) >= g.maxWaiting {
		// The group holding the most places gives up its newest; a newcomer
		// from a known group takes it from unknown groups only, else only
		// from a group that holds more than the newcomer's would.
		now := g.now()
		known := g.isKnown(group, now)
		largest, found := "", false
		for gr, n := range g.waitByGroup {
			if known && g.isKnown(gr, now) {
				continue
			}
			if !found || n > g.waitByGroup[largest] {
				largest, found = gr, true
			}
		}
		if !found || !known && g.waitByGroup[largest] <= g.waitByGroup[group]+1 {
			return nil, nil
		}
		for i := len(g.waiting) - 1; i >= 0; i-- {
			if g.waiting[i].group == largest {
				dropped = g.waiting[i]
				g.unqueue(i)
				break
			}
		}
	}
	w = &waiter{c: c, group: group, admitted: make(chan *guardedConn, 1)}
	g.waiting = append(g.waiting, w)
	g.waitByGroup[group]++
	return w, dropped
}

// unqueue takes the i-th waiter out of the queue. Called with g.mu held.
func (g *connGuard) unqueue(i int) {
	w := g.waiting[i]
	w.done = true
	g.waiting = append(g.waiting[:i], g.waiting[i+1:]...)
	if g.waitByGroup[w.group]--; g.waitByGroup[w.group] <= 0 {
		delete(g.waitByGroup, w.group)
	}
}

// promote gives whatever room there is now (evicting idle unproven
// connections, never unread ones, so that waiters admitted one after the
// other do not evict each other) to the waiters, the longest-waiting
// first, skipping those whose group is full. It returns the connections evicted, for the caller
// to close after unlocking. Called with g.mu held.
func (g *connGuard) promote() (victims []*guardedConn) {
	for i := 0; i < len(g.waiting); {
		w := g.waiting[i]
		vs, ok := g.makeRoom(w.group, true)
		victims = append(victims, vs...)
		if !ok {
			if g.unproven >= g.max-g.reserve || len(g.conns) >= g.max {
				break // no room for anyone
			}
			i++ // only this waiter's group is full
			continue
		}
		g.unqueue(i)
		g.waited.Add(1)
		w.admitted <- g.count(w.c, w.group)
	}
	return victims
}

// settle runs promote when connections wait, then closes what it evicted.
// Called with g.mu held; it unlocks it.
func (g *connGuard) settle() {
	var victims []*guardedConn
	if len(g.waiting) > 0 {
		victims = g.promote()
	}
	g.mu.Unlock()
	g.evicted.Add(int64(len(victims)))
	closeAll(victims)
}

// expire takes w out of the queue when it is still waiting, and reports
// whether it did (else it was admitted or dropped, and its channel says
// which).
func (g *connGuard) expire(w *waiter) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if w.done {
		return false
	}
	for i, o := range g.waiting {
		if o == w {
			g.unqueue(i)
			break
		}
	}
	g.expired.Add(1)
	return true
}

// await waits up to g.wait for w's admission, or until stop closes; it
// returns the admitted connection, or nil when w was dropped or expired
// (its connection is then closed).
func (g *connGuard) await(w *waiter, stop <-chan struct{}) *guardedConn {
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case gc := <-w.admitted:
		if gc == nil {
			w.c.Close()
		}
		return gc
	case <-t.C:
	case <-stop:
	}
	if g.expire(w) {
		w.c.Close()
		return nil
	}
	gc := <-w.admitted // admitted or dropped meanwhile
	if gc == nil {
		w.c.Close()
	}
	return gc
}

func closeAll(cs []*guardedConn) {
	for _, c := range cs {
		c.Conn.Close()
	}
}

// victim picks an unproven connection without a request in progress: an
// idle keep-alive one before a new one (never a new one with idleOnly),
// one of an unknown group before one of a known group, then from group
// (or, for "", from the group with the most unproven connections), then
// the one that has waited longest. It uncounts it and returns it; nil when
// there is none. Called with g.mu held.
func (g *connGuard) victim(group string, idleOnly bool) *guardedConn {
	var best *guardedConn
	bestSize, bestKnown := 0, false
	now := g.now()
	for c := range g.conns {
		if c.trusted || c.busy || (group != "" && c.group != group) || idleOnly && !c.served {
			continue
		}
		size, known := g.byGroup[c.group], g.isKnown(c.group, now)
		switch {
		case best == nil,
			c.served && !best.served,
			c.served == best.served && !known && bestKnown,
			c.served == best.served && known == bestKnown && (size > bestSize || size == bestSize && c.since.Before(best.since)):
			best, bestSize, bestKnown = c, size, known
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

// Close closes the connection and frees its slot (for a waiting
// connection, if any).
func (c *guardedConn) Close() error {
	c.g.mu.Lock()
	c.g.forget(c)
	c.g.settle()
	return c.Conn.Close()
}

// connState follows http.Server's view of each connection: whether a
// request is in progress, and since when it has been waiting. A connection
// that turns idle or closes may make room for a waiting one.
func (g *connGuard) connState(nc net.Conn, state http.ConnState) {
	c := unwrapConn(nc)
	if c == nil {
		return
	}
	g.mu.Lock()
	switch state {
	case http.StateActive:
		c.busy = true
	case http.StateIdle:
		c.busy, c.served, c.since = false, true, g.now()
	case http.StateHijacked, http.StateClosed:
		g.forget(c)
	default:
		g.mu.Unlock()
		return
	}
	if state == http.StateActive {
		g.mu.Unlock() // a busy connection makes no room
		return
	}
	g.settle()
}

// trust marks c as proven: never evicted, not counted against its group.
func (g *connGuard) trust(c *guardedConn) {
	g.mu.Lock()
	if c.trusted || c.gone {
		g.mu.Unlock()
		return
	}
	c.trusted = true
	g.remember(c.group)
	g.unproven--
	if g.byGroup[c.group]--; g.byGroup[c.group] <= 0 {
		delete(g.byGroup, c.group)
	}
	g.settle()
}

// remember marks group as known from now, forgetting the least recently
// proven group when maxKnown are remembered. Called with g.mu held.
func (g *connGuard) remember(group string) {
	if group == "" {
		return // behind a trusted proxy every connection is one group
	}
	if _, ok := g.known[group]; !ok && len(g.known) >= maxKnown {
		oldest, at := "", time.Time{}
		for gr, t := range g.known {
			if oldest == "" || t.Before(at) {
				oldest, at = gr, t
			}
		}
		delete(g.known, oldest)
	}
	g.known[group] = g.now()
}

// isKnown reports whether group proved itself within provenFor of now. Called
// with g.mu held.
func (g *connGuard) isKnown(group string, now time.Time) bool {
	at, ok := g.known[group]
	return ok && now.Sub(at) < provenFor
}

// guardStats are the guard's counts: connections open now, trusted and
// waiting among them, and since start those evicted, refused (closed at
// once or dropped from a waiting place), admitted after waiting, and closed
// after waiting in vain.
type guardStats struct {
	Open, Trusted, Waiting                int
	Evicted, Refused, Waited, WaitExpired int64
}

// stats returns the guard's counts.
func (g *connGuard) stats() guardStats {
	g.mu.Lock()
	st := guardStats{Open: len(g.conns), Trusted: len(g.conns) - g.unproven, Waiting: len(g.waiting)}
	g.mu.Unlock()
	st.Evicted, st.Refused, st.Waited, st.WaitExpired = g.evicted.Load(), g.refused.Load(), g.waited.Load(), g.expired.Load()
	return st
}

// unwrapConn finds the guarded connection under a TLS one.
func unwrapConn(nc net.Conn) *guardedConn {
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	c, _ := nc.(*guardedConn)
	return c
}

// guardListener admits what it accepts through a connGuard, in its own
// goroutine so that Accept never waits for room: a connection that must
// wait does so in a goroutine of its own (at most the guard's waiting
// places), and the guard closes what it refuses.
type guardListener struct {
	net.Listener
	g *connGuard

	start     sync.Once
	ready     chan accepted
	closed    chan struct{}
	closeOnce sync.Once
}

type accepted struct {
	c   net.Conn
	err error
}

func newGuardListener(ln net.Listener, g *connGuard) *guardListener {
	return &guardListener{Listener: ln, g: g, ready: make(chan accepted), closed: make(chan struct{})}
}

// Accept returns the next admitted connection, or the listener's error.
func (l *guardListener) Accept() (net.Conn, error) {
	l.start.Do(func() { go l.acceptLoop() })
	select {
	case a := <-l.ready:
		return a.c, a.err
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close closes the listener; connections still waiting for room are closed.
func (l *guardListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

func (l *guardListener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			select {
			case l.ready <- accepted{err: err}:
			case <-l.closed:
				return
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		gc, w := l.g.admit(c)
		switch {
		case gc != nil:
			l.deliver(gc)
		case w != nil:
			go func() {
				if gc := l.g.await(w, l.closed); gc != nil {
					l.deliver(gc)
				}
			}()
		default:
			c.Close()
		}
	}
}

// deliver hands gc to Accept, or closes it when the listener closed.
func (l *guardListener) deliver(gc *guardedConn) {
	select {
	case l.ready <- accepted{c: gc}:
	case <-l.closed:
		gc.Close()
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
