package modemtest

import (
	"bufio"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"

	"github.com/warthog618/sms"
	"github.com/warthog618/sms/encoding/pdumode"
	"github.com/warthog618/sms/encoding/tpdu"
)

// chat opens the device raw, sends each command and returns everything read
// until the last final result.
func chat(t *testing.T, dev string, cmds ...string) (string, time.Duration) {
	t.Helper()
	f, err := os.OpenFile(dev, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var out strings.Builder
	start := time.Now()
	for _, c := range cmds {
		if _, err := f.WriteString(c + "\r"); err != nil {
			t.Fatal(err)
		}
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("read: %v (so far %q)", err, out.String())
			}
			out.WriteString(line)
			l := strings.TrimSpace(line)
			if l == "OK" || strings.Contains(l, "ERROR") || l == "COMMAND NOT SUPPORT" {
				break
			}
		}
	}
	return out.String(), time.Since(start)
}

func TestEmulatorAnswers(t *testing.T) {
	e, dev := Start(t, HuaweiE173)
	e.Hang(false)
	out, _ := chat(t, dev, "ATE0", "AT+CGMM", "AT^CURC=0", "AT+CMGF=0", "AT+CPMS=?", "AT+CNMI=2,1,0,0,0", "AT+CNMI=9,9")
	for _, want := range []string{"E173", `+CPMS: ("SM","ME")`, "+CMS ERROR: 303"} {
		if !strings.Contains(out, want) {
			t.Errorf("answers lack %q:\n%s", want, out)
		}
	}
	pdus, err := e.DeliverSMS(SMS{From: "+15550001", Text: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Stored(); got[0] != pdus[0] {
		t.Errorf("SIM = %v, want the text in slot 0 (Huawei counts from 0)", got)
	}
	out, _ = chat(t, dev, "AT+CMGL=4", "AT+CMGD=0")
	if !strings.Contains(out, "+CMGL: 0,0,,") || !strings.Contains(out, pdus[0]) || len(e.Stored()) != 0 {
		t.Errorf("list/delete: %q, SIM %v", out, e.Stored())
	}
}

func TestEmulatorPacing(t *testing.T) {
	p := QuectelEC25
	p.BootLines = nil
	_, dev := Start(t, p, WithBaud(9600))
	stalls := testkit.WatchStalls()
	out, took := chat(t, dev, "ATI", "AT+CGSN")
	stall := stalls()
	bytes := len(out) + len("ATI\r")
	wire := time.Duration(bytes) * time.Second * 10 / 9600
	// Never faster than the line: that is what the pacing is for. The upper
	// bound catches a pacing that waits per byte far too long; the machine's
	// worst scheduling stall meanwhile is added to it (each byte's wait can
	// be late by a stall on a busy machine).
	if took < wire || took > 3*wire+100*time.Millisecond+time.Duration(bytes)*stall {
		t.Errorf("%d bytes took %v at 9600 baud, want about %v (the machine's worst stall meanwhile: %v)", bytes, took, wire, stall)
	}
}

func TestEmulatorReplug(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "by-id")
	e, link := Start(t, QuectelEC25, WithByID(dir))
	first := e.Path()
	if target, _ := os.Readlink(link); target != first {
		t.Fatalf("link -> %q, want %q", target, first)
	}
	e.Unplug()
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("the by-id link outlived the unplug")
	}
	second, err := e.Replug()
	if err != nil {
		t.Fatal(err)
	}
	if second == first {
		t.Errorf("replugged under the same name %s", first)
	}
	if target, _ := os.Readlink(link); target != second {
		t.Errorf("link -> %q, want %q", target, second)
	}
}

// TestEncode checks the test encoder against warthog618/sms's decoder, and
// that national language tables use the identifiers of 3GPP TS 23.040 (0x24).
func TestEncode(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, s := range []SMS{
		{From: "+447700900123", Text: "plain", Time: at},
		{From: "+447700900123", Text: strings.Repeat("long ", 70), Time: at},
		{From: "Alpha", Text: "ünïcödé 😀", Time: at},
	} {
		pdus, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		var parts []*tpdu.TPDU
		for _, h := range pdus {
			p, err := pdumode.UnmarshalHexString(h)
			if err != nil {
				t.Fatal(err)
			}
			tp, err := sms.Unmarshal(p.TPDU)
			if err != nil {
				t.Fatal(err)
			}
			if !tp.SCTS.Time.Equal(at) || tp.OA.Number() != s.From {
				t.Errorf("SCTS %v from %q, want %v %q", tp.SCTS.Time, tp.OA.Number(), at, s.From)
			}
			parts = append(parts, tp)
		}
		text, err := sms.Decode(parts)
		if err != nil || string(text) != s.Text {
			t.Errorf("decoded %q (%v), want %q", text, err, s.Text)
		}
	}
	pdus, _ := Encode(SMS{From: "+1555", Text: "ş", NLI: 1})
	b, _ := hex.DecodeString(pdus[0])
	if !strings.Contains(hex.EncodeToString(b), "032401") {
		t.Errorf("PDU %s lacks the single shift IE 0x24 for Turkish", pdus[0])
	}
	if _, err := Encode(SMS{Text: "😀", Encoding: GSM7}); err == nil {
		t.Errorf("an emoji encoded as GSM 7-bit")
	}
}

// The boot lines tell the SIM's state as a real modem's do: a profile's
// "+CPIN: READY" became "+CPIN: SIM PIN" for a SIM that wants a PIN. Printed
// while a probe's AT+CPIN? waited, the READY line answered it and the probe
// said "SIM: ready" for a locked SIM (TestModemProbe, once, under load).
func TestBootLinesTellTheSIMState(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want string // the +CPIN boot line, "" for none
	}{
		{"ready", nil, "+CPIN: READY"},
		{"PIN", []Option{WithPIN("1234")}, "+CPIN: SIM PIN"},
		{"no SIM", []Option{WithoutSIM()}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := Start(t, QuectelEC25, tc.opts...)
			e.mu.Lock()
			boot := e.freshState().boot
			e.mu.Unlock()
			got := ""
			for _, l := range boot {
				if strings.HasPrefix(l, "+CPIN:") {
					got = l
				}
			}
			if got != tc.want || len(boot) < 4 {
				t.Errorf("boot lines %q: +CPIN line %q, want %q", boot, got, tc.want)
			}
		})
	}
}
