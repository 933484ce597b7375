package modem

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

func openStore(t *testing.T, path string) *SQLiteStore {
	t.Helper()
	s, err := OpenPartsStore(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func idOf(pdus ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(pdus, "")))
	return hex.EncodeToString(sum[:])
}

// TestMultipartOutOfOrder delivers a UCS-2 text whose emoji are split across
// parts, last part first. Each part leaves the SIM as soon as it is stored.
func TestMultipartOutOfOrder(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.HuaweiE173, emuOpts(t)...)
	cfg := fastConfig(t, dev)
	cfg.PartsStore = openStore(t, filepath.Join(t.TempDir(), "parts.db"))
	rec := &recorder{}
	r := runBridge(t, cfg, rec)
	waitHealth(t, r.b, vote.HealthOK)
	text := "Vote 2 😀 — the traffic surge 🎉 branch!"
	pdus, err := modemtest.Encode(modemtest.SMS{From: "+33612345678", Text: text, Encoding: modemtest.UCS2, PartUnits: 9})
	if err != nil || len(pdus) < 4 {
		t.Fatalf("encode: %d parts, %v", len(pdus), err)
	}
	e.Deliver(pdus[len(pdus)-1])
	waitEmpty(t, e) // stored in the parts store, gone from the SIM
	if got := r.b.Health().Metrics["partsWaiting"]; got != "1" {
		t.Errorf("partsWaiting=%q, want 1", got)
	}
	for i := len(pdus) - 2; i >= 0; i-- {
		e.Deliver(pdus[i])
	}
	got := rec.waitFor(t, 1)
	if got[0].Text != text || got[0].Partial {
		t.Errorf("text=%q partial=%v, want %q whole", got[0].Text, got[0].Partial, text)
	}
	if got[0].ProviderID != idOf(pdus...) || got[0].PDU != strings.Join(pdus, " ") {
		t.Errorf("provider id or PDU not made of the parts in order")
	}
	waitEmpty(t, e)
	r.stop(t) // stopped, the bridge hands over nothing more: a second copy would be here
	if n := len(rec.unique()); n != 1 {
		t.Errorf("%d texts, want 1", n)
	}
}

// TestMultipartMissingPart: after the timeout the parts present are delivered
// marked partial; the straggler, when it comes, is delivered on its own. The
// timeout runs on a fake clock: nothing is due until the test moves it.
func TestMultipartMissingPart(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.QuectelEC25, emuOpts(t)...)
	clk := testkit.NewClock(time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC))
	cfg := fastConfig(t, dev)
	cfg.Now = clk.Now
	cfg.PartsTimeout = time.Minute
	cfg.PartsStore = openStore(t, filepath.Join(t.TempDir(), "parts.db"))
	rec := &recorder{}
	r := runBridge(t, cfg, rec)
	waitHealth(t, r.b, vote.HealthOK)
	long := strings.Repeat("a", 153) + strings.Repeat("b", 153) + "c"
	pdus, _ := modemtest.Encode(modemtest.SMS{From: "+15550123", Text: long})
	e.Deliver(pdus[0], pdus[2])
	waitMetric(t, r.b, "partsWaiting", "2") // both stored, looked at, kept waiting
	clk.Advance(cfg.PartsTimeout - time.Second)
	waitReads(t, e)
	if got := rec.unique(); len(got) != 0 {
		t.Fatalf("delivered %+v a second before the parts timeout, want nothing yet", got)
	}
	clk.Advance(time.Second)
	got := rec.waitFor(t, 1)
	if !got[0].Partial || got[0].Text != strings.Repeat("a", 153)+"c" {
		t.Errorf("partial=%v text=%q, want parts 1 and 3 marked partial", got[0].Partial, got[0].Text)
	}
	e.Deliver(pdus[1])
	got = rec.waitFor(t, 2)
	if !got[1].Partial || got[1].Text != strings.Repeat("b", 153) {
		t.Errorf("straggler partial=%v text=%q, want part 2 alone, partial", got[1].Partial, got[1].Text)
	}
	waitEmpty(t, e)
}

// TestMultipartSurvivesRestart: a part stored before a restart (and already
// deleted from the SIM) completes its text after it.
func TestMultipartSurvivesRestart(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.SIM800, emuOpts(t)...)
	path := filepath.Join(t.TempDir(), "parts.db")
	pdus, _ := modemtest.Encode(modemtest.SMS{From: "+15550124", Text: strings.Repeat("restart ", 30)})
	store := openStore(t, path)
	cfg := fastConfig(t, dev)
	cfg.PartsStore = store
	rec := &recorder{}
	r := runBridge(t, cfg, rec)
	waitHealth(t, r.b, vote.HealthOK)
	e.Deliver(pdus[0])
	waitEmpty(t, e)
	r.stop(t)
	store.Close()

	cfg.PartsStore = openStore(t, path)
	r2 := runBridge(t, cfg, rec)
	waitHealth(t, r2.b, vote.HealthOK)
	e.Deliver(pdus[1])
	got := rec.waitFor(t, 1)
	if got[0].Text != strings.Repeat("restart ", 30) || got[0].Partial {
		t.Errorf("text=%q partial=%v, want the whole text after the restart", got[0].Text, got[0].Partial)
	}
}

// TestMultipartMemoryStore: without a parts store, parts stay on the SIM
// until their text is delivered, so a crash loses nothing.
func TestMultipartMemoryStore(t *testing.T) {
	e, dev := modemtest.Start(t, modemtest.HuaweiE3372, emuOpts(t)...)
	rec := &recorder{}
	r := runBridge(t, fastConfig(t, dev), rec)
	waitHealth(t, r.b, vote.HealthOK)
	pdus, _ := modemtest.Encode(modemtest.SMS{From: "+15550125", Text: strings.Repeat("memory ", 30)})
	e.Deliver(pdus[1])
	waitMetric(t, r.b, "partsWaiting", "1") // read and held
	waitReads(t, e)                         // a whole read since, deletes included
	if n := len(e.Stored()); n != 1 {
		t.Fatalf("SIM holds %d texts, want the part kept until its text is complete", n)
	}
	e.Deliver(pdus[0])
	rec.waitFor(t, 1)
	waitEmpty(t, e)
}
