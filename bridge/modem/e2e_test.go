package modem

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// TestNastyStreamExactlyOnce runs a stream with everything that goes wrong on
// stage: multipart Unicode with emoji split across parts and out of order, a
// missing part, a lost +CMTI, a full SIM, failed deletes, a reset mid-command,
// an unplug with a new name, a malformed PDU, and a bridge crash that leaves
// committed texts on the SIM. Every text is stored exactly once.
func TestNastyStreamExactlyOnce(t *testing.T) {
	dir := t.TempDir()
	p := modemtest.HuaweiE173
	p.Capacity = 6
	e, link := modemtest.Start(t, p, emuOpts(t, modemtest.WithByID(filepath.Join(dir, "by-id")))...)
	sink := testkit.NewSQLiteSink(t)
	cfg := fastConfig(t, link)
	cfg.ByIDDir = filepath.Join(dir, "by-id")
	// The parts timeout runs on a fake clock, moved once the missing part is
	// stored: on the real clock a short one could expire between the emoji
	// text's parts on a loaded machine.
	clk := testkit.NewClock(time.Now())
	cfg.Now = clk.Now
	cfg.PartsTimeout = time.Minute
	cfg.CommandTimeout = 500 * time.Millisecond
	cfg.PartsStore = openStore(t, filepath.Join(dir, "parts.db"))
	r := runBridge(t, cfg, sink)
	waitHealth(t, r.b, vote.HealthOK)
	var want []string
	send := func(from, text string, opts ...func(*modemtest.SMS)) []string {
		s := modemtest.SMS{From: from, Text: text}
		for _, o := range opts {
			o(&s)
		}
		pdus, err := modemtest.Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		return pdus
	}
	deliver := func(text string) {
		e.Deliver(send("+4477009001"+string(rune('0'+len(want)%10)), text)...)
		want = append(want, text)
	}

	for _, v := range []string{"1", "2", "#3", "two", "1️⃣", "€ {vote}"} {
		deliver(v)
	}
	e.LoseCMTI(1)
	deliver("lost notification")

	emoji := "Branch 2 🚀 because 🎉 traffic surge 👍 wins"
	parts := send("+33600000001", emoji, func(s *modemtest.SMS) { s.Encoding, s.PartUnits = modemtest.UCS2, 8 })
	e.Deliver(parts[len(parts)-1], parts[0])
	want = append(want, emoji)
	sink.WaitCount(t, 7)
	e.Deliver(parts[1 : len(parts)-1]...)

	sink.WaitCount(t, 8) // the emoji text, whole
	missing := send("+33600000002", strings.Repeat("m", 160)+"tail")
	e.Deliver(missing[0])
	want = append(want, "PARTIAL:"+strings.Repeat("m", 153))
	waitMetric(t, r.b, "partsWaiting", "1") // the lone part is stored and waits
	clk.Advance(cfg.PartsTimeout)

	e.ResetOn("AT+CMGL")
	deliver("after a reset")
	sink.WaitCount(t, 10)

	e.FailDeletes(2)
	deliver("delete fails a")
	deliver("delete fails b")
	sink.WaitCount(t, 12)

	e.Unplug()
	waitHealth(t, r.b, vote.HealthDown)
	for i := 0; i < 9; i++ { // more than the 6 slots: the network holds the rest
		deliver("while unplugged " + string(rune('a'+i)))
	}
	e.Deliver("07914477009001F0" + "0400FF") // malformed: kept raw
	want = append(want, "")
	if _, err := e.Replug(); err != nil {
		t.Fatal(err)
	}
	sink.WaitCount(t, len(want))

	// Crash: the bridge stops right after committing, before deleting.
	e.FailDeletes(100)
	deliver("committed, not deleted")
	sink.WaitCount(t, len(want))
	r.stop(t)
	if len(e.Stored()) == 0 {
		t.Fatal("nothing left on the SIM to redeliver")
	}
	e.FailDeletes(-100)
	r2 := runBridge(t, cfg, sink)
	waitHealth(t, r2.b, vote.HealthOK)
	waitEmpty(t, e) // every text went through the sink: the bridge deletes only what it committed
	r2.stop(t)      // stopped, it can store nothing more: a late duplicate would be here now

	got := sink.Texts(t)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("inbox:\n%q\nwant each once:\n%q", got, want)
	}
	if sink.Offered() <= int64(len(want)) {
		t.Errorf("the sink was offered %d messages for %d texts: the crash window was not exercised", sink.Offered(), len(want))
	}
}
