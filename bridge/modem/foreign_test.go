package modem

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// TestForeignFixturesEveryProfile: each emulated model (and one that prints
// PDUs without their SMSC address) hands over every PDU made by an encoder
// Forkcast did not write (node-pdu, pdu.ts, umts-tools, real captures),
// as it stands and not re-encoded, long texts in reverse order with one part
// delivered twice. Every text reaches the sink exactly once with its exact
// text and sender; SMS-SUBMITs arrive raw and marked unreadable; status
// reports and WAP pushes are deleted and counted as ignored; the SIM ends empty.
func TestForeignFixturesEveryProfile(t *testing.T) {
	fixtures := modemtest.ForeignFixtures()
	wantTexts := map[[2]string]int{} // {sender, text}: how many
	nTexts, wantRaw, wantIgnored := 0, 0, 0
	fixtures = slices.DeleteFunc(fixtures, func(f modemtest.Fixture) bool {
		return f.Kind == "part" // a lone part waits for the rest: the parts tests cover it
	})
	for _, f := range fixtures {
		delivered := len(f.PDUs)
		if delivered > 1 {
			delivered++ // one part twice
		}
		switch f.Kind {
		case "text":
			wantTexts[[2]string{f.Sender, f.Text}]++
			nTexts++
		case "submit":
			wantRaw += len(f.PDUs) // the copy is recognised by its hash
		default:
			wantIgnored += delivered
		}
	}
	for _, name := range []string{"huawei-e173", "huawei-e3372", "sim800", "quectel-ec25", "wavecom", "sim800-no-smsc"} {
		t.Run(name, func(t *testing.T) {
			p, err := modemtest.ProfileByName(strings.TrimSuffix(name, "-no-smsc"))
			if err != nil {
				t.Fatal(err)
			}
			p.NoSMSC = strings.HasSuffix(name, "-no-smsc") // prints each TPDU alone, with its length
			e, link := modemtest.Start(t, p, emuOpts(t)...)
			cfg := fastConfig(t, link)
			cfg.PartsStore = openStore(t, filepath.Join(t.TempDir(), "parts.db"))
			cfg.PartsTimeout = time.Minute // a missing part would show as a wait, not as a partial text
			sink := &recorder{}
			r := runBridge(t, cfg, sink)
			waitHealth(t, r.b, vote.HealthOK)
			for _, f := range fixtures {
				order := make([]int, len(f.PDUs))
				for i := range order {
					order[i] = len(f.PDUs) - 1 - i
				}
				if len(order) > 1 {
					order = append(order, order[0]) // a duplicated part
				}
				e.DeliverFixture(f, order...)
			}
			got := sink.waitFor(t, nTexts+wantRaw)
			waitEmpty(t, e)
			seen, raw := map[[2]string]int{}, 0
			for _, m := range got {
				if m.Unreadable {
					raw++
					if m.Text != "" || m.Sender != "" || m.PDU == "" {
						t.Errorf("raw message %+v: want no text, no sender, the PDU kept", m)
					}
					continue
				}
				k := [2]string{m.Sender, m.Text}
				seen[k]++
				if seen[k] > wantTexts[k] || m.Partial {
					t.Errorf("unexpected text (or one too many, or partial=%v) from %q: %q", m.Partial, m.Sender, m.Text)
				}
			}
			for k, n := range wantTexts {
				if seen[k] != n {
					t.Errorf("from %q: %q arrived %d times, want %d", k[0], k[1], seen[k], n)
				}
			}
			if raw != wantRaw {
				t.Errorf("%d raw, want %d", raw, wantRaw)
			}
			testkit.Eventually(t, testkit.Patience, fmt.Sprintf("%d ignored (status reports and WAP pushes)", wantIgnored), func() error {
				if got := r.b.health.facts().Ignored; got != int64(wantIgnored) {
					return fmt.Errorf("ignored=%d", got)
				}
				return nil
			})
		})
	}
}

// TestForeignPartsAcrossRestarts: the text (UCS-2, 16-bit reference,
// three parts, an emoji in the last) arrives part 1, then a modem reset, part
// 3, then a bridge restart on the same parts store, part 2: one complete text.
func TestForeignPartsAcrossRestarts(t *testing.T) {
	f, err := modemtest.ForeignFixture("nodepdu-ucs2-16bit-3parts")
	if err != nil {
		t.Fatal(err)
	}
	e, link := modemtest.Start(t, modemtest.QuectelEC25, emuOpts(t)...)
	cfg := fastConfig(t, link)
	cfg.PartsStore = openStore(t, filepath.Join(t.TempDir(), "parts.db"))
	cfg.PartsTimeout = time.Minute
	sink := &recorder{}
	r := runBridge(t, cfg, sink)
	waitHealth(t, r.b, vote.HealthOK)
	waitParts := func(n int) {
		t.Helper()
		testkit.Eventually(t, testkit.Patience, fmt.Sprintf("%d parts stored and the SIM empty", n), func() error {
			parts, err := cfg.PartsStore.Pending(t.Context())
			if err != nil {
				return err
			}
			if len(parts) != n || len(e.Stored()) != 0 {
				return fmt.Errorf("%d parts stored, %d on the SIM", len(parts), len(e.Stored()))
			}
			return nil
		})
	}

	e.DeliverFixture(f, 0)
	waitParts(1)
	e.Reset()
	e.DeliverFixture(f, 2)
	waitParts(2)
	r.stop(t)
	r2 := runBridge(t, cfg, sink)
	waitHealth(t, r2.b, vote.HealthOK)
	e.DeliverFixture(f, 1)
	got := sink.waitFor(t, 1)
	if len(got) != 1 || got[0].Text != f.Text || got[0].Partial || got[0].Sender != f.Sender {
		t.Fatalf("got %+v\nwant one complete text %q from %s", got, f.Text, f.Sender)
	}
	if !strings.HasSuffix(got[0].Text, "🎉") || slices.Contains([]rune(got[0].Text), '\uFFFD') {
		t.Errorf("the emoji in the last part did not survive: %q", got[0].Text)
	}
}

// TestForeignLonePart: a real network's part 1 of 8 (Gammu's capture), whose
// other parts never come, is stored, then delivered after the parts timeout
// as what it is: its own text, from its sender, marked partial; the SIM ends
// empty.
func TestForeignLonePart(t *testing.T) {
	f, err := modemtest.ForeignFixture("gammu-part-1-of-8")
	if err != nil {
		t.Fatal(err)
	}
	e, link := modemtest.Start(t, modemtest.HuaweiE173, emuOpts(t)...)
	cfg := fastConfig(t, link)
	cfg.PartsStore = openStore(t, filepath.Join(t.TempDir(), "parts.db"))
	cfg.PartsTimeout = time.Second
	sink := &recorder{}
	r := runBridge(t, cfg, sink)
	waitHealth(t, r.b, vote.HealthOK)
	e.DeliverFixture(f)
	got := sink.waitFor(t, 1)
	if len(got) != 1 || got[0].Text != f.Text || !got[0].Partial || got[0].Sender != f.Sender || got[0].Unreadable {
		t.Fatalf("got %+v\nwant %q from %s marked partial", got, f.Text, f.Sender)
	}
	waitEmpty(t, e)
}
