package pdu_test

import (
	"strings"
	"testing"
	"time"

	"forkcast/bridge/modem/modemtest"
	"forkcast/bridge/modem/pdu"

	"github.com/warthog618/sms/encoding/gsm7/charset"
)

// encode returns the PDUs of s, failing t when it cannot be encoded.
func encode(t *testing.T, s modemtest.SMS) []string {
	t.Helper()
	pdus, err := modemtest.Encode(s)
	if err != nil {
		t.Fatalf("encode %+v: %v", s, err)
	}
	return pdus
}

// decodeAll decodes parts (in any order) and reassembles them.
func decodeAll(t *testing.T, pdus []string) (string, []pdu.Decoded) {
	t.Helper()
	var ds []pdu.Decoded
	for _, p := range pdus {
		d := pdu.Decode(p, -1)
		if d.Kind != pdu.KindText {
			t.Fatalf("decode %s: kind %d err %v", p, d.Kind, d.Err)
		}
		ds = append(ds, d)
	}
	ordered := make([]pdu.Decoded, len(ds))
	for _, d := range ds {
		ordered[d.Seq-1] = d
	}
	return pdu.Join(ordered), ds
}

func TestDecodeEncodings(t *testing.T) {
	sent := time.Date(2026, 3, 14, 15, 9, 26, 0, time.FixedZone("", 3600))
	long := strings.Repeat("Fork the talk! ", 30)
	cases := []struct {
		name  string
		sms   modemtest.SMS
		parts int
	}{
		{"gsm 7-bit", modemtest.SMS{Text: "Vote 2 please @ £5"}, 1},
		{"extension table", modemtest.SMS{Text: "€10 [a] {b} ~c^ |d| \\e"}, 1},
		{"ucs2 emoji", modemtest.SMS{Text: "2 👍 ça va ✓"}, 1},
		{"forced ucs2", modemtest.SMS{Text: "1", Encoding: modemtest.UCS2}, 1},
		{"8-bit", modemtest.SMS{Text: "raw bytes", Encoding: modemtest.Bit8}, 1},
		{"turkish single shift", modemtest.SMS{Text: "Şimdi oy ver: ğüş", NLI: charset.Turkish}, 1},
		{"turkish locking and shift", modemtest.SMS{Text: "İyi günler ĞŞ", NLI: charset.Turkish, Locking: true}, 1},
		{"portuguese shift", modemtest.SMS{Text: "Ação: vote já ê", NLI: charset.Portuguese}, 1},
		{"spanish shift", modemtest.SMS{Text: "¿Qué? ñ á í ó ú", NLI: charset.Spanish}, 1},
		{"multipart gsm", modemtest.SMS{Text: long}, 3},
		{"multipart 16-bit reference", modemtest.SMS{Text: long, Ref: 0x1234, Ref16: true}, 3},
		{"multipart ucs2, emoji split across parts", modemtest.SMS{Text: "ab😀cd🎉ef", Encoding: modemtest.UCS2, PartUnits: 3}, 4},
		{"alphanumeric sender", modemtest.SMS{From: "Forkcast", Text: "hi"}, 1},
		{"national number", modemtest.SMS{From: "07700900123", Text: "3"}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.sms.From == "" {
				c.sms.From = "+447700900123"
			}
			c.sms.Time = sent
			pdus := encode(t, c.sms)
			if len(pdus) != c.parts {
				t.Fatalf("%d parts, want %d", len(pdus), c.parts)
			}
			// Feed the parts backwards: arrival order must not matter.
			for i, j := 0, len(pdus)-1; i < j; i, j = i+1, j-1 {
				pdus[i], pdus[j] = pdus[j], pdus[i]
			}
			text, ds := decodeAll(t, pdus)
			if text != c.sms.Text {
				t.Errorf("text=%q, want %q", text, c.sms.Text)
			}
			if ds[0].Sender != c.sms.From {
				t.Errorf("sender=%q, want %q", ds[0].Sender, c.sms.From)
			}
			if !ds[0].SCTS.Equal(sent) {
				t.Errorf("SCTS=%v, want %v", ds[0].SCTS, sent)
			}
			if c.parts > 1 && (ds[0].Total != c.parts || ds[0].Ref == 0) {
				t.Errorf("concat total=%d ref=%d, want %d parts and a reference", ds[0].Total, ds[0].Ref, c.parts)
			}
		})
	}
}

// TestDecodeLenient covers the repairs real modems need, and the PDUs that
// cannot be saved: those come back as pdu.KindBad with the raw text kept.
func TestDecodeLenient(t *testing.T) {
	good := encode(t, modemtest.SMS{From: "+15550101", Text: "hello"})[0]
	ucs := encode(t, modemtest.SMS{From: "+15550101", Text: "hé", Encoding: modemtest.UCS2})[0]
	cases := []struct {
		name string
		pdu  string
		kind pdu.Kind
		text string
		fix  string
	}{
		{"clean", good, pdu.KindText, "hello", ""},
		{"lower case", strings.ToLower(good), pdu.KindText, "hello", ""},
		{"trailing quote", good + `"`, pdu.KindText, "hello", "stripped quotes"},
		{"ff padding", good + "FFFFFFFF", pdu.KindText, "hello", "dropped padding"},
		{"udl longer than data", good[:len(good)-2], pdu.KindText, "hell", "shorter than announced"},
		{"dangling nibble", good + "F", pdu.KindText, "hello", "dangling hex digit"},
		{"odd ucs2", ucs[:len(ucs)-2], pdu.KindText, "h", "half a UCS-2"},
		{"not hex", "07914477=09p", pdu.KindBad, "", ""},
		{"empty", "", pdu.KindBad, "", ""},
		{"only smsc", "0791447700900123", pdu.KindBad, "", ""},
		{"truncated header", good[:24], pdu.KindBad, "", ""},
		{"status report", "07914477009000F006040B911346610089F6313031218423403130312184234000", pdu.KindReport, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := pdu.Decode(c.pdu, -1)
			if d.Kind != c.kind {
				t.Fatalf("kind=%d (err %v), want %d", d.Kind, d.Err, c.kind)
			}
			if d.Raw != c.pdu || d.Hash != pdu.Hash(c.pdu) {
				t.Errorf("raw or hash not kept")
			}
			if d.Text != c.text {
				t.Errorf("text=%q, want %q", d.Text, c.text)
			}
			if c.fix != "" && !strings.Contains(strings.Join(d.Fixes, ";"), c.fix) {
				t.Errorf("fixes=%v, want %q", d.Fixes, c.fix)
			}
			if c.kind == pdu.KindBad && d.Err == nil {
				t.Errorf("no error for a bad PDU")
			}
		})
	}
}

func TestDecodeWAPPush(t *testing.T) {
	// An SMS-DELIVER with an application port header (IE 5: port 2948, WAP push).
	raw := "0791447700900123" + "44" + "0B914477009001F2" + "00" + "04" + "62301221000000" + "0B" + "0605040B8423F0" + "01020304"
	if d := pdu.Decode(raw, -1); d.Kind != pdu.KindPort {
		t.Errorf("kind=%d err=%v, want KindPort", d.Kind, d.Err)
	}
}

func TestPDUHashIgnoresCase(t *testing.T) {
	if pdu.Hash("0791ab") != pdu.Hash(" 0791AB ") {
		t.Errorf("hash differs by case or spaces")
	}
	if pdu.Hash("0791AB") == pdu.Hash("0791AC") {
		t.Errorf("different PDUs share a hash")
	}
}

func TestAssemble(t *testing.T) {
	now := time.Date(2026, 5, 1, 20, 0, 0, 0, time.UTC)
	pdus := encode(t, modemtest.SMS{From: "+15550102", Text: strings.Repeat("x", 300), Ref: 7})
	part := func(i int, seen time.Time) pdu.Part {
		d := pdu.Decode(pdus[i], -1)
		return pdu.Part{Hash: d.Hash, Group: pdu.GroupKey(d.Sender, d.Ref, d.Total), Seq: d.Seq, Total: d.Total,
			PDU: pdus[i], Length: -1, Seen: seen}
	}
	never := func(string) time.Time { return time.Time{} }
	recently := func(string) time.Time { return now.Add(-time.Minute) }
	cases := []struct {
		name    string
		parts   []pdu.Part
		last    func(string) time.Time
		n       int
		partial bool
		text    string
	}{
		{"complete out of order", []pdu.Part{part(1, now), part(0, now)}, never, 1, false, strings.Repeat("x", 300)},
		{"duplicate part", []pdu.Part{part(0, now), part(1, now), part(1, now.Add(time.Second))}, never, 1, false, strings.Repeat("x", 300)},
		{"missing part waits", []pdu.Part{part(1, now.Add(-time.Second))}, never, 0, false, ""},
		{"missing part times out", []pdu.Part{part(1, now.Add(-91*time.Second))}, never, 1, true, strings.Repeat("x", 147)},
		{"straggler after a partial delivery", []pdu.Part{part(0, now)}, recently, 1, true, strings.Repeat("x", 153)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := pdu.Assemble(c.parts, now, 90*time.Second, c.last)
			if len(got) != c.n {
				t.Fatalf("%d texts, want %d", len(got), c.n)
			}
			if c.n == 0 {
				return
			}
			a := got[0]
			if a.Partial != c.partial || a.Text != c.text || a.Sender != "+15550102" {
				t.Errorf("partial=%v text=%d chars sender=%q, want partial=%v %d chars", a.Partial, len(a.Text), a.Sender, c.partial, len(c.text))
			}
			if len(a.Hashes) != len(c.parts) {
				t.Errorf("used %d parts, want all %d (duplicates too)", len(a.Hashes), len(c.parts))
			}
		})
	}
	// The identity of a text is its parts' PDUs in order, whatever the arrival order.
	a := pdu.Assemble([]pdu.Part{part(0, now), part(1, now)}, now, time.Minute, never)
	b := pdu.Assemble([]pdu.Part{part(1, now), part(0, now)}, now, time.Minute, never)
	if a[0].ProviderID != b[0].ProviderID {
		t.Errorf("provider id depends on arrival order")
	}
}
