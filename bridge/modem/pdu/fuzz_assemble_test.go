package pdu_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"forkcast/bridge/modem/pdu"
)

// FuzzAssemble: any set of stored parts (space-separated PDUs, in any order,
// duplicates allowed) reassembles without a panic, uses up every part it
// groups, and gives valid UTF-8 unless a part is 8-bit data. Seeds: every
// multi-part foreign fixture, parts reversed (testdata/fuzz/FuzzAssemble).
func FuzzAssemble(f *testing.F) {
	f.Add("")
	f.Fuzz(func(t *testing.T, joined string) {
		now := time.Date(2026, 5, 1, 20, 0, 0, 0, time.UTC)
		var parts []pdu.Part
		bit8 := false
		for i, raw := range strings.Fields(joined) {
			d := pdu.Decode(raw, -1)
			if d.Kind != pdu.KindText || d.Total < 2 {
				continue
			}
			bit8 = bit8 || !utf8.ValidString(d.Text)
			parts = append(parts, pdu.Part{Hash: d.Hash, Group: pdu.GroupKey(d.Sender, d.Ref, d.Total), Seq: d.Seq,
				Total: d.Total, PDU: raw, Length: -1, Seen: now.Add(time.Duration(i) * time.Second)})
		}
		used := 0
		for _, a := range pdu.Assemble(parts, now.Add(time.Hour), time.Minute, func(string) time.Time { return time.Time{} }) {
			used += len(a.Hashes)
			if a.ProviderID == "" || a.PDU == "" {
				t.Fatalf("assembled text without identity: %+v", a)
			}
			if !bit8 && !utf8.ValidString(a.Text) {
				t.Fatalf("invalid UTF-8 from 7-bit or UCS-2 parts: %q", a.Text)
			}
		}
		if used != len(parts) {
			t.Fatalf("used %d of %d parts: every part is delivered once its time is up", used, len(parts))
		}
	})
}
