package cli

// Issue 5, "Done when": with the emulator on a pseudo-terminal,
// `forkcast serve --source modem:DEVICE` counts every text of a stream that
// includes multipart Unicode texts, a reset, a lost +CMTI and an unplug,
// exactly once.

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// modemStream delivers texts to the emulator and remembers what the show
// must count: every text is a vote from a phone of its own.
type modemStream struct {
	t     *testing.T
	e     *modemtest.Emulator
	phone int
	sent  []string
	want  map[int]int // choice → votes
}

// parts encodes a text from the next phone and records it; choice is what
// it must count for.
func (ms *modemStream) parts(text string, choice int, enc modemtest.Encoding, partUnits int) []string {
	ms.t.Helper()
	ms.phone++
	pdus, err := modemtest.Encode(modemtest.SMS{From: fmt.Sprintf("+1503555%04d", ms.phone), Text: text,
		Encoding: enc, PartUnits: partUnits})
	if err != nil {
		ms.t.Fatalf("encode %q: %v", text, err)
	}
	ms.sent = append(ms.sent, text)
	ms.want[choice]++
	return pdus
}

// single delivers one-part texts (GSM 7-bit, or UCS-2 when they need it).
func (ms *modemStream) single(choice int, texts ...string) {
	for _, txt := range texts {
		ms.e.Deliver(ms.parts(txt, choice, modemtest.Auto, 0)...)
	}
}

// waitInbox waits until the show's inbox holds n texts.
func waitInbox(t *testing.T, s *e2eShow, n int, timeout time.Duration, what string) {
	t.Helper()
	testkit.WaitFor(t, timeout, fmt.Sprintf("%d texts in the inbox (%s)", n, what), func() bool { return len(s.inbox(t)) >= n })
}

func countCommand(e *modemtest.Emulator, cmd string) int {
	n := 0
	for _, c := range e.Commands() {
		if c == cmd {
			n++
		}
	}
	return n
}

// TestE2EModemToServe runs `serve --live --source modem:LINK` in-process on
// an emulated Quectel EC25 at 115200 baud, opened through its
// /dev/serial/by-id style link, and delivers: single texts (GSM 7-bit with
// the extension table, UCS-2), multipart UCS-2 texts with emoji split across
// parts delivered out of order and interleaved, two texts whose +CMTI is
// lost, a modem reset in the middle of reading the SIM, and an unplug with
// texts (and one part of a multipart text) arriving while away, replugged
// under a new name. Each text must be counted once and shown decoded whole.
func TestE2EModemToServe(t *testing.T) {
	start := time.Now()
	dir := t.TempDir()
	e, dev := modemtest.Start(t, modemtest.QuectelEC25, modemtest.WithBaud(115200),
		modemtest.WithByID(filepath.Join(dir, "by-id")))
	laptopDB := filepath.Join(dir, "laptop", "forkcast.db")
	s := startE2EShow(t, "--live", "--source", "modem:"+dev, "--db", laptopDB, "--story", e2eStory(t, dir))
	s.waitSource(t, "modem", vote.HealthOK, testkit.Patience)
	s.openFirstFork(t)
	ms := &modemStream{t: t, e: e, want: map[int]int{}}
	mark := start
	lap := func(what string) {
		t.Logf("%-32s %v", what, time.Since(mark).Round(time.Millisecond))
		mark = time.Now()
	}
	lap("serve up, poll open")

	ms.single(1, "1", "ship", "Ship it! {now}")
	ms.single(2, "2", "wait ^_^ [monday]", "２ 🙏")
	waitInbox(t, s, 6, testkit.Patience, "single texts")
	lap("singles")

	// Two multipart UCS-2 texts, emoji split across parts, parts shuffled and interleaved.
	a := ms.parts("Je vote 2 😴 — lundi matin, café ☕ et déploiement tranquille 🎉", 2, modemtest.UCS2, 5)
	b := ms.parts("1 🚀🚀🚀 ship it, ship it now!! 🔥", 1, modemtest.UCS2, 3) // 🚀 split over parts 1 and 2
	if len(a) < 4 || len(b) < 4 {
		t.Fatalf("multipart texts have %d and %d parts, want 4+", len(a), len(b))
	}
	for _, p := range []string{a[3], b[1], a[0], b[len(b)-1], a[len(a)-1], b[0]} {
		e.Deliver(p)
	}
	for i := len(a) - 2; i >= 1; i-- {
		if i != 3 {
			e.Deliver(a[i])
		}
	}
	for i := 2; i < len(b)-1; i++ {
		e.Deliver(b[i])
	}
	waitInbox(t, s, 8, testkit.Patience, "multipart texts")
	lap("multipart out of order")

	// Lost notifications: the safety-net read finds the texts.
	e.LoseCMTI(2)
	ms.single(2, "wait", "#2")
	waitInbox(t, s, 10, testkit.Patience, "texts whose +CMTI was lost")
	lap("lost +CMTI")

	// A reset while the bridge lists the SIM: set up again, read again.
	inits := countCommand(e, "ATE0")
	e.ResetOn("AT+CMGL")
	ms.single(1, "one", "#ship")
	waitInbox(t, s, 12, testkit.Patience, "texts read across a modem reset")
	if countCommand(e, "ATE0") <= inits {
		t.Errorf("the modem was not set up again: no reset happened (commands %q)", e.Commands())
	}
	lap("reset while listing")

	// Unplug with a multipart text straddling it; back under a new name.
	c := ms.parts("Attendons lundi 🙏 wait 😅 ⏳ vraiment", 2, modemtest.UCS2, 4)
	if len(c) < 3 {
		t.Fatalf("multipart text has %d parts, want 3+", len(c))
	}
	e.Deliver(c[1])
	testkit.WaitFor(t, testkit.Patience, "the first part read off the SIM", func() bool { return len(e.Stored()) == 0 })
	first := e.Path()
	e.Unplug()
	s.waitSource(t, "modem", vote.HealthDown, testkit.Patience)
	e.Deliver(c[0])
	ms.single(1, "yes", "option 1")
	ms.single(2, "Wait until Monday")
	if _, err := e.Replug(); err != nil {
		t.Fatal(err)
	}
	if e.Path() == first {
		t.Fatalf("replugged under the same name %s", first)
	}
	for _, p := range c[2:] {
		e.Deliver(p)
	}
	ms.single(2, "2.")
	waitInbox(t, s, len(ms.sent), testkit.Patience, "texts across an unplug")
	s.waitSource(t, "modem", vote.HealthOK, testkit.Patience)
	lap("unplug, replug as " + e.Path())

	// The bridge deletes a text only after the engine committed it: once the
	// SIM is empty every text read off it went through the engine.
	testkit.WaitFor(t, testkit.Patience, "the SIM emptied", func() bool { return len(e.Stored()) == 0 && e.Held() == 0 })
	checkModemCounts(t, s, ms)
	s.stop(t)
	// Stopped, serve can store nothing more: a late duplicate would be here.
	db := openDB(t, laptopDB)
	if got := strings1(t, db, "SELECT provider_id FROM inbox"); len(got) != len(ms.sent) {
		t.Errorf("inbox holds %d texts after serve stopped, want the %d sent, each once", len(got), len(ms.sent))
	}
	if got := strings1(t, db, "SELECT provider_id FROM inbox WHERE partial <> 0 OR source <> 'modem'"); len(got) > 0 {
		t.Errorf("inbox holds %d partial or foreign texts, want none", len(got))
	}
	t.Logf("%d texts (3 multipart) through a lost +CMTI, a reset and an unplug: %v", len(ms.sent), time.Since(start).Round(time.Millisecond))
}

// checkModemCounts checks the bars and the inbox against what was sent, once
// every text is in the inbox and the SIM is empty.
func checkModemCounts(t *testing.T, s *e2eShow, ms *modemStream) {
	t.Helper()
	st := s.state(t)
	if st.Poll.Total != len(ms.sent) || st.Poll.Invalid != 0 {
		t.Errorf("poll total %d invalid %d, want %d and 0", st.Poll.Total, st.Poll.Invalid, len(ms.sent))
	}
	for _, c := range st.Poll.Choices {
		if c.Count != ms.want[c.Number] {
			t.Errorf("choice %d has %d votes, want %d", c.Number, c.Count, ms.want[c.Number])
		}
	}
	var got []string
	for _, e := range s.inbox(t) {
		got = append(got, e.Text)
		if e.Result != show.ResultCounted {
			t.Errorf("text %q: %s (%s), want counted", e.Text, e.Result, e.Reason)
		}
	}
	if !sameMultiset(got, ms.sent) {
		t.Errorf("inbox texts:\n%s\nwant each of:\n%s", strings.Join(got, "\n"), strings.Join(ms.sent, "\n"))
	}
}
