package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/bridge/relay"
)

// loopRelay is a real relay (Server.Serve) on a fixed loopback address that
// can be stopped and started again on the same address and file.
type loopRelay struct {
	t      *testing.T
	cfg    Config
	addr   string
	srv    *Server
	cancel context.CancelFunc
	done   chan error
}

func newLoopRelay(t *testing.T, cfg Config) *loopRelay {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &loopRelay{t: t, cfg: cfg, addr: ln.Addr().String()}
	r.serve(ln)
	t.Cleanup(func() {
		if r.cancel != nil {
			r.stop()
		}
	})
	return r
}

func (r *loopRelay) url() string { return "http://" + r.addr }

func (r *loopRelay) serve(ln net.Listener) {
	srv, err := NewServer(r.cfg)
	if err != nil {
		r.t.Fatalf("NewServer: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.srv, r.cancel, r.done = srv, cancel, make(chan error, 1)
	go func() { r.done <- srv.Serve(ctx, ln) }()
}

func (r *loopRelay) start() {
	var ln net.Listener
	testkit.Eventually(r.t, testkit.Patience, "the relay's address free again: "+r.addr, func() (err error) {
		ln, err = net.Listen("tcp", r.addr)
		return err
	})
	r.serve(ln)
}

func (r *loopRelay) stop() {
	r.cancel()
	if err := <-r.done; err != nil {
		r.t.Errorf("relay Serve: %v", err)
	}
	r.cancel = nil
}

// twilioSim posts signed webhooks the way Twilio does, plus its failure
// modes: retries of the same MessageSid, concurrent duplicates, and
// responses lost after the request was sent.
type twilioSim struct {
	t    *testing.T
	base func() string
	hc   *http.Client
	rng  *rand.Rand
}

// deliver posts p until the relay answers 200, retrying on refusals,
// connection errors and 5xx/429 as Twilio would.
func (s *twilioSim) deliver(p url.Values) {
	for attempt := 0; ; attempt++ {
		if attempt > 2000 {
			s.t.Errorf("text %s never accepted", p.Get("MessageSid"))
			return
		}
		req := newWebhook(s.t, s.base(), p)
		resp, err := s.hc.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusBadRequest {
				s.t.Errorf("text %s: status %d", p.Get("MessageSid"), resp.StatusCode)
				return
			}
		}
		time.Sleep(time.Duration(5+attempt%20) * time.Millisecond) // simulates Twilio's pause before a retry
	}
}

// lose sends p on a raw connection and hangs up without reading the answer.
func (s *twilioSim) lose(p url.Values) {
	u, _ := url.Parse(s.base())
	conn, err := net.DialTimeout("tcp", u.Host, time.Second)
	if err != nil {
		return
	}
	defer conn.Close()
	req := newWebhook(s.t, s.base(), p)
	req.Write(conn)
}

func (s *twilioSim) send(p url.Values) {
	switch n := s.rng.IntN(100); {
	case n < 2: // response lost: Twilio retries
		s.lose(p)
		s.deliver(p)
	case n < 4: // two deliveries at once
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); s.deliver(p) }()
		s.deliver(p)
		wg.Wait()
	case n < 9: // a retry after success
		s.deliver(p)
		s.deliver(p)
	default:
		s.deliver(p)
	}
}

func senderNumber(w, seq int) string { return fmt.Sprintf("+1555%03d%04d", w, seq%10000) }

// A real relay and a real client on loopback: 10,000 signed webhooks with
// retries, duplicates and lost responses; the laptop disconnected in the
// middle and restarted from its cursor file; the relay restarted with texts
// queued and again with the laptop connected; the sink failing now and
// then. Every text must be stored exactly once (UNIQUE(source,
// provider_id) in a real SQLite table), and in order: a text the relay
// accepted before another was sent is committed before it.
func TestLoopbackExactlyOnceThroughRestarts(t *testing.T) {
	const total, workers = 10000, 8
	dir := t.TempDir()
	logs := &testkit.SyncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := testConfig(dir)
	cfg.Logger, cfg.Heartbeat = logger, 200*time.Millisecond
	lr := newLoopRelay(t, cfg)

	sink := testkit.NewSQLiteSink(t)
	sink.FailEvery, sink.LostEvery = 41, 53
	cursorPath := filepath.Join(dir, "cursor.json")
	var stopClient func() error
	var clients []*relay.Client
	startClient := func() {
		c := newTestClient(t, lr.url(), func(cc *relay.ClientConfig) {
			cc.CursorStore, cc.Logger, cc.MaxBatch = relay.FileCursor(cursorPath), logger, 100
		})
		clients = append(clients, c)
		stopClient = runClient(t, c, sink)
	}
	startClient()

	var sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sim := &twilioSim{t: t, base: lr.url, rng: rand.New(rand.NewPCG(42, uint64(w))),
				hc: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
			for seq := 0; seq < total/workers; seq++ {
				p := smsParams(fmt.Sprintf("SM%02d%08d", w, seq), senderNumber(w, seq), fmt.Sprint(1+seq%3))
				sim.send(p)
				sent.Add(1)
			}
		}()
	}
	at := func(n int64) {
		testkit.WaitFor(t, 2*testkit.Patience, fmt.Sprintf("%d webhooks sent", n), func() bool { return sent.Load() >= n })
	}
	at(2000)
	stopClient() // the laptop goes away mid-stream
	at(3500)
	startClient() // and comes back, resuming from its cursor file
	at(5000)
	stopClient()
	at(5500)
	lr.stop()                          // texts are queued, unacknowledged, when the relay restarts
	time.Sleep(100 * time.Millisecond) // simulates the relay staying down a moment: senders retry
	lr.start()
	at(6500)
	startClient()
	at(8000)
	lr.stop() // the relay restarts under a connected laptop
	lr.start()
	wg.Wait()
	t.Logf("%d webhooks accepted in %s", total, time.Since(start).Round(time.Millisecond))
	testkit.WaitFor(t, 60*time.Second, "every text in the sink", func() bool { return sink.Count(t) >= total })
	testkit.WaitFor(t, testkit.Patience, "every text acknowledged", func() bool {
		n, _ := lr.srv.store.Pending(context.Background())
		return n == 0
	})
	stopClient()

	ids := sink.IDs(t)
	if len(ids) != total {
		t.Fatalf("stored %d texts, want exactly %d", len(ids), total)
	}
	last := map[int]int{}
	for _, id := range ids {
		var w, seq int
		if _, err := fmt.Sscanf(id, "SM%02d%08d", &w, &seq); err != nil {
			t.Fatalf("unexpected provider id %q", id)
		}
		if prev, ok := last[w]; ok && seq <= prev {
			t.Fatalf("worker %d: text %d committed after %d, want in order", w, seq, prev)
		}
		last[w] = seq
	}
	for w := 0; w < workers; w++ {
		if last[w] != total/workers-1 {
			t.Fatalf("worker %d: last text %d, want %d", w, last[w], total/workers-1)
		}
	}
	var received int64
	for _, c := range clients {
		received += c.Health().Received
	}
	t.Logf("ingest calls %d, re-deliveries absorbed by the store %d, handed over %d, reconnects of the last client %s",
		sink.Calls(), sink.Dups(), received, clients[len(clients)-1].Health().Metrics["reconnects"])
	if received < total {
		t.Fatalf("clients handed over %d texts, want at least %d", received, total)
	}
	if sink.Dups() == 0 {
		t.Fatalf("no re-delivery reached the store: the failure-after-commit path was not exercised")
	}
	if r := clients[len(clients)-1].Health().Metrics["reconnects"]; r == "0" {
		t.Fatalf("the last client never reconnected, want at least once (relay restart)")
	}
	checkNoFullNumbers(t, logs.String())
}

// checkNoFullNumbers fails if a log holds one of the test's sender numbers in
// full (they all start 1555 and have 11 digits).
func checkNoFullNumbers(t *testing.T, logs string) {
	t.Helper()
	if m := regexp.MustCompile(`1555\d{7}`).FindString(logs); m != "" {
		t.Fatalf("logs hold a full phone number %q", m)
	}
	if !strings.Contains(logs, `+15***`) {
		t.Fatalf("logs hold no masked number: was anything logged?")
	}
}
