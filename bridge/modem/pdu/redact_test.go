package pdu_test

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"forkcast/bridge/modem/modemtest"
	"forkcast/bridge/modem/pdu"
)

// TestRedactForeign masks the number in every foreign fixture's PDUs (made by
// encoders Forkcast did not write), as printed with their SMSC address and
// without it: the redacted PDU still decodes to the same kind and text, its
// address keeps at most the last four digits, and none of the hidden digits
// are left in it. A name (alphanumeric sender) stays.
func TestRedactForeign(t *testing.T) {
	for _, f := range modemtest.ForeignFixtures() {
		for _, bare := range []bool{false, true} {
			pdus := f.PDUs
			if bare {
				pdus = nil
				for _, p := range f.PDUs {
					b, _ := hex.DecodeString(p)
					pdus = append(pdus, strings.ToUpper(hex.EncodeToString(b[1+int(b[0]):])))
				}
			}
			t.Run(fmt.Sprintf("%s/bare=%v", f.Name, bare), func(t *testing.T) {
				checkRedacted(t, pdus, bare)
			})
		}
	}
}

// checkRedacted redacts pdus and checks what TestRedactForeign says.
func checkRedacted(t *testing.T, pdus []string, bare bool) {
	t.Helper()
	got, err := pdu.Redact(strings.Join(pdus, " "))
	if err != nil {
		t.Fatalf("redact: %v", err)
	}
	parts := strings.Fields(got)
	if len(parts) != len(pdus) {
		t.Fatalf("%d PDUs after redaction, want %d", len(parts), len(pdus))
	}
	for i, r := range parts {
		length := -1
		if bare {
			length = len(r) / 2
		}
		before, after := pdu.Decode(pdus[i], length), pdu.Decode(r, length)
		if after.Kind != before.Kind || after.Text != before.Text {
			t.Errorf("part %d: kind %d text %q after, want kind %d text %q", i+1, after.Kind, after.Text, before.Kind, before.Text)
		}
		num := strings.TrimPrefix(before.Sender, "+")
		if strings.Trim(num, "0123456789*#abc") != "" { // letters a semi-octet cannot hold: a name
			if after.Sender != before.Sender {
				t.Errorf("part %d: name %q became %q", i+1, before.Sender, after.Sender)
			}
			continue
		}
		keep := min(4, len(num)/2)
		wantTail := num[len(num)-keep:]
		shown := strings.TrimPrefix(after.Sender, "+")
		if len(shown) != len(num) || shown[len(num)-keep:] != wantTail || strings.Trim(shown[:len(num)-keep], "*") != "" {
			t.Errorf("part %d: sender %q redacted to %q, want %d stars then %q", i+1, before.Sender, after.Sender, len(num)-keep, wantTail)
		}
		if len(num) >= 8 && strings.Contains(r, swapped(num[:len(num)-keep])) {
			t.Errorf("part %d: the hidden digits %s are still in %s", i+1, num[:len(num)-keep], r)
		}
	}
}

// swapped is digits as the address field holds them: each pair's two
// semi-octets swapped.
func swapped(digits string) string {
	b := []byte(digits[:len(digits)&^1])
	for i := 0; i+1 < len(b); i += 2 {
		b[i], b[i+1] = b[i+1], b[i]
	}
	return string(b)
}

// TestRedactRefuses: what holds no findable address is refused, so the export
// leaves the PDU out instead of guessing which octets are a number.
func TestRedactRefuses(t *testing.T) {
	for _, raw := range []string{"", "ZZ", "07", "0791447700900123", "07914477009001230414", "079144770090012304"} {
		if got, err := pdu.Redact(raw); err == nil {
			t.Errorf("Redact(%q) = %q, want an error", raw, got)
		}
	}
}

// FuzzRedact: masking the number never panics, keeps the number of PDUs, and
// a PDU that decoded as it stood (with its SMSC address, or else without one)
// decodes the same way after to the same kind, text and parts.
// Seeds: every foreign fixture (testdata/fuzz/FuzzRedact).
func FuzzRedact(f *testing.F) {
	f.Add("07914151551512F2040B916105551511F100006060605130308A04D4F29C0E")
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := pdu.Redact(raw)
		if err != nil {
			return
		}
		before, after := strings.Fields(raw), strings.Fields(got)
		if len(after) != len(before) {
			t.Fatalf("%d PDUs became %d", len(before), len(after))
		}
		for i := range before {
			length := -1
			b := pdu.Decode(before[i], length)
			if b.Kind == pdu.KindBad || len(b.Fixes) > 0 {
				length = len(after[i]) / 2
				if b = pdu.Decode(before[i], length); b.Kind == pdu.KindBad || len(b.Fixes) != 1 || b.Fixes[0] != "no SMSC address" {
					continue // decodes only after repairs: where its number is, is a guess
				}
			}
			a := pdu.Decode(after[i], length)
			if a.Kind != b.Kind || a.Text != b.Text || a.Total != b.Total || a.Seq != b.Seq {
				t.Fatalf("part %d: kind %d %q %d/%d became kind %d %q %d/%d", i+1, b.Kind, b.Text, b.Seq, b.Total,
					a.Kind, a.Text, a.Seq, a.Total)
			}
		}
	})
}
