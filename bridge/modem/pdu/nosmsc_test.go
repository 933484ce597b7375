package pdu_test

import (
	"encoding/hex"
	"strings"
	"testing"

	"forkcast/bridge/modem/modemtest"
	"forkcast/bridge/modem/pdu"
)

// TestForeignWithoutSMSC: some modems print the TPDU alone, with no SMSC
// address before it, and announce its length. Every foreign PDU printed that
// way decodes to the same kind, sender, text and part as with its SMSC.
func TestForeignWithoutSMSC(t *testing.T) {
	for _, f := range modemtest.ForeignFixtures() {
		for i, raw := range f.PDUs {
			b, err := hex.DecodeString(raw)
			if err != nil {
				t.Fatal(err)
			}
			tpdu := b[1+int(b[0]):]
			bare := strings.ToUpper(hex.EncodeToString(tpdu))
			want, got := pdu.Decode(raw, -1), pdu.Decode(bare, len(tpdu))
			if got.Kind != want.Kind || got.Sender != want.Sender || got.Text != want.Text || got.Seq != want.Seq || got.Total != want.Total {
				t.Errorf("%s part %d without SMSC: kind %d %q %q %d/%d (err %v, fixes %v), want kind %d %q %q %d/%d",
					f.Name, i+1, got.Kind, got.Sender, got.Text, got.Seq, got.Total, got.Err, got.Fixes,
					want.Kind, want.Sender, want.Text, want.Seq, want.Total)
			}
		}
	}
}
