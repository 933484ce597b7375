package pdu_test

import (
	"bytes"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"forkcast/bridge/modem/modemtest"
	"forkcast/bridge/modem/pdu"
)

// kinds maps a fixture's kind to the decoder's. A "part" is one part of a
// long text whose other parts the capture does not hold.
var kinds = map[string]pdu.Kind{"text": pdu.KindText, "part": pdu.KindText, "submit": pdu.KindSubmit,
	"report": pdu.KindReport, "port": pdu.KindPort}

// tpduLength is the length a modem announces in +CMGL/+CMGR: the PDU without
// its SMSC address.
func tpduLength(t *testing.T, raw string) int {
	t.Helper()
	b, err := hex.DecodeString(raw)
	if err != nil || len(b) == 0 {
		t.Fatalf("fixture PDU %q is not hex: %v", raw, err)
	}
	return len(b) - 1 - int(b[0])
}

// TestForeignFixtures decodes every PDU made by an encoder Forkcast did not
// write (modemtest/foreign: node-pdu, pdu.ts, real captures) and checks the
// exact text, sender and time. Parts are fed in reverse and in rotated order
// and reassembled by the same code the bridge uses; none may need a repair,
// none may be kept raw.
func TestForeignFixtures(t *testing.T) {
	fixtures := modemtest.ForeignFixtures()
	if len(fixtures) < 20 {
		t.Fatalf("%d fixtures, want the whole corpus (at least 20)", len(fixtures))
	}
	encoders := map[string]bool{}
	for _, f := range fixtures {
		encoders[strings.Fields(f.Encoder)[0]] = true
		t.Run(f.Name, func(t *testing.T) {
			t.Logf("encoder: %s | form: %s | text: %q", f.Encoder, f.Form, f.Text)
			want, ok := kinds[f.Kind]
			if !ok {
				t.Fatalf("unknown kind %q", f.Kind)
			}
			sent, err := f.SentTime()
			if err != nil {
				t.Fatalf("fixture time: %v", err)
			}
			for _, order := range orders(len(f.PDUs)) {
				var ds []pdu.Decoded
				for _, i := range order {
					raw := f.PDUs[i]
					for _, length := range []int{-1, tpduLength(t, raw)} {
						d := pdu.Decode(raw, length)
						if d.Kind != want || d.Err != nil {
							t.Fatalf("part %d (length %d): kind=%d err=%v, want kind %d", i+1, length, d.Kind, d.Err, want)
						}
						if len(d.Fixes) > 0 {
							t.Fatalf("part %d: repaired %v: a valid PDU must decode as it stands", i+1, d.Fixes)
						}
						if d.Sender != f.Sender {
							t.Errorf("part %d: sender=%q, want %q", i+1, d.Sender, f.Sender)
						}
						if f.Kind == "part" && (d.Total < 2 || d.Seq < 1 || d.Seq > d.Total) {
							t.Fatalf("part %d of %d, want one part of a longer text", d.Seq, d.Total)
						}
						if len(f.PDUs) > 1 && want != pdu.KindPort && (d.Total != len(f.PDUs) || d.Seq < 1) {
							t.Fatalf("part %d: part %d of %d, want one of %d", i+1, d.Seq, d.Total, len(f.PDUs))
						}
						if d.Seq == 1 && !sent.IsZero() && !d.SCTS.Equal(sent) {
							t.Errorf("SCTS=%v, want %v", d.SCTS, sent)
						}
					}
					ds = append(ds, pdu.Decode(raw, -1))
				}
				if got := textOf(t, f, ds); want != pdu.KindPort && want != pdu.KindReport && got != f.Text {
					t.Errorf("order %v: text=%q\nwant %q", order, got, f.Text)
				}
			}
		})
	}
	for _, e := range []string{"node-pdu", "pdu.ts", "umts-tools", "real"} {
		if !encoders[e] {
			t.Errorf("no fixture from %s: the corpus must keep at least two independent encoders and real captures", e)
		}
	}
}

// orders returns the arrival orders to try: as made, reversed, and rotated by one.
func orders(n int) [][]int {
	asMade := make([]int, n)
	for i := range asMade {
		asMade[i] = i
	}
	rev := slices.Clone(asMade)
	slices.Reverse(rev)
	rot := append(slices.Clone(asMade[1:]), asMade[0])
	return [][]int{asMade, rev, rot}
}

// textOf joins decoded parts: texts through pdu.Assemble, as the bridge
// does; submits (never assembled by the bridge) by their part numbers.
func textOf(t *testing.T, f modemtest.Fixture, ds []pdu.Decoded) string {
	t.Helper()
	if len(ds) == 1 {
		return ds[0].Text
	}
	if f.Kind != "text" {
		ordered := make([]pdu.Decoded, len(ds))
		for _, d := range ds {
			ordered[d.Seq-1] = d
		}
		return pdu.Join(ordered)
	}
	now := time.Date(2026, 5, 1, 20, 0, 0, 0, time.UTC)
	var parts []pdu.Part
	for _, d := range ds {
		parts = append(parts, pdu.Part{Hash: d.Hash, Group: pdu.GroupKey(d.Sender, d.Ref, d.Total), Seq: d.Seq,
			Total: d.Total, PDU: d.Raw, Length: -1, Seen: now})
	}
	got := pdu.Assemble(parts, now, time.Minute, func(string) time.Time { return time.Time{} })
	if len(got) != 1 || got[0].Partial {
		t.Fatalf("assembled %d texts (%+v), want one complete", len(got), got)
	}
	if got[0].Sender != f.Sender {
		t.Errorf("assembled sender=%q, want %q", got[0].Sender, f.Sender)
	}
	return got[0].Text
}

// TestRepairLeavesValidPDUs is the pre-pass's property: run on a valid PDU
// (every fixture), each repair leaves the TPDU byte for byte as it was and
// reports nothing. The decoder only runs the pre-pass after the strict decode
// failed; this checks the repairs would be harmless even if it did not.
func TestRepairLeavesValidPDUs(t *testing.T) {
	for _, f := range modemtest.ForeignFixtures() {
		if f.Kind == "report" {
			continue // the pre-pass only touches texts and submits
		}
		for i, raw := range f.PDUs {
			before, after, fixes, err := pdu.RepairForTest(raw)
			if err != nil {
				t.Errorf("%s part %d: %v", f.Name, i+1, err)
				continue
			}
			if !bytes.Equal(before, after) || len(fixes) > 0 {
				t.Errorf("%s part %d: the pre-pass changed a valid PDU (%v)\n before %X\n after  %X", f.Name, i+1, fixes, before, after)
			}
		}
	}
}
