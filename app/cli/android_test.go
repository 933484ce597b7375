package cli

import (
	"bytes"
	"strings"
	"testing"

	"forkcast/bridge/android"
	"forkcast/bridge/android/androidtest"
)

// startPhone runs the app's emulator on loopback until the test ends.
func startPhone(t testing.TB, o androidtest.Options) *androidtest.Phone {
	t.Helper()
	p, err := androidtest.Start(o)
	if err != nil {
		t.Fatalf("start the phone emulator: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// TestAndroidProbe runs `forkcast android probe` against the emulator: the
// exit code says whether the phone is ready, the report what to fix.
func TestAndroidProbe(t *testing.T) {
	t.Setenv(android.EnvPass, "")
	t.Setenv(android.EnvKey, "")
	ready := startPhone(t, androidtest.Options{Charging: 5, Battery: 90})
	old := startPhone(t, androidtest.Options{Version: "1.58.2", Charging: 5})
	cases := []struct {
		name    string
		env     string // FORKCAST_ANDROID_PASS
		args    []string
		code    int
		out     []string // in stdout
		errText []string // in stderr
	}{
		{"ready", "", []string{ready.URL() + ",pass=Pa55word"}, exitOK,
			[]string{"Android phone at " + ready.URL(), "ok   reach        SMS Gateway for Android 1.65.0 answers", "ok   credentials  accepted; the phone is Google/panther", "ok   inbox", "ok   battery      90%, charging (USB)"}, nil},
		{"password from the environment, flag after the spec", "Pa55word", []string{"android:" + ready.URL(), "--timeout", "20s"}, exitOK,
			[]string{"ok   credentials"}, nil},
		{"wrong password", "", []string{ready.URL() + ",pass=nope"}, exitFailed,
			[]string{"FAIL credentials  the phone refused user \"sms\"", "fix: copy the user and password"}, nil},
		{"no password at all", "", []string{ready.URL()}, exitFailed,
			[]string{"ok   reach", "FAIL credentials"}, nil},
		{"app too old to list its inbox", "", []string{old.URL() + ",pass=Pa55word"}, exitFailed,
			[]string{"FAIL inbox        this version of the app (1.58.2) cannot list its inbox", "fix: update the app to 1.59.0"}, nil},
		{"webhook the app refuses", "", []string{ready.URL() + ",pass=Pa55word,key=k,webhook=http://192.168.1.5:8787/android/webhook"}, exitUsage,
			nil, []string{"the app accepts only https:// URLs or http://127.0.0.1"}},
		{"nothing listening", "", []string{"http://127.0.0.1:1,pass=x"}, exitFailed,
			[]string{"FAIL reach", "fix: put the phone and this laptop on the same Wi-Fi"}, nil},
		{"bad option, secrets hidden", "", []string{ready.URL() + ",pass=Pa55word,key=s3cr3t,sim=9"}, exitUsage,
			nil, []string{"pass=***", "key=***", `sim: "9": want a SIM number from 1 to 8`}},
		{"no address", "", nil, exitUsage, nil, []string{"needs the phone's address"}},
		{"two addresses", "", []string{ready.URL(), ready.URL()}, exitUsage, nil, []string{"takes one URL"}},
		{"help", "", []string{"-h"}, exitOK, nil, []string{"Usage: forkcast android probe", "webhook=URL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(android.EnvPass, c.env)
			var out, errb bytes.Buffer
			got := run(append([]string{"android", "probe"}, c.args...), nil, &out, &errb)
			if got != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", got, c.code, out.String(), errb.String())
			}
			for _, w := range c.out {
				if !strings.Contains(out.String(), w) {
					t.Errorf("report lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range c.errText {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errb.String())
				}
			}
			for _, secret := range []string{"Pa55word", "s3cr3t"} {
				if strings.Contains(errb.String(), secret) {
					t.Errorf("stderr shows a secret %q:\n%s", secret, errb.String())
				}
			}
		})
	}
}

// TestAndroidProbeRegistersAndUnregisterRemoves: probing with webhook= is
// the one change the probe makes on the phone; unregister undoes it.
func TestAndroidProbeRegistersAndUnregisterRemoves(t *testing.T) {
	t.Setenv(android.EnvPass, "Pa55word")
	t.Setenv(android.EnvKey, "k3y")
	p := startPhone(t, androidtest.Options{Charging: 5})
	spec := p.URL() + ",webhook=http://127.0.0.1:8787/android/webhook"
	var out, errb bytes.Buffer
	if got := run([]string{"android", "probe", spec}, nil, &out, &errb); got != exitOK {
		t.Fatalf("probe exit %d, want 0\n%s%s", got, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "ok   webhook      registered: the phone posts texts to http://127.0.0.1:8787/android/webhook") {
		t.Errorf("report lacks the registered webhook:\n%s", out.String())
	}
	if hs := p.Webhooks(); len(hs) != 1 || hs[0].ID != "forkcast-android" || hs[0].URL != "http://127.0.0.1:8787/android/webhook" {
		t.Fatalf("webhooks on the phone after probe = %+v, want forkcast-android", hs)
	}
	out.Reset()
	if got := run([]string{"android", "unregister", spec}, nil, &out, &errb); got != exitOK {
		t.Fatalf("unregister exit %d, want 0\n%s", got, errb.String())
	}
	if hs := p.Webhooks(); len(hs) != 0 {
		t.Fatalf("webhooks on the phone after unregister = %+v, want none", hs)
	}
	if !strings.Contains(out.String(), "no longer posts texts") {
		t.Errorf("unregister said %q", out.String())
	}
	errb.Reset()
	t.Setenv(android.EnvPass, "wrong")
	if got := run([]string{"android", "unregister", p.URL()}, nil, &out, &errb); got != exitFailed || !strings.Contains(errb.String(), "refused the password") {
		t.Errorf("unregister with a wrong password: exit %d, stderr %q; want 1 and the reason", got, errb.String())
	}
}

func TestAndroidCommandUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"android"}, exitUsage},
		{[]string{"android", "-h"}, exitOK},
		{[]string{"android", "reboot"}, exitUsage},
		{[]string{"android", "unregister", "-h"}, exitOK},
		{[]string{"android", "unregister"}, exitUsage},
		{[]string{"android", "probe", "--timeout", "x", "http://127.0.0.1:1"}, exitUsage},
	} {
		var out, errb bytes.Buffer
		if got := run(c.args, nil, &out, &errb); got != c.code {
			t.Errorf("forkcast %s = %d, want %d; stderr %s", strings.Join(c.args, " "), got, c.code, errb.String())
		}
	}
}

func TestRedactSpec(t *testing.T) {
	for in, want := range map[string]string{
		"android:http://p:8080,user=sms,pass=aB3,key=k,sim=2": "android:http://p:8080,user=sms,pass=***,key=***,sim=2",
		"android:http://p:8080, PASSWORD=x":                   "android:http://p:8080, PASSWORD=***",
		"android:http://p:8080,webhook=http://127.0.0.1:1/a":  "android:http://p:8080,webhook=http://127.0.0.1:1/a",
	} {
		if got := redactSpec(in); got != want {
			t.Errorf("redactSpec(%q) = %q, want %q", in, got, want)
		}
	}
}
