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
	g := newConnGuard(100, 3, clk.now)
	var raw []*fakeConn
	for i := 0; i < 3; i++ {
		f := fake("2001:db8:1:2::" + fmt.Sprint(i+1)) // one /64
		raw = append(raw, f)
		if g.admit(f) == nil {
			t.Fatalf("connection %d of 3 refused", i)
		}
	}
	// A 4th from the same /64 evicts the group's longest-waiting one.
	if g.admit(fake("2001:db8:1:2::99")) == nil {
		t.Fatalf("4th connection refused while the group had waiting ones")
	}
	if !raw[0].closed.Load() || raw[1].closed.Load() {
		t.Fatalf("evicted: first %v, second %v; want the first (longest waiting) only", raw[0].closed.Load(), raw[1].closed.Load())
	}
	// Other groups are not touched by this group's limit.
	if g.admit(fake("2001:db8:1:3::1")) == nil || g.admit(fake("192.0.2.1")) == nil {
		t.Fatalf("a connection from another group refused")
	}
	// With every connection of the group busy with a request, a new one is refused.
	g2 := newConnGuard(100, 2, clk.now)
	a, b := g2.admit(fake("192.0.2.7")), g2.admit(fake("192.0.2.7"))
	g2.connState(a, http.StateActive)
	g2.connState(b, http.StateActive)
	f := fake("192.0.2.7")
	if g2.admit(f) != nil {
		t.Fatalf("admitted a 3rd connection while both of the group's were busy")
	}
	if a.Conn.(*fakeConn).closed.Load() || b.Conn.(*fakeConn).closed.Load() {
		t.Fatalf("a busy connection was evicted")
	}
	// Trusted connections do not count against the group.
	g2.trust(a)
	if g2.admit(fake("192.0.2.7")) == nil {
		t.Fatalf("refused although one of the group's connections is trusted")
	}
	if open, trusted, evicted, refused := g2.stats(); open != 3 || trusted != 1 || evicted != 0 || refused != 1 {
		t.Fatalf("stats = open %d trusted %d evicted %d refused %d; want 3, 1, 0, 1", open, trusted, evicted, refused)
	}
}

func TestGuardGlobalLimitAndReserve(t *testing.T) {
	clk := &clock{t: time.Unix(0, 0)}
	g := newConnGuard(32, 0, clk.now) // reserve 2: 30 unproven at most
	if g.reserve != 2 {
		t.Fatalf("reserve = %d, want 2", g.reserve)
	}
	var conns []*guardedConn
	for i := 0; i < 30; i++ {
		conns = append(conns, g.admit(fake(fmt.Sprintf("198.51.100.%d", i+1))))
	}
	// The provider's connection proves itself; the laptop's too.
	g.trust(conns[5])
	g.trust(conns[6])
	g.connState(conns[6], http.StateActive) // the stream
	// 100 more unproven connections: each evicts the longest-waiting
	// unproven one; the trusted ones stay.
	for i := 0; i < 100; i++ {
		if g.admit(fake(fmt.Sprintf("203.0.113.%d", i+1))) == nil {
			t.Fatalf("new connection %d refused while unproven ones were waiting", i)
		}
	}
	if conns[5].Conn.(*fakeConn).closed.Load() || conns[6].Conn.(*fakeConn).closed.Load() {
		t.Fatalf("a trusted connection was evicted")
	}
	open, trusted, evicted, _ := g.stats()
	if open > 32 || trusted != 2 || evicted != 100-2 {
		t.Fatalf("open %d (want <= 32), trusted %d (want 2), evicted %d (want 98)", open, trusted, evicted)
	}
	// Closing frees the slot; a closed connection is not counted twice.
	conns[5].Close()
	g.connState(conns[5], http.StateClosed)
	if open2, _, _, _ := g.stats(); open2 != open-1 {
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
	g := newConnGuard(4, 0, clk.now) // reserve 1: three unproven slots
	webhook := fake("192.0.2.50")
	g.admit(webhook) // accepted first, not read yet: the longest waiting
	idle := []*fakeConn{fake("198.51.100.1"), fake("198.51.100.2")}
	for _, f := range idle {
		c := g.admit(f)
		g.connState(c, http.StateActive)
		g.connState(c, http.StateIdle) // one GET /healthz, then silence
	}
	if g.admit(fake("203.0.113.9")) == nil {
		t.Fatalf("a new connection was refused while idle ones waited")
	}
	if webhook.closed.Load() {
		t.Fatalf("the unread connection was evicted before the idle keep-alive ones")
	}
	if !idle[0].closed.Load() || idle[1].closed.Load() {
		t.Fatalf("evicted idle: %v %v; want the longest-idle one only", idle[0].closed.Load(), idle[1].closed.Load())
	}
}
