package at

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

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
			if tok.Prompt {
				continue
			}
			if tok.Line == "" || strings.ContainsAny(tok.Line, "\r\n") || strings.TrimSpace(tok.Line) != tok.Line {
				t.Fatalf("bad line %q", tok.Line)
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

// FuzzReplyClassify: a reply of any shape, classified as the link does,
// never mixes unsolicited lines into the command's info lines, and never
// panics on the PDU line that follows +CMT.
func FuzzReplyClassify(f *testing.F) {
	f.Add("AT+CMGL=4", "+CMGL: 1,0,,23\r\n0791AA\r\n^RSSI:9\r\nOK\r\n")
	f.Add("AT+CPMS=?", "\r\n+CPMS: (\"SM\", \"ME\"), (\"SM\",\"ME\"),(\"SM\")\r\nOK\r\n")
	f.Add("AT", "+CMT: ,23\r\n0791ABCD\r\n+CME ERROR: 14\r\n")
	f.Fuzz(func(t *testing.T, cmd, reply string) {
		var unsol []Unsolicited
		l := &Link{onUnsol: func(u Unsolicited) { unsol = append(unsol, u) }}
		prefix := ""
		if i := strings.IndexAny(cmd, "=?"); i > 2 {
			prefix = cmd[2:i] + ":"
		}
		r := &Request{Cmd: cmd, Prefix: prefix}
		var fr framer
		for _, tok := range fr.feed([]byte(reply + "\r\n")) {
			if tok.Prompt {
				continue
			}
			if l.classify(tok.Line, r) == lineInfo && IsUnsolicited(tok.Line) && (prefix == "" || !strings.HasPrefix(tok.Line, prefix)) {
				t.Fatalf("unsolicited line %q in the reply", tok.Line)
			}
		}
		for _, u := range unsol {
			if u.Body != "" && !HasBody(u.Line) {
				t.Fatalf("a body %q after %q, which has none", u.Body, u.Line)
			}
		}
	})
}
