package modem

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"forkcast/bridge/modem/at"
	"forkcast/bridge/modem/modemtest"
)

// TestInfoEndsLateFinal: AT+CPIN? ends on its info line and a short silence
// (Wavecom never sends its OK), so an OK that comes after that silence is
// late, like the answer of a command that timed out. The link must count it
// out of step and resynchronise before the next command; before it did,
// AT+CSQ took the late OK for its own answer and got no +CSQ line (and every
// later command was off by one).
func TestInfoEndsLateFinal(t *testing.T) {
	p := modemtest.QuectelEC25
	p.BootLines = nil // already up: its boot lines would read as a restart
	e, dev := modemtest.Start(t, p, emuOpts(t)...)
	rwc, err := openSerial(dev, 115200)
	if err != nil {
		t.Fatal(err)
	}
	port := at.NewPort(rwc)
	t.Cleanup(func() { port.Close() })
	l := at.NewLink(port, testLogger(t), 2*time.Second, func(at.Unsolicited) {})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := l.Exec(ctx, at.Request{Cmd: "ATE0"}); err != nil {
		t.Fatalf("ATE0: %v", err)
	}

	e.LateFinal("AT+CPIN?")
	got, err := l.Exec(ctx, at.Request{Cmd: "AT+CPIN?", Prefix: "+CPIN:", InfoEnds: true})
	if err != nil || !slices.Equal(got, []string{"+CPIN: READY"}) {
		t.Fatalf("AT+CPIN? = %q, %v; want its info line and no error", got, err)
	}
	for _, cmd := range []string{"AT+CSQ", "AT+CSQ"} {
		got, err := l.Exec(ctx, at.Request{Cmd: cmd, Prefix: "+CSQ:"})
		if err != nil || len(got) != 1 || !strings.HasPrefix(got[0], "+CSQ: ") {
			t.Fatalf("%s = %q, %v; want its own +CSQ line (the modem was sent %q)", cmd, got, err, e.Commands())
		}
	}
	// Positive proof the link resynchronised: it sent AT between AT+CPIN? and AT+CSQ.
	cmds := e.Commands()
	i := slices.Index(cmds, "AT+CPIN?")
	if i < 0 || i+1 >= len(cmds) || cmds[i+1] != "AT" {
		t.Errorf("commands %q, want a resynchronising AT right after AT+CPIN?", fmt.Sprint(cmds))
	}
}
