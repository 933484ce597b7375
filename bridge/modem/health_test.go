package modem

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"forkcast/app/vote"
	"forkcast/bridge/modem/at"
)

func TestSummarize(t *testing.T) {
	ok := facts{Device: "/dev/ttyUSB2", Ready: true, RSSI: 20, Reg: regHome, Operator: "Orange", Notify: "+CMTI",
		SIM: storageUse{"SM", 2, 30}}
	cases := []struct {
		name  string
		edit  func(*facts)
		state string
		want  string
	}{
		{"ready", func(*facts) {}, vote.HealthOK, "Receiving texts on /dev/ttyUSB2, Orange, signal -73 dBm (excellent)."},
		{"setting up", func(f *facts) { f.Ready = false }, vote.HealthConnecting, "Setting up"},
		{"silent", func(f *facts) { f.Timeouts = 2 }, vote.HealthDegraded, "not answering"},
		{"engine refusing", func(f *facts) { f.IngestErr = errors.New("x") }, vote.HealthDegraded, "not storing texts"},
		{"searching", func(f *facts) { f.Reg = regSearching }, vote.HealthDegraded, "searching on the network"},
		{"denied", func(f *facts) { f.Reg = regDenied }, vote.HealthDegraded, "registration denied"},
		{"roaming is fine", func(f *facts) { f.Reg = regRoaming }, vote.HealthOK, "Receiving"},
		{"weak", func(f *facts) { f.RSSI = 5 }, vote.HealthDegraded, "Weak signal (-103 dBm)"},
		{"full", func(f *facts) { f.SIM.Used = 30 }, vote.HealthDegraded, "The SIM is full (30/30)"},
		{"polling", func(f *facts) { f.Notify = "polling" }, vote.HealthOK, "reading it every few seconds"},
	}
	for _, c := range cases {
		f := ok
		c.edit(&f)
		state, detail := summarize(f)
		if state != c.state || !strings.Contains(detail, c.want) {
			t.Errorf("%s: %s %q, want %s containing %q", c.name, state, detail, c.state, c.want)
		}
	}
	m := metrics(ok)
	if m["signal"] != "-73 dBm (excellent)" || m["sim"] != "2/30" || m["network"] != "registered (home)" ||
		m["operator"] != "Orange" {
		t.Errorf("metrics=%v", m)
	}
	if _, has := m["model"]; has {
		t.Errorf("empty model reported: %v", m)
	}
}

func TestDownSentence(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("open: %w", fs.ErrNotExist), "not plugged in"},
		{fmt.Errorf("open: %w", fs.ErrPermission), "dialout group"},
		{ErrPortBusy, "in use by another program"},
		{fmt.Errorf("x: %w", at.ErrPortGone), "unplugged or reset"},
		{errUnresponsive, "stopped answering"},
		{ErrPUK, "PUK"},
		{errNoSIM, "No SIM card"},
		{ErrNoPDUMode, "PDU mode"},
		{fmt.Errorf("%w (PH-NET PIN)", ErrModemLocked), "locked to another network"},
		{errors.New("odd"), "failed (odd)"},
	}
	for _, c := range cases {
		if got := downSentence("/dev/ttyUSB2", c.err); !strings.Contains(got, c.want) {
			t.Errorf("downSentence(%v)=%q, want %q", c.err, got, c.want)
		}
	}
	if got := signalText(99); got != "unknown" {
		t.Errorf("signalText(99)=%q", got)
	}
}
