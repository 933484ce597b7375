package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// fakeConn is a connection from a given address that records its closing.
type fakeConn struct {
	net.Conn
	addr   *net.TCPAddr
	closed atomic.Bool
}

func (c *fakeConn) RemoteAddr() net.Addr { return c.addr }
func (c *fakeConn) Close() error         { c.closed.Store(true); return nil }

func fake(ip string) *fakeConn {
	return &fakeConn{addr: &net.TCPAddr{IP: net.ParseIP(ip), Port: 40000}}
}

// clock is a settable time for the guard's waiting order.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { c.t = c.t.Add(time.Millisecond); return c.t }

func TestGuardGroupLimit(t *testing.T) {
	clk := &clock{t: time.Unix(0, 0)}
	g := newConnGuard(100, 3, 0, clk.now)
	var raw []*fakeConn
	for i := 0; i < 3; i++ {
		f := fake("2001:db8:1:2::" + fmt.Sprint(i+1)) // one /64
		raw = append(raw, f)
		if admitted(g, f) == nil {
			t.Fatalf("connection %d of 3 refused", i)
		}
	}
	// A 4th from the same /64 evicts the group's longest-waiting one.
	if admitted(g, fake("2001:db8:1:2::99")) == nil {
		t.Fatalf("4th connection refused while the group had waiting ones")
	}
	if !raw[0].closed.Load() || raw[1].closed.Load() {
		t.Fatalf("evicted: first %v, second %v; want the first (longest waiting) only", raw[0].closed.Load(), raw[1].closed.Load())
	}
	// Other groups are not touched by this group's limit.
	if admitted(g, fake("2001:db8:1:3::1")) == nil || admitted(g, fake("192.0.2.1")) == nil {
		t.Fatalf("a connection from another group refused")
	}
	// With every connection of the group busy with a request, a new one is refused.
	g2 := newConnGuard(100, 2, 0, clk.now)
	a, b := admitted(g2, fake("192.0.2.7")), admitted(g2, fake("192.0.2.7"))
	g2.connState(a, http.StateActive)
	g2.connState(b, http.StateActive)
	f := fake("192.0.2.7")
	if admitted(g2, f) != nil {
		t.Fatalf("admitted a 3rd connection while both of the group's were busy")
	}
	if a.Conn.(*fakeConn).closed.Load() || b.Conn.(*fakeConn).closed.Load() {
		t.Fatalf("a busy connection was evicted")
	}
	// Trusted connections do not count against the group.
	g2.trust(a)
	if admitted(g2, fake("192.0.2.7")) == nil {
		t.Fatalf("refused although one of the group's connections is trusted")
	}
	if st := g2.stats(); st.Open != 3 || st.Trusted != 1 || st.Evicted != 0 || st.Refused != 1 {
		t.Fatalf("stats = open %d trusted %d evicted %d refused %d; want 3, 1, 0, 1", st.Open, st.Trusted, st.Evicted, st.Refused)
	}
}

func TestGuardGlobalLimitAndReserve(t *testing.T) {
	clk := &clock{t: time.Unix(0, 0)}
	g := newConnGuard(32, 0, 0, clk.now) // reserve 2: 30 unproven at most
	if g.reserve != 2 {
		t.Fatalf("reserve = %d, want 2", g.reserve)
	}
	var conns []*guardedConn
	for i := 0; i < 30; i++ {
		conns = append(conns, admitted(g, fake(fmt.Sprintf("198.51.100.%d", i+1))))
	}
	// The provider's connection proves itself; the laptop's too.
	g.trust(conns[5])
	g.trust(conns[6])
	g.connState(conns[6], http.StateActive) // the stream
	// 100 more unproven connections: each evicts the longest-waiting
	// unproven one; the trusted ones stay.
	for i := 0; i < 100; i++ {
		if admitted(g, fake(fmt.Sprintf("203.0.113.%d", i+1))) == nil {
			t.Fatalf("new connection %d refused while unproven ones were waiting", i)
		}
	}
	if conns[5].Conn.(*fakeConn).closed.Load() || conns[6].Conn.(*fakeConn).closed.Load() {
		t.Fatalf("a trusted connection was evicted")
	}
	st := g.stats()
	open, trusted, evicted := st.Open, st.Trusted, st.Evicted
	if open > 32 || trusted != 2 || evicted != 100-2 {
		t.Fatalf("open %d (want <= 32), trusted %d (want 2), evicted %d (want 98)", open, trusted, evicted)
	}
	// Closing frees the slot; a closed connection is not counted twice.
	conns[5].Close()
	g.connState(conns[5], http.StateClosed)
	if open2 := g.stats().Open; open2 != open-1 {
		t.Fatalf("open after a close = %d, want %d", open2, open-1)
	}
}

// Under Serve, a flood of idle connections from many addresses never evicts
// the provider's trusted keep-alive connection nor the laptop's stream.
func TestServeKeepsTrustedConnectionsUnderIdleFlood(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.MaxConns, cfg.MaxConnsPerAddr = 32, 4
	lr := newLoopRelay(t, cfg)
	sink := testkit.NewSQLiteSink(t)
	c := newTestClient(t, lr.url(), nil)
	runClient(t, c, sink)
	testkit.WaitFor(t, testkit.Patience, "laptop connected", func() bool { return c.Health().State == vote.HealthOK })

	twilio := clientFrom("127.0.0.2", 5*time.Second)
	var reused []bool
	post := func(sid string) {
		trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = append(reused, i.Reused) }}
		req := newWebhook(t, lr.url(), smsParams(sid, "+15005550006", "1"))
		req = req.WithContext(httptrace.WithClientTrace(context.Background(), trace))
		if code := do(t, twilio, req); code != http.StatusOK {
			t.Fatalf("webhook %s: status %d", sid, code)
		}
	}
	post("SMg1")
	var idle []net.Conn
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	for i := 0; i < 200; i++ {
		c, err := (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(fmt.Sprintf("127.0.5.%d", i%50+1))}}).Dial("tcp", lr.addr)
		if err != nil {
			t.Fatalf("idle connection %d: %v", i, err)
		}
		idle = append(idle, c)
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: relay.example.com\r\n\r\n")
	}
	var st struct {
		Connections struct{ Open, Trusted, Evicted int64 }
	}
	testkit.Eventually(t, testkit.Patience, "the guard evicting idle connections", func() error {
		_, body := apiRequest(t, http.MethodGet, lr.url()+"/v1/status", "")
		if err := json.Unmarshal([]byte(body), &st); err != nil {
			return err
		}
		if st.Connections.Evicted < 200-32 {
			return fmt.Errorf("status %s", body)
		}
		return nil
	})
	post("SMg2")
	if len(reused) != 2 || !reused[1] {
		t.Fatalf("connection reuse of the provider's two webhooks = %v, want the second on the first's connection", reused)
	}
	testkit.WaitFor(t, testkit.Patience, "both texts on the laptop", func() bool { return sink.Count(t) == 2 })
	if r := c.Health().Metrics["reconnects"]; r != "0" {
		t.Fatalf("the laptop's stream reconnected %s times, want never", r)
	}
	if st.Connections.Open > 32 {
		t.Fatalf("open connections %d, want at most --max-conns 32", st.Connections.Open)
	}
}

// A connection the server has not read yet (on a loaded machine, a real
// webhook can wait there for hundreds of milliseconds) is evicted only
// after every idle keep-alive one: the load test lost a signed webhook
// ("EOF after 576 ms") while idle attackers held their slots.
func TestGuardEvictsIdleKeepAliveBeforeNew(t *testing.T) {
	clk := &clock{t: time.Unix(0, 0)}
	g := newConnGuard(4, 0, 0, clk.now) // reserve 1: three unproven slots
	webhook := fake("192.0.2.50")
	admitted(g, webhook) // accepted first, not read yet: the longest waiting
	idle := []*fakeConn{fake("198.51.100.1"), fake("198.51.100.2")}
	for _, f := range idle {
		c := admitted(g, f)
		g.connState(c, http.StateActive)
		g.connState(c, http.StateIdle) // one GET /healthz, then silence
	}
	if admitted(g, fake("203.0.113.9")) == nil {
		t.Fatalf("a new connection was refused while idle ones waited")
	}
	if webhook.closed.Load() {
		t.Fatalf("the unread connection was evicted before the idle keep-alive ones")
	}
	if !idle[0].closed.Load() || idle[1].closed.Load() {
		t.Fatalf("evicted idle: %v %v; want the longest-idle one only", idle[0].closed.Load(), idle[1].closed.Load())
	}
}

// An address group that proved itself (a signed webhook) is known: its new
// connections are evicted after every unknown group's, though they have
// waited longest (a provider that opens a connection per webhook lost one
// to a flood from thousands of addresses on a busy machine), until it has
// not proved itself for provenFor.
func TestGuardEvictsKnownGroupsLast(t *testing.T) {
	clk := &clock{t: time.Unix(0, 0)}
	g := newConnGuard(4, 3, 0, clk.now) // reserve 1: three unproven slots
	first := admitted(g, fake("192.0.2.50"))
	g.connState(first, http.StateActive)
	g.trust(first) // its webhook was signed
	g.connState(first, http.StateClosed)

	webhook := fake("192.0.2.50")
	admitted(g, webhook) // the provider's next connection, not read yet: the longest waiting
	flood := []*fakeConn{fake("198.51.100.1"), fake("198.51.100.2")}
	for _, f := range flood {
		admitted(g, f)
	}
	if admitted(g, fake("203.0.113.9")) == nil {
		t.Fatalf("a new connection was refused while unread ones could be evicted")
	}
	if webhook.closed.Load() {
		t.Fatalf("the known group's unread connection was evicted before unknown groups' ones")
	}
	if !flood[0].closed.Load() || flood[1].closed.Load() {
		t.Fatalf("evicted: %v %v; want the unknown group's longest waiting one only", flood[0].closed.Load(), flood[1].closed.Load())
	}

	// A known group is forgotten after provenFor: its unread connection is
	// then one like the others, and the longest waiting goes first.
	clk.t = clk.t.Add(provenFor)
	if admitted(g, fake("203.0.113.10")) == nil {
		t.Fatalf("a new connection was refused while unread ones could be evicted")
	}
	if !webhook.closed.Load() {
		t.Fatalf("the group is still known %s after it last proved itself", provenFor)
	}
}

// A known group's newcomer takes a waiting place from the unknown group
// holding the most when every place is taken; an unknown one is refused.
func TestGuardKnownGroupTakesAWaitingPlace(t *testing.T) {
	g, busy := busyGuard(t, 512, 32)
	g.trust(busy[0]) // 10.0.0.1 proved itself; its request is still in progress
	c, _ := g.admit(fake("198.51.100.200"))
	if c == nil {
		t.Fatalf("the slot the trusted connection left was not given")
	}
	g.connState(c, http.StateActive) // busy like the rest
	for i := 0; i < g.maxWaiting; i++ {
		if _, w := g.admit(fake(fmt.Sprintf("198.51.100.%d", i+1))); w == nil {
			t.Fatalf("waiter %d refused with places free", i)
		}
	}
	if _, w := g.admit(fake("203.0.113.1")); w != nil {
		t.Fatalf("an unknown newcomer took a place while every group held one")
	}
	if _, w := g.admit(fake("10.0.0.1")); w == nil {
		t.Fatalf("the known group's newcomer got no waiting place")
	}
	if st := g.stats(); st.Waiting != g.maxWaiting || st.Refused != 2 {
		t.Fatalf("stats %+v, want %d waiting and 2 refused (the unknown newcomer, the place taken)", st, g.maxWaiting)
	}
}

// The guard remembers at most maxKnown groups, forgetting the least recent.
func TestGuardKnownGroupsAreBounded(t *testing.T) {
	clk := &clock{t: time.Unix(0, 0)}
	g := newConnGuard(64, 4, 0, clk.now)
	g.mu.Lock()
	for i := 0; i < maxKnown+10; i++ {
		g.remember(fmt.Sprintf("10.%d.%d.1", i/250, i%250))
	}
	n := len(g.known)
	_, first := g.known["10.0.0.1"]
	_, last := g.known[fmt.Sprintf("10.%d.%d.1", (maxKnown+9)/250, (maxKnown+9)%250)]
	g.mu.Unlock()
	if n != maxKnown || first || !last {
		t.Fatalf("%d known, the first remembered still known %v, the last %v; want %d, false, true", n, first, last, maxKnown)
	}
}

// admitted admits c and returns the admitted connection, nil when c was
// refused (the guard in these tests has no waiting places).
func admitted(g *connGuard, c net.Conn) *guardedConn {
	gc, w := g.admit(c)
	if w != nil {
		panic("a guard without waiting places queued a connection")
	}
	return gc
}

// busyGuard returns a guard of limit slots whose unproven slots are all
// taken by connections with a request in progress (the unsigned flood's
// POSTs), one per address group 10.0.x.y, and those connections.
func busyGuard(t *testing.T, limit, perGroup int) (*connGuard, []*guardedConn) {
	t.Helper()
	clk := &clock{t: time.Unix(0, 0)}
	g := newConnGuard(limit, perGroup, time.Hour, clk.now)
	var busy []*guardedConn
	for i := 0; i < limit-g.reserve; i++ {
		c, w := g.admit(fake(fmt.Sprintf("10.0.%d.%d", i/250, i%250+1)))
		if c == nil || w != nil {
			t.Fatalf("connection %d of %d not admitted at once", i, limit-g.reserve)
		}
		g.connState(c, http.StateActive)
		busy = append(busy, c)
	}
	return g, busy
}

// A new connection that finds every unproven slot busy with a request waits
// (it was closed at once before, and a provider that opens a connection per
// webhook lost a text), and gets the first slot that frees: one whose
// request ended idle (evicted for it) or closed, the longest-waiting
// connection first.
func TestGuardNewConnectionWaitsForRoom(t *testing.T) {
	g, busy := busyGuard(t, 32, 4) // 30 unproven slots, all busy
	first, second := fake("192.0.2.1"), fake("192.0.2.2")
	gc, w1 := g.admit(first)
	if gc != nil || w1 == nil {
		t.Fatalf("admit with every slot busy = (%v, %v), want a waiter", gc, w1)
	}
	_, w2 := g.admit(second)
	if w2 == nil {
		t.Fatalf("the second new connection got no waiting place")
	}
	if st := g.stats(); st.Waiting != 2 || st.Refused != 0 {
		t.Fatalf("stats %+v, want 2 waiting, none refused", st)
	}
	// A flood request ends and its connection turns idle: it is evicted
	// for the longest-waiting connection.
	g.connState(busy[3], http.StateIdle)
	got := testkit.Receive(t, w1.admitted, 5*time.Second, "the first waiter's admission")
	if got == nil || got.Conn != first {
		t.Fatalf("admitted %v, want the first waiting connection", got)
	}
	if !busy[3].Conn.(*fakeConn).closed.Load() {
		t.Fatalf("the connection that turned idle was not evicted for the waiter")
	}
	select {
	case c := <-w2.admitted:
		t.Fatalf("the second waiter was admitted (%v) with no slot free", c)
	default:
	}
	// A flood connection closes: its slot goes to the second waiter.
	busy[7].Close()
	if got := testkit.Receive(t, w2.admitted, 5*time.Second, "the second waiter's admission"); got == nil || got.Conn != second {
		t.Fatalf("admitted %v, want the second waiting connection", got)
	}
	if st := g.stats(); st.Waiting != 0 || st.Waited != 2 || st.Open != 30 {
		t.Fatalf("stats %+v, want 0 waiting, 2 admitted after a wait, 30 open", st)
	}
	// The proven reserve is untouched by the waiting: a waiter never takes
	// a reserved slot.
	if g.unproven > g.max-g.reserve {
		t.Fatalf("unproven %d, over the %d slots outside the reserve", g.unproven, g.max-g.reserve)
	}
}

// Waiting places are bounded, one address group holds at most
// waitPerGroup of them, and when every place is taken a newcomer takes the
// newest place of the group holding the most; a group cannot keep the
// others out, and the flood cannot grow the queue.
func TestGuardWaitingPlacesAreBoundedAndShared(t *testing.T) {
	g, _ := busyGuard(t, 512, 32)
	if g.maxWaiting != 64 || g.waitPerGroup != 4 {
		t.Fatalf("waiting places %d, per group %d; want 64 and 4", g.maxWaiting, g.waitPerGroup)
	}
	// One group (an IPv6 /64) takes its 4 places; its 5th is refused.
	var mine []*waiter
	for i := 0; i < 5; i++ {
		_, w := g.admit(fake(fmt.Sprintf("2001:db8:aa:1::%d", i+1)))
		if i < 4 && w == nil {
			t.Fatalf("waiter %d of the group refused", i)
		}
		if i == 4 && w != nil {
			t.Fatalf("a 5th waiting place went to one group")
		}
		if w != nil {
			mine = append(mine, w)
		}
	}
	// 60 other groups fill the rest.
	for i := 0; i < 60; i++ {
		if _, w := g.admit(fake(fmt.Sprintf("198.51.100.%d", i+1))); w == nil {
			t.Fatalf("waiter from group %d refused with places free", i)
		}
	}
	// Full: each newcomer takes the crowded group's newest place, until it
	// holds one like everyone else.
	for i := 0; i < 3; i++ {
		if _, w := g.admit(fake(fmt.Sprintf("203.0.113.%d", i+1))); w == nil {
			t.Fatalf("newcomer %d refused while one group held %d places", i, 4-i)
		}
		dropped := mine[3-i]
		if got := testkit.Receive(t, dropped.admitted, 5*time.Second, "the crowded group's newest waiter dropped"); got != nil {
			t.Fatalf("the dropped waiter was admitted")
		}
	}
	if _, w := g.admit(fake("203.0.113.99")); w != nil {
		t.Fatalf("a newcomer took a place while every group held one")
	}
	if st := g.stats(); st.Waiting != 64 || st.Refused != 1+3+1 {
		t.Fatalf("stats %+v, want 64 waiting and 5 refused (1 over the group's share, 3 dropped, 1 newcomer)", st)
	}
}

// A waiter that gets no room is closed when it gives up (its time is out,
// or the listener closes), and counted; it leaves the queue.
func TestGuardWaiterGivesUp(t *testing.T) {
	g, _ := busyGuard(t, 32, 4)
	f := fake("192.0.2.9")
	_, w := g.admit(f)
	if w == nil {
		t.Fatalf("no waiting place")
	}
	stop := make(chan struct{})
	close(stop) // what a closed listener or the timer does
	if gc := g.await(w, stop); gc != nil {
		t.Fatalf("await after stop = %v, want nil", gc)
	}
	if !f.closed.Load() {
		t.Fatalf("the waiting connection was not closed when it gave up")
	}
	if st := g.stats(); st.Waiting != 0 || st.WaitExpired != 1 {
		t.Fatalf("stats %+v, want 0 waiting, 1 expired", st)
	}
}

// Under Serve: every unproven slot is busy with an unsigned request in
// progress (headers sent, body withheld: the flood's requests on a loaded
// machine), and the provider opens a NEW connection for its webhook. The
// connection waits for a slot instead of being closed (before the guard's
// waiting places it was reset at once: a lost text), and gets the first slot
// that frees.
func TestServeNewConnectionWaitsWhileEverySlotIsBusy(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.MaxConns, cfg.MaxConnsPerAddr = 32, 4 // 30 unproven slots
	lr := newLoopRelay(t, cfg)
	testkit.WaitFor(t, 10*time.Second, "Serve's connection guard in place", func() bool { return lr.srv.conns.Load() != nil })
	g := lr.srv.conns.Load()
	var flood []net.Conn
	defer func() {
		for _, c := range flood {
			c.Close()
		}
	}()
	head := "POST /twilio/sms HTTP/1.1\r\nHost: relay.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
	for i := 0; i < 30; i++ {
		c, err := (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(fmt.Sprintf("127.0.6.%d", i/4+1))}}).Dial("tcp", lr.addr)
		if err != nil {
			t.Fatalf("flood connection %d: %v", i, err)
		}
		flood = append(flood, c)
		fmt.Fprint(c, head) // the body never comes: the request stays in progress
	}
	busy := func() (n int) {
		g.mu.Lock()
		defer g.mu.Unlock()
		for c := range g.conns {
			if c.busy && !c.trusted {
				n++
			}
		}
		return n
	}
	testkit.Eventually(t, 10*time.Second, "30 unproven connections busy with a request", func() error {
		if n := busy(); n != 30 {
			return fmt.Errorf("%d busy, stats %+v", n, g.stats())
		}
		return nil
	})

	twilio := clientFrom("127.0.0.2", 10*time.Second)
	twilio.Transport.(*http.Transport).DisableKeepAlives = true // a new connection per webhook
	type answer struct {
		code int
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := twilio.Do(newWebhook(t, lr.url(), smsParams("SMwaits", "+15005550006", "1")))
		if err != nil {
			done <- answer{err: err}
			return
		}
		resp.Body.Close()
		done <- answer{code: resp.StatusCode}
	}()
	testkit.Eventually(t, 10*time.Second, "the provider's new connection waiting for a slot", func() error {
		select {
		case a := <-done:
			return fmt.Errorf("the webhook was answered before a slot freed: %+v (stats %+v)", a, g.stats())
		default:
		}
		if st := g.stats(); st.Waiting != 1 {
			return fmt.Errorf("stats %+v", st)
		}
		return nil
	})
	flood[0].Close() // one flood request ends: its slot frees
	a := testkit.Receive(t, done, 10*time.Second, "the waiting webhook's answer")
	if a.err != nil || a.code != http.StatusOK {
		t.Fatalf("webhook on a new connection while every slot was busy: status %d, err %v; want 200", a.code, a.err)
	}
	if st := g.stats(); st.Waited != 1 || st.Refused != 0 {
		t.Fatalf("stats %+v, want 1 admitted after waiting and none refused", st)
	}
}
