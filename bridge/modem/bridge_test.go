package modem

import (
	"slices"
	"strings"
	"testing"

	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// TestProfiles receives a mix of texts through each emulated model, with the
// real serial code on a pseudo-terminal: every text arrives once, the SIM is
// emptied, and each model's quirk is met.
func TestProfiles(t *testing.T) {
	texts := []string{"1", "2 👍", "€5 {ok}", strings.Repeat("Choose the security branch please. ", 9)}
	cases := []struct {
		p       modemtest.Profile
		wantCmd string // a command this model needs from the bridge
	}{
		{modemtest.HuaweiE173, "AT^CURC=0"},
		{modemtest.HuaweiE3372, `AT+CPMS="SM"`}, // three-argument form refused
		{modemtest.SIM800, "AT+CNMI=2,1,0,0,0"},
		{modemtest.QuectelEC25, "AT+CNMI=2,1,0,0,0"},
		{modemtest.Wavecom, "AT+CPIN?"}, // answered without OK
	}
	for _, c := range cases {
		t.Run(c.p.Name, func(t *testing.T) {
			t.Parallel()
			e, dev := modemtest.Start(t, c.p, emuOpts(t)...)
			rec := &recorder{}
			r := runBridge(t, fastConfig(t, dev), rec)
			waitHealth(t, r.b, vote.HealthOK)
			for _, txt := range texts {
				if _, err := e.DeliverSMS(modemtest.SMS{From: "+447700900123", Text: txt}); err != nil {
					t.Fatal(err)
				}
			}
			got := rec.waitFor(t, len(texts))
			var gotTexts []string
			for _, m := range got {
				gotTexts = append(gotTexts, m.Text)
				if m.Source != "modem" || m.Sender != "+447700900123" || m.PDU == "" || len(m.ProviderID) != 64 || m.Partial {
					t.Errorf("message %+v: want source modem, the sender, the PDU and a sha256 id", m)
				}
			}
			for _, want := range texts {
				if !slices.Contains(gotTexts, want) {
					t.Errorf("texts %q lack %q", gotTexts, want)
				}
			}
			waitEmpty(t, e)
			if n := len(rec.msgs); n != len(texts) {
				t.Errorf("Ingest saw %d messages, want each of %d once", n, len(texts))
			}
			if !slices.Contains(e.Commands(), c.wantCmd) {
				t.Errorf("commands %q lack %q", e.Commands(), c.wantCmd)
			}
			h := r.b.Health()
			if h.Metrics["model"] == "" || h.Metrics["signal"] != "-77 dBm (good)" || h.Metrics["network"] != "registered (home)" {
				t.Errorf("health metrics %v: want model, signal, network", h.Metrics)
			}
			if h.Received != int64(len(texts)) {
				t.Errorf("health received=%d, want %d", h.Received, len(texts))
			}
		})
	}
}
