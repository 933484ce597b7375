package at

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/bridge/modem/modemtest"
)

func TestLinkExec(t *testing.T) {
	cases := []struct {
		name      string
		reply     string
		req       Request
		wantLines []string
		wantErr   string // substring; "" = no error
		wantUnsol []Unsolicited
	}{
		{"plain ok", "\r\nOK\r\n", Request{Cmd: "AT"}, nil, "", nil},
		{"info then ok", "\r\n+CSQ: 14,99\r\n\r\nOK\r\n", Request{Cmd: "AT+CSQ", Prefix: "+CSQ:"},
			[]string{"+CSQ: 14,99"}, "", nil},
		{"echo tolerated", "AT+CSQ\r\r\n+CSQ: 14,99\r\n\r\nOK\r\n", Request{Cmd: "AT+CSQ", Prefix: "+CSQ:"},
			[]string{"+CSQ: 14,99"}, "", nil},
		{"unsolicited inside a reply", "\r\n+CMGL: 0,0,,5\r\n\r\n^RSSI:12\r\n0011223344\r\n+CMTI: \"SM\",4\r\n\r\nOK\r\n",
			Request{Cmd: "AT+CMGL=4", Prefix: "+CMGL:"}, []string{"+CMGL: 0,0,,5", "0011223344"}, "",
			[]Unsolicited{{Line: "^RSSI:12"}, {Line: `+CMTI: "SM",4`}}},
		{"+CMT with its pdu", "\r\n+CMT: ,23\r\n07911326040000F0040B911346610089F60000208062917314080CC8329BFD065DDF72363904\r\n\r\nOK\r\n",
			Request{Cmd: "AT"}, nil, "", []Unsolicited{{Line: "+CMT: ,23",
				Body: "07911326040000F0040B911346610089F60000208062917314080CC8329BFD065DDF72363904"}}},
		{"matching prefix is info, not unsolicited", "\r\n+CREG: 0,1\r\n\r\nOK\r\n", Request{Cmd: "AT+CREG?", Prefix: "+CREG:"},
			[]string{"+CREG: 0,1"}, "", nil},
		{"cms error", "\r\n+CMS ERROR: 321\r\n", Request{Cmd: "AT+CMGR=9"}, nil, "+CMS ERROR: 321 (invalid memory index)", nil},
		{"cme error verbose", "\r\n+CME ERROR: SIM busy\r\n", Request{Cmd: "AT+CPIN?"}, nil, "(SIM busy)", nil},
		{"error", "\r\nERROR\r\n", Request{Cmd: "AT+FOO"}, nil, "AT+FOO: ERROR", nil},
		{"command not support", "\r\nCOMMAND NOT SUPPORT\r\n", Request{Cmd: "AT^CURC=0"}, nil, "COMMAND NOT SUPPORT", nil},
		{"wavecom cpin without ok", "\r\n+CPIN: READY\r\n", Request{Cmd: "AT+CPIN?", Prefix: "+CPIN:", InfoEnds: true},
			[]string{"+CPIN: READY"}, "", nil},
		{"timeout", "", Request{Cmd: "AT", Timeout: 50 * time.Millisecond}, nil, "did not answer", nil},
		{"prompt then body", "\r\n> ", Request{Cmd: "AT+CMGS=5", Body: "00AA"}, nil, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := modemtest.NewScripted(func(cmd string) string {
				if cmd == "00AA" {
					return "\r\n+CMGS: 7\r\n\r\nOK\r\n"
				}
				return c.reply
			})
			l, unsol := newTestLink(t, s)
			ctx, cancel := context.WithTimeout(context.Background(), testkit.Patience)
			defer cancel()
			lines, err := l.Exec(ctx, c.req)
			if c.wantErr == "" && err != nil || c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("err=%v, want %q", err, c.wantErr)
			}
			if c.name == "prompt then body" {
				c.wantLines = []string{"+CMGS: 7"}
				if got := s.Commands(); !reflect.DeepEqual(got, []string{"AT+CMGS=5", "00AA"}) {
					t.Errorf("wrote %q, want the command then the PDU ended by Ctrl-Z", got)
				}
			}
			if !reflect.DeepEqual(lines, c.wantLines) {
				t.Errorf("lines=%q, want %q", lines, c.wantLines)
			}
			if !reflect.DeepEqual(*unsol, c.wantUnsol) {
				t.Errorf("unsolicited=%+v, want %+v", *unsol, c.wantUnsol)
			}
		})
	}
}

// TestLinkResetDetection: an echo after ATE0, or a boot line, means the modem
// restarted; RDY during a command ends it at once.
func TestLinkResetDetection(t *testing.T) {
	s := modemtest.NewScripted(func(cmd string) string {
		switch cmd {
		case "ATE0", "AT+CMEE=1":
			return "\r\nOK\r\n"
		case "AT+CSQ":
			return cmd + "\r\r\n+CSQ: 9,99\r\n\r\nOK\r\n" // echo is back
		}
		return "\r\nRDY\r\n"
	})
	l, _ := newTestLink(t, s)
	ctx := context.Background()
	if _, err := l.Exec(ctx, Request{Cmd: "ATE0"}); err != nil {
		t.Fatal(err)
	}
	l.SetEchoOff(true)
	if _, err := l.Exec(ctx, Request{Cmd: "AT+CMEE=1"}); err != nil || l.ResetPending() {
		t.Fatalf("err=%v reset=%v, want a quiet success", err, l.ResetPending())
	}
	if _, err := l.Exec(ctx, Request{Cmd: "AT+CSQ", Prefix: "+CSQ:"}); err != nil {
		t.Fatal(err)
	}
	if !l.TakeReset() {
		t.Errorf("echo after ATE0 not taken as a reset")
	}
	_, err := l.Exec(ctx, Request{Cmd: "AT+CMGL=4", Timeout: 5 * time.Second})
	if !errors.Is(err, ErrReset) {
		t.Errorf("err=%v, want ErrReset at RDY", err)
	}
}

func TestLinkPortGone(t *testing.T) {
	s := modemtest.NewScripted(func(string) string { return "" })
	l, _ := newTestLink(t, s)
	go func() {
		time.Sleep(20 * time.Millisecond) // simulates the port vanishing while the command waits (or, on a slow machine, before it is sent: ErrPortGone too)
		s.Close()
	}()
	_, err := l.Exec(context.Background(), Request{Cmd: "AT", Timeout: 5 * time.Second})
	if !errors.Is(err, ErrPortGone) {
		t.Errorf("err=%v, want ErrPortGone", err)
	}
}

// newTestLink wires a link to s; unsolicited lines land in the returned slice.
func newTestLink(t *testing.T, s *modemtest.Scripted) (*Link, *[]Unsolicited) {
	t.Helper()
	var got []Unsolicited
	p := NewPort(s)
	t.Cleanup(func() { p.Close() })
	// The scripted modem answers at once: the idle timeout is only a
	// generous bound here (the "timeout" case sets its own, short one).
	l := NewLink(p, nil, testkit.Patience, func(u Unsolicited) { got = append(got, u) })
	return l, &got
}
