package cli

import (
	"bytes"
	"strings"
	"testing"

	"forkcast/bridge/modem/modemtest"
)

// TestModemProbe probes emulated modems on a pseudo-terminal through the real
// serial code and checks the report a speaker reads.
func TestModemProbe(t *testing.T) {
	cases := []struct {
		profile modemtest.Profile
		opts    []modemtest.Option
		args    []string
		code    int
		want    []string
	}{
		{modemtest.HuaweiE173, nil, nil, exitOK, []string{"Model:         huawei E173", "Storage:       SM, 1 of 20 used",
			"AT+CNMI=2,1,0,0,0 (store on the SIM and notify with +CMTI)", "Forkcast Mobile", "Ready: use --source modem:"}},
		{modemtest.Wavecom, nil, []string{"--baud", "9600"}, exitOK, []string{"WAVECOM MODEM", "SIM:           ready"}},
		{modemtest.SIM800, []modemtest.Option{modemtest.WithPIN("1234")}, []string{"--pin", "1234"}, exitOK,
			[]string{"SIMCOM_SIM800L", "SIM:           ready"}},
		{modemtest.QuectelEC25, []modemtest.Option{modemtest.WithPIN("1234")}, nil, exitFailed,
			[]string{"Problems:", "The SIM asks for a PIN"}},
		{modemtest.HuaweiE3372, []modemtest.Option{modemtest.WithoutSIM()}, nil, exitFailed,
			[]string{"No SIM card found"}},
	}
	for _, c := range cases {
		t.Run(c.profile.Name, func(t *testing.T) {
			e, dev := modemtest.Start(t, c.profile, c.opts...)
			if c.profile.Name == "huawei-e173" {
				if _, err := e.DeliverSMS(modemtest.SMS{From: "+15550100", Text: "1"}); err != nil {
					t.Fatal(err)
				}
			}
			var out, errb bytes.Buffer
			args := append([]string{"modem", "probe"}, c.args...)
			got := run(append(args, dev), nil, &out, &errb)
			if got != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", got, c.code, out.String(), errb.String())
			}
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("report lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

func TestModemUsage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"modem"}, exitUsage, "Usage: forkcast modem"},
		{[]string{"modem", "frobnicate"}, exitUsage, "unknown subcommand"},
		{[]string{"modem", "probe"}, exitUsage, "needs a DEVICE"},
		{[]string{"modem", "probe", "a", "b"}, exitUsage, "one DEVICE"},
		{[]string{"modem", "list", "x"}, exitUsage, "no arguments"},
		{[]string{"modem", "probe", "/dev/forkcast-no-such-modem"}, exitFailed, "no such file"},
		{[]string{"modem", "list"}, exitOK, "modem probe"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if got := run(c.args, nil, &out, &errb); got != c.code {
			t.Errorf("forkcast %v = %d, want %d (stderr %q)", c.args, got, c.code, errb.String())
		}
		if all := out.String() + errb.String(); !strings.Contains(all, c.want) {
			t.Errorf("forkcast %v printed %q, want %q", c.args, all, c.want)
		}
	}
}
