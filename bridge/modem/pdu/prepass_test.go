package pdu_test

import (
	"encoding/hex"
	"strings"
	"testing"

	"forkcast/bridge/modem/modemtest"
	"forkcast/bridge/modem/pdu"

	"github.com/warthog618/sms/encoding/tpdu"
)

func fixture(t *testing.T, name string) modemtest.Fixture {
	t.Helper()
	f, err := modemtest.ForeignFixture(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestPrepassDamagedSixteenBitUCS2: with a 16-bit reference the header is 7
// octets, so the UCS-2 characters are the UDL minus 7. A part cut short by an
// odd number of octets is still repaired (half a character dropped), and the
// repair is counted from the characters, not from the UDL.
func TestPrepassDamagedSixteenBitUCS2(t *testing.T) {
	f := fixture(t, "nodepdu-ucs2-16bit-3parts")
	whole := pdu.Decode(f.PDUs[0], -1)
	if len(whole.Fixes) > 0 || whole.Kind != pdu.KindText {
		t.Fatalf("intact part: kind %d fixes %v", whole.Kind, whole.Fixes)
	}
	cut := f.PDUs[0][:len(f.PDUs[0])-2] // one octet short: UDL 133 announced, 132 present
	d := pdu.Decode(cut, -1)
	if d.Kind != pdu.KindText {
		t.Fatalf("cut part: kind=%d err=%v, want a text", d.Kind, d.Err)
	}
	fixes := strings.Join(d.Fixes, ";")
	if !strings.Contains(fixes, "shorter than announced") || !strings.Contains(fixes, "half a UCS-2") {
		t.Errorf("fixes=%v, want the length and the half character repaired", d.Fixes)
	}
	if want := []rune(whole.Text); string(want[:len(want)-1]) != d.Text {
		t.Errorf("text=%q, want the intact part's text less its last character", d.Text)
	}
	if d.Total != 3 || d.Ref != whole.Ref || d.Seq != 1 {
		t.Errorf("concat %d/%d ref %d, want 1/3 ref %d", d.Seq, d.Total, d.Ref, whole.Ref)
	}
}

// TestPrepassCompressedAutoDeletion: DCS 0x60..0x7F (automatic deletion group)
// with bit 5 set is compressed, like 0x20..0x3F: never read as plain text.
func TestPrepassCompressedAutoDeletion(t *testing.T) {
	f := fixture(t, "nodepdu-gsm7")
	b, _ := hex.DecodeString(f.PDUs[0])
	t0 := 1 + int(b[0])
	dcsAt := t0 + 1 + 2 + (int(b[t0+1])+1)/2 + 1 // first octet, address, PID
	for _, dcs := range []byte{0x20, 0x60, 0x64} {
		c := append([]byte(nil), b...)
		c[dcsAt] = dcs
		if d := pdu.Decode(hex.EncodeToString(c), -1); d.Kind != pdu.KindBad || !strings.Contains(d.Err.Error(), "compressed") {
			t.Errorf("DCS %02X: kind=%d err=%v, want kept raw as compressed", dcs, d.Kind, d.Err)
		}
	}
	b[dcsAt] = 0x40 // automatic deletion, uncompressed GSM 7-bit: a text
	if d := pdu.Decode(hex.EncodeToString(b), -1); d.Kind != pdu.KindText || d.Text != f.Text {
		t.Errorf("DCS 40: kind=%d text=%q err=%v, want %q", d.Kind, d.Text, d.Err, f.Text)
	}
}

// TestNationalShiftIEs checks the FACTS.md note on warthog618/sms v0.3.0: its
// DecodeUserData looks for the national language elements under IEIs 24 and
// 25 decimal, not 0x24 and 0x25, so even with every table enabled it reads a
// Turkish text with the default tables. The bridge reads the elements itself
// and gets the text right.
func TestNationalShiftIEs(t *testing.T) {
	for _, name := range []string{"nodepdu-turkish-single-shift", "nodepdu-turkish-locking-shift"} {
		f := fixture(t, name)
		b, _ := hex.DecodeString(f.PDUs[0])
		p := tpdu.TPDU{Direction: tpdu.MT}
		if err := p.UnmarshalBinary(b[1+int(b[0]):]); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		lib, err := tpdu.DecodeUserData(p.UD, p.UDH, tpdu.Alpha7Bit, tpdu.WithAllCharsets)
		if err != nil {
			t.Fatalf("%s: library decode: %v", name, err)
		}
		if string(lib) == f.Text {
			t.Errorf("%s: warthog618/sms now decodes national tables (%q): the bridge's own lookup may go", name, lib)
		}
		if got := pdu.Decode(f.PDUs[0], -1).Text; got != f.Text {
			t.Errorf("%s: text=%q, want %q (library alone: %q)", name, got, f.Text, lib)
		}
	}
}

// TestSixteenBitReferenceKeptApart: an 8-bit and a 16-bit reference with the
// same number from the same sender are two texts, not one.
func TestSixteenBitReferenceKeptApart(t *testing.T) {
	a := pdu.Decode(fixture(t, "aosp-multipart-8bit").PDUs[0], -1)
	b := pdu.Decode(fixture(t, "nodepdu-gsm7-16bit-2parts").PDUs[0], -1)
	if a.Ref>>16 != 0 || b.Ref>>16 != 1 {
		t.Errorf("refs %#x (8-bit) and %#x (16-bit): want bit 16 set only on the 16-bit one", a.Ref, b.Ref)
	}
}
