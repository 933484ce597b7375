package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// Load test of issue #21, on loopback only: a relay with its default limits
// keeps answering signed webhooks (none lost, the median within 1 s; each
// one over 1 s is logged, and docs/benchmarks.md quotes the worst) while
// 2,000 idle connections
// (from 2,000 addresses, each reconnecting 1 s after the relay closes it) and
// an unsigned flood from 1,000 addresses are open against it, and the
// laptop's stream keeps receiving. Bounded: 6 s of measurement, then every
// goroutine stops. Figures go to the log (docs/benchmarks.md quotes them):
//
//	go test ./bridge/relay/server -run TestLoadIdleAndUnsignedFlood -count 1 -v
func TestLoadIdleAndUnsignedFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: run without -short")
	}
	// The provider keeps its proven keep-alive connection.
	loadIdleAndUnsignedFlood(t, clientFrom("127.0.0.2", 10*time.Second), time.Second)
}

// The same load, with a provider that opens a NEW connection for every
// webhook (keep-alives off): each webhook arrives unproven, and when every
// unproven slot is busy with the flood's requests it waits for a slot
// instead of being closed (a fresh-clone run lost 1 of 202 with "connection
// reset by peer" before the guard's waiting places). Figures:
//
//	go test ./bridge/relay/server -run TestLoadNewConnectionPerWebhook -count 10 -v
func TestLoadNewConnectionPerWebhook(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: run without -short")
	}
	twilio := clientFrom("127.0.0.2", 10*time.Second)
	twilio.Transport.(*http.Transport).DisableKeepAlives = true
	// Its median bound is Telnyx's 2 s webhook timeout rather than 1 s: a
	// new connection first queues in the kernel's accept backlog behind the
	// attackers' (thousands a second), which on this 2-core machine under a
	// load of ~20 alone took up to 2 s in some runs.
	loadIdleAndUnsignedFlood(t, twilio, telnyxTimeout)
}

// loadIdleAndUnsignedFlood runs the load of TestLoadIdleAndUnsignedFlood
// with twilio as the provider's client; the median answer time must be
// within maxLatency (plus the machine's worst stall).
func loadIdleAndUnsignedFlood(t *testing.T, twilio *http.Client, maxLatency time.Duration) {
	const (
		idleConns   = 2000
		floodAddrs  = 1000
		floodConc   = 48
		measure     = 6 * time.Second
		minSamples  = 20 // a median of fewer is one slow webhook on a saturated machine
		webhookGap  = 20 * time.Millisecond
		fdsRequired = 2*idleConns + 2*floodConc + 2048
	)
	if lim, ok := openFileLimit(); ok && lim < fdsRequired {
		t.Fatalf("ulimit -n is %d; this test holds ~%d descriptors (both ends of every connection): raise it", lim, fdsRequired)
	}
	cfg := testConfig(t.TempDir())
	cfg.WebhookRate = 0 // the default, 1000/s: the flood must not spend it
	cfg.Heartbeat = 500 * time.Millisecond
	lr := newLoopRelay(t, cfg)

	sink := testkit.NewSQLiteSink(t)
	client := newTestClient(t, lr.url(), nil)
	stopClient := runClient(t, client, sink)
	testkit.WaitFor(t, 5*time.Second, "laptop connected", func() bool { return client.Health().State == vote.HealthOK })

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()

	// The idle attackers: one GET /healthz each, then silence; when the
	// relay closes a connection, the attacker opens another after 1 s.
	var idleOpen, idleClosed, idleDialFail atomic.Int64
	for i := 0; i < idleConns; i++ {
		ip := fmt.Sprintf("127.2.%d.%d", i/250, i%250+1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			idleAttacker(ctx, ip, lr.addr, &idleOpen, &idleClosed, &idleDialFail)
		}()
	}
	testkit.WaitFor(t, 30*time.Second, "2,000 idle connections dialled", func() bool {
		return idleOpen.Load()+idleClosed.Load()+idleDialFail.Load() >= idleConns
	})

	// The unsigned flood: 1,000 addresses, each POST on a new connection.
	var floodSeq atomic.Int64
	statuses := make([]atomic.Int64, 600)
	var floodErr atomic.Int64
	for w := 0; w < floodConc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				n := floodSeq.Add(1)
				i := int(n % floodAddrs)
				code := unsignedPost(fmt.Sprintf("127.3.%d.%d", i/250, i%250+1), lr.addr, n)
				if code <= 0 || code >= len(statuses) {
					floodErr.Add(1)
					continue
				}
				statuses[code].Add(1)
			}
		}()
	}

	// The provider: a signed webhook every 20 ms from its own address (a
	// locked-out relay times out at the client's 10 s).
	stopProbe := testkit.WatchStalls() // the machine's worst scheduling stall, logged beside the figures
	var lat []time.Duration
	var bad, late []string // refused or lost; answered after maxLatency
	retried := 0           // 503 answers retried
	fallbacks := 0         // connections reset before the provider's address was known, sent again
	known := false         // a webhook of the provider's was answered: its address is known to the relay
	minOpen, maxOpen := int64(1<<62), int64(0)
	start := time.Now()
	for seq := 0; time.Since(start) < measure || seq < minSamples; seq++ {
		open := idleOpen.Load()
		minOpen, maxOpen = min(minOpen, open), max(maxOpen, open)
		params := smsParams(fmt.Sprintf("SMload%05d", seq), "+15005550006", "1")
		t0 := time.Now()
		resp, err := twilio.Do(newWebhook(t, lr.url(), params))
		// A 503 (the commit did not finish within --store-timeout: on this
		// shared machine a stall of a second does it) is what the provider
		// retries (Telnyx up to 3 times; Twilio calls its fallback URL), so
		// the test's provider does too, and counts it; a reset connection or
		// a timeout is a lost text.
		for try := 1; err == nil && resp.StatusCode == http.StatusServiceUnavailable && try < 3; try++ {
			retried++
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			resp, err = twilio.Do(newWebhook(t, lr.url(), params))
		}
		// Until one of its webhooks is answered, the provider's address is
		// unknown to the relay, and its unread connection is as likely to
		// be evicted as an attacker's (the gap in docs/security.md): such
		// a reset is sent again once, as Twilio does to its fallback URL.
		// After that, a reset is a lost text.
		if err != nil && !known {
			fallbacks++
			resp, err = twilio.Do(newWebhook(t, lr.url(), params))
		}
		known = known || err == nil && resp.StatusCode == http.StatusOK
		d := time.Since(t0)
		lat = append(lat, d)
		switch {
		case err != nil:
			bad = append(bad, fmt.Sprintf("#%d: %v after %s", seq, err, d.Round(time.Millisecond)))
		case resp.StatusCode != http.StatusOK:
			bad = append(bad, fmt.Sprintf("#%d: status %d after %s", seq, resp.StatusCode, d.Round(time.Millisecond)))
		case d > maxLatency:
			late = append(late, fmt.Sprintf("#%d: 200 after %s", seq, d.Round(time.Millisecond)))
		}
		if resp != nil {
			// Read to the end, so a keep-alive provider keeps its proven
			// connection (a closed unread body costs a new, unproven one).
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		time.Sleep(webhookGap) // the provider's pace: one text every 20 ms
	}
	elapsed := time.Since(start)
	worstStall := stopProbe()
	floodTotal := floodSeq.Load()
	cancel()
	wg.Wait()

	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	var codes []string
	for c := range statuses {
		if n := statuses[c].Load(); n > 0 {
			codes = append(codes, fmt.Sprintf("%d: %d", c, n))
		}
	}
	t.Logf("signed webhooks: %d in %s, p50 %s, p99 %s, max %s, failed %d, over %s %d, 503 retried %d, reset before known and sent again %d; the machine's worst stall (1 ms sleep loop) %s",
		len(lat), elapsed.Round(time.Millisecond), pct(0.5).Round(100*time.Microsecond),
		pct(0.99).Round(100*time.Microsecond), lat[len(lat)-1].Round(100*time.Microsecond), len(bad),
		maxLatency, len(late), retried, fallbacks, worstStall.Round(time.Millisecond))
	t.Logf("unsigned flood: %d POSTs from %d addresses (%.0f/s); answers %s; connection errors %d",
		floodTotal, floodAddrs, float64(floodTotal)/elapsed.Seconds(), strings.Join(codes, ", "), floodErr.Load())
	if g := lr.srv.conns.Load(); g != nil {
		st := g.stats()
		t.Logf("connection guard: %d evicted, %d refused, %d admitted after waiting, %d closed after waiting in vain",
			st.Evicted, st.Refused, st.Waited, st.WaitExpired)
	}
	t.Logf("idle attackers: %d connections open at the relay's side of the attacker (min %d, max %d while measuring); closed by the relay %d; dials failed %d",
		idleConns, minOpen, maxOpen, idleClosed.Load(), idleDialFail.Load())
	if len(bad) > 0 {
		t.Fatalf("%d of %d signed webhooks failed: %v", len(bad), len(lat), bad[:min(10, len(bad))])
	}
	// The median must hold the target. A single webhook over it is logged,
	// not fatal: `go test ./...` runs this beside other packages' tests on
	// a shared machine, whose stalls (logged beside) reach seconds; the
	// worst case is measured alone for docs/benchmarks.md.
	if len(late) > 0 {
		t.Logf("%d of %d signed webhooks took over %s (the machine's worst stall: %s): %v",
			len(late), len(lat), maxLatency, worstStall.Round(time.Millisecond), late[:min(10, len(late))])
	}
	// A machine stall delays every webhook in flight: it is added to the
	// bound, so a busy CI machine does not pass for a locked-out relay (a
	// lock-out is a 10 s timeout, failed above).
	if p50 := pct(0.5); p50 > maxLatency+worstStall {
		t.Fatalf("signed webhooks' median latency %s, want within %s (+ the machine's worst stall %s)", p50.Round(time.Millisecond), maxLatency, worstStall.Round(time.Millisecond))
	}
	testkit.WaitFor(t, 10*time.Second, "every signed text on the laptop", func() bool { return sink.Count(t) == len(lat) })
	ids := sink.IDs(t)
	if !slices.IsSorted(ids) {
		t.Fatalf("texts reached the laptop out of order")
	}
	stopClient()
}

// idleAttacker holds one idle keep-alive connection from ip open against
// addr until ctx ends, opening a new one 1 s after the relay closes it.
func idleAttacker(ctx context.Context, ip, addr string, open, closed, dialFail *atomic.Int64) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 2 * time.Second}
	for ctx.Err() == nil {
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			dialFail.Add(1)
		} else {
			open.Add(1)
			stop := context.AfterFunc(ctx, func() { c.Close() })
			fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: relay.example.com\r\n\r\n")
			buf := make([]byte, 512)
			for {
				if _, err := c.Read(buf); err != nil {
					break
				}
			}
			stop()
			c.Close()
			open.Add(-1)
			closed.Add(1)
		}
		select { // a persistent attacker reconnects; the pause is what it simulates
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// unsignedPost sends one webhook without a signature from ip on a new
// connection and returns the status, or -1 when the connection failed.
func unsignedPost(ip, addr string, n int64) int {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 2 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return -1
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	body := smsParams(fmt.Sprint("SMforged", n), "+15005550006", "1").Encode()
	fmt.Fprintf(c, "POST /twilio/sms HTTP/1.1\r\nHost: relay.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: %d\r\n\r\n%s", len(body), body)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return -1
	}
	resp.Body.Close()
	return resp.StatusCode
}
