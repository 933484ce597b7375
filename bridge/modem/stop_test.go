package modem

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/at"
	"forkcast/bridge/modem/modemtest"
)

// blockingSink never returns from Ingest, whatever ctx says.
type blockingSink struct{ entered atomic.Bool }

func (s *blockingSink) Ingest(context.Context, []vote.Message) error {
	s.entered.Store(true)
	select {}
}

// TestStopUnderASecond stops the bridge in the states where stopping is
// hard: a Read blocked on an idle port, a modem that answers nothing (so the
// poke that frees tarm/serial's Close gets no reply), a command waiting for
// its answer, a sink stuck in Ingest, and while reconnecting to a vanished port.
func TestStopUnderASecond(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, e *modemtest.Emulator, r *running, sink *blockingSink)
	}{
		{"idle, read blocked", func(t *testing.T, e *modemtest.Emulator, r *running, _ *blockingSink) {
			waitHealth(t, r.b, vote.HealthOK)
			waitReads(t, e) // the loop is running: between its reads it idles in Read
		}},
		{"modem silent", func(t *testing.T, e *modemtest.Emulator, r *running, _ *blockingSink) {
			waitHealth(t, r.b, vote.HealthOK)
			e.Hang(true)
			time.Sleep(100 * time.Millisecond) // simulates a modem that has said nothing for a while
		}},
		{"command in flight", func(t *testing.T, e *modemtest.Emulator, r *running, _ *blockingSink) {
			waitHealth(t, r.b, vote.HealthOK)
			n := len(e.Commands())
			e.Hang(true)
			// A command sent to the hung modem waits for its answer.
			testkit.WaitFor(t, testkit.Patience, "a command sent to the hung modem", func() bool { return len(e.Commands()) > n })
		}},
		{"ingest stuck", func(t *testing.T, e *modemtest.Emulator, r *running, s *blockingSink) {
			waitHealth(t, r.b, vote.HealthOK)
			deliver(t, e, "stuck")
			testkit.WaitFor(t, testkit.Patience, "Ingest entered", s.entered.Load)
		}},
		{"reconnecting", func(t *testing.T, e *modemtest.Emulator, r *running, _ *blockingSink) {
			waitHealth(t, r.b, vote.HealthOK)
			e.Unplug()
			waitHealth(t, r.b, vote.HealthDown)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, dev := modemtest.Start(t, modemtest.HuaweiE173, emuOpts(t)...)
			sink := &blockingSink{}
			cfg := fastConfig(t, dev)
			cfg.PollInterval = 300 * time.Millisecond
			r := runBridge(t, cfg, sink)
			c.setup(t, e, r, sink)
			// Promptness is the subject: the bound stays a second, plus
			// what the machine's own stalls account for (see Promptly).
			testkit.Promptly(t, "stop", time.Second, func() { r.stop(t) })
			if h := r.b.Health(); h.State != vote.HealthStopped && h.State != vote.HealthDown {
				t.Errorf("health after stop = %s, want stopped", h.State)
			}
		})
	}
}

// TestPortCloseWhileReadBlocked checks the containment itself, on the real
// serial code: Close returns in bounded time even when the modem never
// answers the poke, and the reader goroutine ends once the port hangs up.
func TestPortCloseWhileReadBlocked(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.QuectelEC25)
	e.Hang(true)
	rwc, err := openSerial(dev, 115200)
	if err != nil {
		t.Fatal(err)
	}
	p := at.NewPort(rwc)
	// simulates an idle port: the reader goroutine is (most likely) blocked in
	// Read by now; no event says so, and Close must be bounded either way.
	time.Sleep(50 * time.Millisecond)
	// Bounded Close is the subject: a second, plus the machine's stalls.
	testkit.Promptly(t, "Close with a Read blocked on a silent modem", time.Second, func() {
		closed := make(chan struct{})
		go func() { defer close(closed); p.Close() }()
		testkit.Receive(t, closed, testkit.Patience, "Close to return with a Read blocked on a silent modem")
	})
	e.Unplug()
	// The reader goroutine closes Tokens when it ends; a token instead
	// would be one read after Close.
	if testkit.Receive(t, tokensOrClosed(p.Tokens()), testkit.Patience,
		"the reader goroutine to end after the hang-up (Tokens closed)") {
		t.Errorf("a token after Close")
	}
}

// tokensOrClosed turns a token channel into one that says whether a token
// came (true) or the channel was closed (false), for testkit.Receive.
func tokensOrClosed(c <-chan at.Token) <-chan bool {
	out := make(chan bool, 1)
	go func() { _, ok := <-c; out <- ok }()
	return out
}

// TestSecondReaderRefused: the port is locked while the bridge holds it.
func TestSecondReaderRefused(t *testing.T) {
	_, dev := modemtest.Start(t, modemtest.SIM800)
	a, err := openSerial(dev, 115200)
	if err != nil {
		t.Fatal(err)
	}
	defer at.NewPort(a).Close()
	// The refusal comes once acquire has waited its 2 s for the holder to
	// let go: within 3 s, plus the machine's stalls (see Promptly).
	testkit.Promptly(t, "refusing a second open", 3*time.Second, func() {
		if _, err := openSerial(dev, 115200); !errors.Is(err, ErrPortBusy) {
			t.Fatalf("a second open of the same port: %v, want ErrPortBusy", err)
		}
	})
}
