package cli

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// TestE2EModemOlderTextArrivesLate (issue 20): the modem bridge stamps each
// text with its service-centre time stamp, so a phone's older text read
// after its newer one (delivered late by the network, or listed after it on
// the SIM) is superseded and the newer vote keeps counting.
func TestE2EModemOlderTextArrivesLate(t *testing.T) {
	dir := t.TempDir()
	e, dev := modemtest.Start(t, modemtest.QuectelEC25, modemtest.WithBaud(115200),
		modemtest.WithByID(filepath.Join(dir, "by-id")))
	s := startE2EShow(t, "--live", "--source", "modem:"+dev, "--db", filepath.Join(dir, "laptop", "forkcast.db"),
		"--story", e2eStory(t, dir))
	s.waitSource(t, "modem", vote.HealthOK, 10*time.Second)
	s.openFirstFork(t)
	now := time.Now().Truncate(time.Second)
	deliver := func(phone int, text string, ago time.Duration) []string {
		pdus, err := modemtest.Encode(modemtest.SMS{From: fmt.Sprintf("+1503555%04d", phone), Text: text, Time: now.Add(-ago)})
		if err != nil {
			t.Fatal(err)
		}
		return pdus
	}
	// Phone 1: the newer text first, the older one a moment later.
	e.Deliver(deliver(1, "2 newer", 10*time.Second)...)
	waitInbox(t, s, 1, 10*time.Second, "phone 1's newer text")
	e.Deliver(deliver(1, "1 older", 40*time.Second)...)
	// Phone 2: both on the SIM at once, the newer at the lower index.
	e.Deliver(append(deliver(2, "1 newer", 5*time.Second), deliver(2, "2 older", 30*time.Second)...)...)
	// Phone 3, in order: a change of vote.
	e.Deliver(deliver(3, "1 first", 50*time.Second)...)
	waitInbox(t, s, 5, 10*time.Second, "phones 1-3")
	e.Deliver(deliver(3, "2 second", 20*time.Second)...)
	waitInbox(t, s, 6, 10*time.Second, "phone 3's change")

	want := map[string]string{"2 newer": show.ResultCounted, "1 older": show.ResultSuperseded,
		"1 newer": show.ResultCounted, "2 older": show.ResultSuperseded,
		"1 first": show.ResultCounted, "2 second": show.ResultChanged}
	testkit.Eventually(t, testkit.Patience, "every text judged", func() error {
		got := map[string]string{}
		for _, x := range s.inbox(t) {
			got[x.Text] = x.Result
		}
		for text, r := range want {
			if got[text] != r {
				return fmt.Errorf("text %q: %q, want %q (all: %v)", text, got[text], r, got)
			}
		}
		return nil
	})
	counts := map[int]int{}
	for _, c := range s.state(t).Poll.Choices {
		counts[c.Number] = c.Count
	}
	if counts[1] != 1 || counts[2] != 2 {
		t.Fatalf("counts %v, want 1:1 2:2 (each phone's newest text)", counts)
	}
}
