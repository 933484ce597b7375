package at

import (
	"reflect"
	"testing"
)

func TestFramer(t *testing.T) {
	cases := []struct {
		name   string
		chunks []string
		want   []Token
	}{
		{"crlf", []string{"\r\nOK\r\n"}, []Token{{Line: "OK"}}},
		{"cr cr lf and blanks", []string{"\r\r\n+CSQ: 14,99\r\r\n\r\n\r\nOK\r\r\n"}, []Token{{Line: "+CSQ: 14,99"}, {Line: "OK"}}},
		{"partial lines", []string{"+CM", "TI: \"SM\",", "3\r", "\nO", "K\r\n"}, []Token{{Line: `+CMTI: "SM",3`}, {Line: "OK"}}},
		{"lf only", []string{"RDY\n\nSMS Ready\n"}, []Token{{Line: "RDY"}, {Line: "SMS Ready"}}},
		{"echo then answer", []string{"AT+CMGF=0\r\r\nOK\r\n"}, []Token{{Line: "AT+CMGF=0"}, {Line: "OK"}}},
		{"prompt with space", []string{"\r\n> "}, []Token{{Prompt: true}}},
		{"bare prompt at end of read", []string{"\r\n>"}, []Token{{Prompt: true}}},
		{"prompt split", []string{"\r\n>", " "}, []Token{{Prompt: true}}},
		{"nul and noise bytes", []string{"\x00\x00R\x00DY\r\n"}, []Token{{Line: "RDY"}}},
		{"ctrl-z ends an echoed pdu", []string{"0011AB\x1a\r\n+CMGS: 4\r\n"}, []Token{{Line: "0011AB"}, {Line: "+CMGS: 4"}}},
		{"spaces trimmed", []string{"  OK  \r\n"}, []Token{{Line: "OK"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var f framer
			var got []Token
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
	if len(got) != 2 || len(got[0].Line) != maxLine || got[1].Line != "AAAAAAAAAA" {
		t.Errorf("got %d tokens (first %d bytes), want the line cut at %d", len(got), len(got[0].Line), maxLine)
	}
}
