package modem

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// TestSIMStates covers start-up with a PIN, a wrong PIN (sent once, never
// again), no PIN configured, and no SIM at all.
func TestSIMStates(t *testing.T) {
	cases := []struct {
		name    string
		opts    []modemtest.Option
		pin     string
		wantErr error  // Run's error; nil = it keeps running
		detail  string // health detail while running or after the error
	}{
		{"right pin", []modemtest.Option{modemtest.WithPIN("1234")}, "1234", nil, "Receiving texts"},
		{"wrong pin", []modemtest.Option{modemtest.WithPIN("1234")}, "0000", ErrPINRejected, "will not try it again"},
		{"pin needed", []modemtest.Option{modemtest.WithPIN("1234")}, "", ErrPINRequired, "--modem-pin"},
		{"no sim", []modemtest.Option{modemtest.WithoutSIM()}, "", nil, "No SIM card"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, dev := modemtest.Start(t, modemtest.SIM800, emuOpts(t, c.opts...)...)
			cfg := fastConfig(t, dev)
			cfg.PIN = c.pin
			b, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- b.Run(ctx, &recorder{}) }()
			if c.wantErr != nil {
				err := testkit.Receive(t, done, testkit.Patience, fmt.Sprintf("Run to fail with %v", c.wantErr))
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("Run = %v, want %v", err, c.wantErr)
				}
				if h := b.Health(); h.State != vote.HealthDown || !strings.Contains(h.Detail, c.detail) {
					t.Errorf("health %s %q, want down with %q", h.State, h.Detail, c.detail)
				}
			} else {
				testkit.Eventually(t, testkit.Patience, "health saying "+c.detail, func() error {
					if h := b.Health(); !strings.Contains(h.Detail, c.detail) {
						return fmt.Errorf("health %s %q", h.State, h.Detail)
					}
					return nil
				})
				cancel()
				testkit.Receive(t, done, testkit.Patience, "Run to return after cancel")
			}
			if c.name == "wrong pin" {
				// Run again, as the engine restarts a source: the PIN must not be sent twice.
				if err := b.Run(context.Background(), &recorder{}); !errors.Is(err, ErrPINRejected) {
					t.Errorf("second Run = %v, want ErrPINRejected at once", err)
				}
				n := 0
				for _, cmd := range e.Commands() {
					if strings.HasPrefix(cmd, "AT+CPIN=") {
						n++
					}
				}
				if n != 1 {
					t.Errorf("the PIN was sent %d times, want once", n)
				}
			}
		})
	}
}

// TestDirectDelivery: a modem that only forwards texts (+CMT) gets each one
// acknowledged (+CNMA) after the engine stored it; a refused text is not
// acknowledged, the modem then stores it and stops forwarding, and the bridge
// sets notifications again and reads it.
func TestDirectDelivery(t *testing.T) {
	p := modemtest.QuectelEC25
	p.CNMIRange = "(1,2),(0,2),(0),(0),(0,1)"
	e, dev := modemtest.Start(t, p, emuOpts(t)...)
	refuse := 1
	rec := &recorder{fail: func(msgs []vote.Message) error {
		if msgs[0].Text == "refused once" && refuse > 0 {
			refuse--
			return errors.New("disk full")
		}
		return nil
	}}
	cfg := fastConfig(t, dev)
	r := runBridge(t, cfg, rec)
	waitHealth(t, r.b, vote.HealthOK)
	if got := r.b.Health().Metrics["notify"]; got != "+CMT" {
		t.Fatalf("notify=%q, want +CMT", got)
	}
	deliver(t, e, "direct")
	rec.waitFor(t, 1)
	deliver(t, e, "refused once")
	rec.waitFor(t, 2)
	// The session is one goroutine: "direct" was acknowledged before the
	// refused text came back from the SIM; the refused one never is.
	if n := countCommands(e, "AT+CNMA"); n != 1 {
		t.Errorf("%d AT+CNMA by the time the refused text was stored, want 1 (for \"direct\" only)", n)
	}
	// The modem gave up forwarding after the missing +CNMA; the bridge notices
	// on its next health check and sets the notifications again.
	testkit.Eventually(t, testkit.Patience, "direct delivery set again (+CNMI mt=2)", func() error {
		if got := e.CNMI(); got[1] != 2 {
			return fmt.Errorf("modem's +CNMI=%v", got)
		}
		return nil
	})
	deliver(t, e, "after")
	rec.waitFor(t, 3)
	waitEmpty(t, e)
	checkOnce(t, rec, []string{"direct", "refused once", "after"})
	// "after" comes by +CMT too, and is acknowledged once the sink has it:
	// the +CNMA follows Ingest, so wait for it rather than read the log now.
	waitCommands(t, e, "AT+CNMA", 2)
	if cmds := strings.Join(e.Commands(), "\n"); !strings.Contains(cmds, "AT+CSMS=1") {
		t.Errorf("commands lack AT+CSMS=1:\n%s", cmds)
	}
}
