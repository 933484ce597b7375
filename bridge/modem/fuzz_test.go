package modem

import (
	"bytes"
	"reflect"
	"strings"
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
		d := decodePDU(raw, length)
		if d.Raw != raw || d.Hash != pduHash(raw) {
			t.Fatalf("raw or hash not kept")
		}
		switch d.Kind {
		case kindBad:
			if d.Err == nil {
				t.Fatalf("kindBad without an error")
			}
		case kindText:
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
		if again := decodePDU(raw, length); again.Kind != d.Kind || again.Text != d.Text {
			t.Fatalf("decoding is not deterministic")
		}
	})
}

// FuzzLineFramer: lines never hold a line break or surrounding space, and
// where the bytes hold no prompt, how they are split into reads does not
// change the lines.
func FuzzLineFramer(f *testing.F) {
	f.Add([]byte("\r\n+CMTI: \"SM\",3\r\n\r\nOK\r\n"), uint(5))
	f.Add([]byte("AT+CMGS=23\r\r\n> "), uint(3))
	f.Add([]byte("\r\r\n\x00RDY\n\n+CPIN: READY\r"), uint(1))
	f.Add([]byte("0791AB\x1a\r\n+CMGS: 4\r\n\r\nOK\r\n"), uint(7))
	f.Fuzz(func(t *testing.T, data []byte, cut uint) {
		var whole framer
		all := whole.feed(data)
		for _, tok := range all {
			if tok.prompt {
				continue
			}
			if tok.line == "" || strings.ContainsAny(tok.line, "\r\n") || strings.TrimSpace(tok.line) != tok.line {
				t.Fatalf("bad line %q", tok.line)
			}
		}
		if bytes.IndexByte(data, '>') >= 0 {
			return
		}
		var split framer
		c := int(cut % uint(len(data)+1))
		parts := append(split.feed(data[:c]), split.feed(data[c:])...)
		if !reflect.DeepEqual(all, parts) && (len(all) > 0 || len(parts) > 0) {
			t.Fatalf("split at %d: %+v, whole: %+v", c, parts, all)
		}
	})
}

// FuzzReplyParsers: a reply of any shape, classified as the link does and fed
// to every parser, never panics and never mixes unsolicited lines into it.
func FuzzReplyParsers(f *testing.F) {
	f.Add("AT+CMGL=4", "+CMGL: 1,0,,23\r\n0791AA\r\n^RSSI:9\r\nOK\r\n")
	f.Add("AT+CPMS=?", "\r\n+CPMS: (\"SM\", \"ME\"), (\"SM\",\"ME\"),(\"SM\")\r\nOK\r\n")
	f.Add("AT+CNMI=?", "+CNMI:(0-3),(0-3),(0-3),(0,1),(0,1)\r\nOK\r\n")
	f.Add("AT+CREG?", "+CREG: 2,1,4CA,81DE445\r\nOK\r\n")
	f.Add("AT+CMGR=1", "+CMGR: \"REC READ\",\"+31625044454\",,\"07/07/05,09:56:03+08\"\r\nTest\r\nOK\r\n")
	f.Add("AT+CPIN?", "+CPIN: SIM PIN\r\n")
	f.Add("AT", "+CMT: ,23\r\n0791ABCD\r\n+CME ERROR: 14\r\n")
	f.Fuzz(func(t *testing.T, cmd, reply string) {
		var unsol []unsolicited
		l := &link{onUnsol: func(u unsolicited) { unsol = append(unsol, u) }}
		prefix := ""
		if i := strings.IndexAny(cmd, "=?"); i > 2 {
			prefix = cmd[2:i] + ":"
		}
		r := &request{cmd: cmd, prefix: prefix}
		var f framer
		var info []string
		for _, tok := range f.feed([]byte(reply + "\r\n")) {
			if tok.prompt {
				continue
			}
			if l.classify(tok.line, r) == lineInfo {
				info = append(info, tok.line)
			}
		}
		for _, line := range info {
			if isUnsolicited(line) && (prefix == "" || !strings.HasPrefix(line, prefix)) {
				t.Fatalf("unsolicited line %q in the reply", line)
			}
		}
		parseList(info)
		parseRead(info, 1)
		parseReadText(info)
		parseStorageLists(info)
		parseStorageUse(info)
		parseRanges(info, "+CNMI:")
		parseCREG(info)
		parseCSQ(info)
		parseCOPS(info)
		parseCPIN(info)
		for _, line := range info {
			parseCMTI(line)
		}
		for _, u := range unsol {
			if hasBody(u.line) && u.body != "" {
				decodePDU(u.body, -1)
			}
		}
	})
}
