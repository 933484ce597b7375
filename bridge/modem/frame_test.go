package modem

import (
	"reflect"
	"testing"
)

func TestFramer(t *testing.T) {
	cases := []struct {
		name   string
		chunks []string
		want   []token
	}{
		{"crlf", []string{"\r\nOK\r\n"}, []token{{line: "OK"}}},
		{"cr cr lf and blanks", []string{"\r\r\n+CSQ: 14,99\r\r\n\r\n\r\nOK\r\r\n"}, []token{{line: "+CSQ: 14,99"}, {line: "OK"}}},
		{"partial lines", []string{"+CM", "TI: \"SM\",", "3\r", "\nO", "K\r\n"}, []token{{line: `+CMTI: "SM",3`}, {line: "OK"}}},
		{"lf only", []string{"RDY\n\nSMS Ready\n"}, []token{{line: "RDY"}, {line: "SMS Ready"}}},
		{"echo then answer", []string{"AT+CMGF=0\r\r\nOK\r\n"}, []token{{line: "AT+CMGF=0"}, {line: "OK"}}},
		{"prompt with space", []string{"\r\n> "}, []token{{prompt: true}}},
		{"bare prompt at end of read", []string{"\r\n>"}, []token{{prompt: true}}},
		{"prompt split", []string{"\r\n>", " "}, []token{{prompt: true}}},
		{"nul and noise bytes", []string{"\x00\x00R\x00DY\r\n"}, []token{{line: "RDY"}}},
		{"ctrl-z ends an echoed pdu", []string{"0011AB\x1a\r\n+CMGS: 4\r\n"}, []token{{line: "0011AB"}, {line: "+CMGS: 4"}}},
		{"spaces trimmed", []string{"  OK  \r\n"}, []token{{line: "OK"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var f framer
			var got []token
			for _, ch := range c.chunks {
				got = append(got, f.feed([]byte(ch))...)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("tokens=%+v, want %+v", got, c.want)
			}
		})
	}
}

func TestFramerLongLine(t *testing.T) {
	var f framer
	long := make([]byte, maxLine+10)
	for i := range long {
		long[i] = 'A'
	}
	got := f.feed(append(long, '\r', '\n'))
	if len(got) != 2 || len(got[0].line) != maxLine || got[1].line != "AAAAAAAAAA" {
		t.Errorf("got %d tokens (first %d bytes), want the line cut at %d", len(got), len(got[0].line), maxLine)
	}
}
