package modem

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
	"forkcast/bridge/modem/pdu"
)

// deliver sends one text per string, failing t on an encoding error.
func deliver(t *testing.T, e *modemtest.Emulator, texts ...string) {
	t.Helper()
	for i, txt := range texts {
		if _, err := e.DeliverSMS(modemtest.SMS{From: fmt.Sprintf("+1555010%04d", i), Text: txt}); err != nil {
			t.Fatal(err)
		}
	}
}

func numbered(prefix string, n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, fmt.Sprintf("%s %d", prefix, i))
	}
	return out
}

// checkOnce fails t unless Ingest saw exactly the texts, each once.
func checkOnce(t *testing.T, rec *recorder, texts []string) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var got []string
	for _, m := range rec.msgs {
		got = append(got, m.Text)
	}
	slices.Sort(got)
	want := slices.Clone(texts)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Ingest saw %q, want each of %q once", got, want)
	}
}

func TestLostNotification(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.QuectelEC25, emuOpts(t)...)
	rec := &recorder{}
	r := runBridge(t, fastConfig(t, dev), rec)
	waitHealth(t, r.b, vote.HealthOK)
	e.LoseCMTI(2)
	deliver(t, e, "lost one", "lost two")
	rec.waitFor(t, 2) // the safety-net read finds them
	waitEmpty(t, e)
	checkOnce(t, rec, []string{"lost one", "lost two"})
}

// TestSIMFull fills a small SIM before the bridge starts and again while it
// runs: the network holds what does not fit, and everything arrives once.
func TestSIMFull(t *testing.T) {
	p := modemtest.HuaweiE173
	p.Capacity = 4
	e, dev := modemtest.Start(t, p, emuOpts(t)...)
	before := numbered("early", 10)
	deliver(t, e, before...)
	if e.Held() != 6 {
		t.Fatalf("network holds %d, want 6 (SIM of 4)", e.Held())
	}
	rec := &recorder{}
	runBridge(t, fastConfig(t, dev), rec)
	rec.waitFor(t, 10)
	during := numbered("burst", 25)
	deliver(t, e, during...)
	rec.waitFor(t, 35)
	waitEmpty(t, e)
	checkOnce(t, rec, append(before, during...))
}

func TestFailedDelete(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.SIM800, emuOpts(t)...)
	rec := &recorder{}
	r := runBridge(t, fastConfig(t, dev), rec)
	waitHealth(t, r.b, vote.HealthOK)
	e.FailDeletes(3)
	deliver(t, e, "a", "b")
	rec.waitFor(t, 2)
	waitEmpty(t, e)
	checkOnce(t, rec, []string{"a", "b"})
	if got := r.b.Health().Metrics["deleteFailures"]; got != "3" {
		t.Errorf("deleteFailures=%q, want 3", got)
	}
}

// TestResetMidCommand reboots the modem while it lists the SIM: it comes back
// in text mode, echo on, notifications off. The bridge sets it up again and
// the next text is announced (+CMTI) again, not just found by polling.
func TestResetMidCommand(t *testing.T) {
	for _, p := range []modemtest.Profile{modemtest.HuaweiE173, modemtest.SIM800} {
		t.Run(p.Name, func(t *testing.T) {
			e, dev := modemtest.Start(t, p, emuOpts(t)...)
			rec := &recorder{}
			cfg := fastConfig(t, dev)
			// Only +CMTI can trigger a read: the poll timer would first fire
			// long after every wait here has given up.
			cfg.PollInterval = time.Hour
			cfg.CommandTimeout = 500 * time.Millisecond
			r := runBridge(t, cfg, rec)
			waitHealth(t, r.b, vote.HealthOK)
			e.ResetOn("AT+CMGL")
			deliver(t, e, "before reset")
			rec.waitFor(t, 1)
			deliver(t, e, "after reset")
			// Without notifications set up again, the text would sit on the
			// SIM until the hourly poll, and this wait would fail.
			testkit.Eventually(t, testkit.Patience, "the text after the reset, read on its +CMTI (no poll timer)", func() error {
				if got := rec.unique(); len(got) < 2 {
					return fmt.Errorf("%d texts; the modem's +CNMI=%v; SIM %d texts", len(got), e.CNMI(), len(e.Stored()))
				}
				return nil
			})
			waitEmpty(t, e)
			checkOnce(t, rec, []string{"before reset", "after reset"})
		})
	}
}

// TestResetWhileIdle: echo comes back on by itself; the bridge notices.
func TestResetWhileIdle(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.HuaweiE3372, emuOpts(t)...)
	rec := &recorder{}
	r := runBridge(t, fastConfig(t, dev), rec)
	waitHealth(t, r.b, vote.HealthOK)
	setups := countCommands(e, "AT+CNMI=2,1,0,0,0")
	e.Reset()
	waitCommands(t, e, "AT+CNMI=2,1,0,0,0", setups+1) // a poll met the reset modem: set up again
	deliver(t, e, "x")
	rec.waitFor(t, 1)
	checkOnce(t, rec, []string{"x"})
	if n := strings.Count(strings.Join(e.Commands(), "\n"), "AT+CNMI=2,1,0,0,0"); n < 2 {
		t.Errorf("notifications set %d times, want again after the reset", n)
	}
}

// TestUnplugAndRename pulls the modem out; texts arrive meanwhile; it comes
// back under a new name. Configured by its stable by-id name, or by its first
// name with the by-id link found by the bridge.
func TestUnplugAndRename(t *testing.T) {
	for _, byName := range []string{"by-id", "first name"} {
		t.Run(byName, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "by-id")
			e, link := modemtest.Start(t, modemtest.HuaweiE173, emuOpts(t, modemtest.WithByID(dir))...)
			cfg := fastConfig(t, link)
			cfg.ByIDDir = dir
			if byName == "first name" {
				cfg.Device = e.Path()
			}
			rec := &recorder{}
			r := runBridge(t, cfg, rec)
			waitHealth(t, r.b, vote.HealthOK)
			first := e.Path()
			deliver(t, e, "one")
			rec.waitFor(t, 1)
			// Deleted too: unplugged between the commit and the delete, "one"
			// would be offered again after the replug (at least once; the
			// engine's inbox drops the copy), which is not what this tests.
			waitEmpty(t, e)
			e.Unplug()
			h := waitHealth(t, r.b, vote.HealthDown)
			if !strings.Contains(h.Detail, "unplugged") {
				t.Errorf("detail %q, want it to say unplugged", h.Detail)
			}
			deliver(t, e, "two", "three")      // stored on the SIM while away
			time.Sleep(300 * time.Millisecond) // simulates the modem staying out a while: the bridge retries a vanished port
			if _, err := e.Replug(); err != nil {
				t.Fatal(err)
			}
			if e.Path() == first {
				t.Fatalf("replugged under the same name %s", first)
			}
			rec.waitFor(t, 3)
			waitHealth(t, r.b, vote.HealthOK)
			waitEmpty(t, e)
			checkOnce(t, rec, []string{"one", "two", "three"})
		})
	}
}

// TestHangThenRecover: the modem stops answering; the bridge escalates and
// reconnects until it answers again, then reads what arrived meanwhile. The
// modem hangs after its boot, so it says nothing of its own once it answers
// again: the bridge must ask (its old port's Close is stuck on a Read that
// only a byte from the modem ends).
func TestHangThenRecover(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.QuectelEC25, emuOpts(t)...)
	rec := &recorder{}
	cfg := fastConfig(t, dev)
	cfg.CommandTimeout = 300 * time.Millisecond
	r := runBridge(t, cfg, rec)
	waitHealth(t, r.b, vote.HealthOK)
	testkit.WaitFor(t, testkit.Patience, "the modem's boot lines printed", e.Booted)
	e.Hang(true)
	deliver(t, e, "during the hang")
	h := waitHealth(t, r.b, vote.HealthDown)
	if !strings.Contains(h.Detail, "stopped answering") {
		t.Errorf("detail %q, want 'stopped answering'", h.Detail)
	}
	e.Hang(false)
	rec.waitFor(t, 1)
	waitHealth(t, r.b, vote.HealthOK)
	checkOnce(t, rec, []string{"during the hang"})
	if slices.Contains(e.Commands(), "AT+CFUN=1,1") {
		t.Errorf("the bridge reset the modem (AT+CFUN=1,1) without being allowed to")
	}
	if !slices.Contains(e.Commands(), "AT+CFUN=0") {
		t.Errorf("commands lack the radio off/on step of the escalation")
	}
}

// TestEngineRefuses: while Ingest fails, nothing leaves the SIM; once it
// works again, everything is delivered once.
func TestEngineRefuses(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.HuaweiE173, emuOpts(t)...)
	refusals := 3
	rec := &recorder{}
	rec.fail = func([]vote.Message) error {
		if refusals > 0 {
			refusals--
			return errors.New("database is locked")
		}
		return nil
	}
	r := runBridge(t, fastConfig(t, dev), rec)
	deliver(t, e, "kept", "safe")
	h := waitHealth(t, r.b, vote.HealthDegraded)
	if !strings.Contains(h.Detail, "not storing") || len(e.Stored()) != 2 {
		t.Errorf("detail %q, SIM %d texts: want degraded with both texts still on the SIM", h.Detail, len(e.Stored()))
	}
	rec.waitFor(t, 2)
	waitEmpty(t, e)
	checkOnce(t, rec, []string{"kept", "safe"})
	waitHealth(t, r.b, vote.HealthOK)
}

// TestOddStoredPDUs: status reports and WAP pushes are deleted without
// reaching the engine; a PDU that cannot be decoded reaches it raw, and the
// texts after it still arrive.
func TestOddStoredPDUs(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.SIM800, emuOpts(t)...)
	rec := &recorder{}
	r := runBridge(t, fastConfig(t, dev), rec)
	waitHealth(t, r.b, vote.HealthOK)
	report := "07914477009000F006040B911346610089F6313031218423403130312184234000"
	wap := "0791447700900123440B914477009001F20004623012210000000B0605040B8423F001020304"
	garbage := "0791447700900123FF00"
	e.Deliver(report, wap, garbage)
	deliver(t, e, "after")
	got := rec.waitFor(t, 2)
	waitEmpty(t, e)
	var raw *vote.Message
	for i := range got {
		if got[i].PDU == garbage {
			raw = &got[i]
		}
	}
	if raw == nil || raw.Text != "" || raw.ProviderID != pdu.Hash(garbage) {
		t.Fatalf("texts %+v: want the garbage PDU kept raw under its hash", got)
	}
	checkOnce(t, rec, []string{"", "after"})
	m := r.b.Health().Metrics
	if m["undecodable"] != "1 (kept raw)" || m["ignored"] != "2 (status reports, WAP)" {
		t.Errorf("metrics %v: want 1 undecodable, 2 ignored", m)
	}
}

// TestQuirkyModems: a modem that announces texts in another storage than the
// one set, one whose AT+CMGL is broken (read slot by slot instead), and one
// that keeps echoing after ATE0 (not a restart, every time).
func TestQuirkyModems(t *testing.T) {
	other := modemtest.SIM800
	other.CMTIMem = "ME"
	nolist := modemtest.Wavecom
	nolist.NoCMGL = true
	echo := modemtest.HuaweiE3372
	echo.EchoAlways = true
	for _, p := range []modemtest.Profile{other, nolist, echo} {
		t.Run(p.Name, func(t *testing.T) {
			e, dev := modemtest.Start(t, p, emuOpts(t)...)
			rec := &recorder{}
			r := runBridge(t, fastConfig(t, dev), rec)
			waitHealth(t, r.b, vote.HealthOK)
			deliver(t, e, "x", "y", "z")
			rec.waitFor(t, 3)
			waitEmpty(t, e)
			checkOnce(t, rec, []string{"x", "y", "z"})
			// The emulator keeps every storage in one pool, so the texts can
			// be found without the command that proves the quirk was handled:
			// wait for it (a read of "ME" comes after the read of "SM" that
			// emptied the pool).
			want := `AT+CPMS="ME"`
			if p.NoCMGL {
				want = "AT+CMGR="
			}
			if p.EchoAlways {
				want = "AT+CMGL=4"
			}
			waitCommands(t, e, want, 1)
			if p.EchoAlways {
				if n := countCommands(e, "AT+CNMI=2,1"); n != 1 {
					t.Errorf("set up %d times, want once: the echo is not a restart", n)
				}
			}
		})
	}
}

// TestNamedStorageKeptAcrossSetup: a storage learnt from a +CMTI is still
// read after the bridge sets the modem up again (a restart, or the SIM800's
// "SMS Ready" after boot): texts that wait there get no new +CMTI. CI caught
// its absence as a flaky TestQuirkyModems/sim800 when the second set-up
// overlapped the texts' +CMTI.
func TestNamedStorageKeptAcrossSetup(t *testing.T) {
	p := modemtest.QuectelEC25
	p.CMTIMem = "ME"
	e, dev := modemtest.Start(t, p, emuOpts(t)...)
	rec := &recorder{}
	r := runBridge(t, fastConfig(t, dev), rec)
	waitHealth(t, r.b, vote.HealthOK)
	deliver(t, e, "before")
	rec.waitFor(t, 1)
	waitCommands(t, e, `AT+CPMS="ME"`, 1)
	setups, reads := countCommands(e, "AT+CNMI=2,1"), countCommands(e, `AT+CPMS="ME"`)
	e.Reset()
	waitCommands(t, e, "AT+CNMI=2,1", setups+1) // set up again after the restart
	waitCommands(t, e, `AT+CPMS="ME"`, reads+1)
	deliver(t, e, "after")
	rec.waitFor(t, 2)
	waitEmpty(t, e)
	checkOnce(t, rec, []string{"before", "after"})
}

// TestMissingDevice: a modem not plugged in yet is reported, and retried.
func TestMissingDevice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ttyUSB9")
	cfg := fastConfig(t, path)
	r := runBridge(t, cfg, &recorder{})
	h := waitHealth(t, r.b, vote.HealthDown)
	if !strings.Contains(h.Detail, "not plugged in") {
		t.Errorf("detail %q, want 'not plugged in'", h.Detail)
	}
	// Plugged in later, it is found: proof that Run kept retrying.
	_, dev := modemtest.Start(t, modemtest.QuectelEC25, emuOpts(t)...)
	if err := os.Symlink(dev, path); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, testkit.Patience, "the modem plugged in late to be found", func() error {
		select {
		case err := <-r.done:
			r.done <- err
			return fmt.Errorf("Run returned %v; it should keep retrying", err)
		default:
		}
		if h := r.b.Health(); h.State != vote.HealthOK {
			return fmt.Errorf("health %s (%s)", h.State, h.Detail)
		}
		return nil
	})
}
