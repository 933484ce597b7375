package pdu

import (
	"testing"
	"unicode/utf8"
)

// FuzzDecodePDU: the lenient decoder never panics, always keeps the raw PDU
// and its hash, and reports why when it cannot decode.
func FuzzDecodePDU(f *testing.F) {
	for _, s := range []string{
		"07911326040000F0040B911346610089F60000208062917314080CC8329BFD065DDF72363904",
		"07914487200030230406D04F59040000601191806243009F4F990E947DD741EEF71D84\"",
		"07914336120011F10404A14949000021807001253040356C76B81D268741F0B29C9C2687",
		"07915892200613F4000781056317F000007070900145000077C6B71C947FD7E5A072785E",
		"0791447700900123440B914477009001F20004623012210000000B0605040B8423F001020304",
		"07914477009000F006040B911346610089F6313031218423403130312184234000",
		"0041000b817777777777f700005d060504157800004de1135b851283",
		"00FFFFFFFFFFFF", "", "0", "07", "079144", "ZZ",
	} {
		f.Add(s, -1)
	}
	f.Fuzz(func(t *testing.T, raw string, length int) {
		d := Decode(raw, length)
		if d.Raw != raw || d.Hash != Hash(raw) {
			t.Fatalf("raw or hash not kept")
		}
		switch d.Kind {
		case KindBad:
			if d.Err == nil {
				t.Fatalf("KindBad without an error")
			}
		case KindText:
			if d.tp == nil {
				t.Fatalf("a text without its TPDU")
			}
			if d.Seq < 1 || d.Seq > d.Total {
				t.Fatalf("part %d of %d", d.Seq, d.Total)
			}
			if a, _ := d.tp.Alphabet(); a != 1 && !utf8.ValidString(d.Text) { // 8-bit data stays raw
				t.Fatalf("invalid UTF-8 from a 7-bit or UCS-2 text: %q", d.Text)
			}
		}
		if again := Decode(raw, length); again.Kind != d.Kind || again.Text != d.Text {
			t.Fatalf("decoding is not deterministic")
		}
	})
}
