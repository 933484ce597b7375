package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"

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
			[]string{"ok   reach", "FAIL credentials  no password given", "fix: copy the password from the app's Home tab (Local server) into pass= or, to keep it out of shell history, FORKCAST_ANDROID_PASS"}, nil},
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
		"android:http://sms:aB3@p:8080,sim=1":                 "android:http://sms:***@p:8080,sim=1",
	} {
		if got := redactSpec(in); got != want {
			t.Errorf("redactSpec(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAndroidSourceFlags: a --source android:... that cannot work stops
// serve with exit 2 and a sentence, without showing the secrets it holds.
func TestAndroidSourceFlags(t *testing.T) {
	t.Setenv(android.EnvPass, "")
	t.Setenv(android.EnvKey, "")
	dir := t.TempDir()
	storyPath := e2eStory(t, dir)
	const ok = "android:http://127.0.0.1:1,pass=Pa55word,key=s3cr3t"
	for _, c := range []struct {
		name    string
		sources []string
		want    string
	}{
		{"no address", []string{"android:"}, "needs the phone's address"},
		{"no password", []string{"android:http://127.0.0.1:1"}, "needs the local server's password: pass=... or FORKCAST_ANDROID_PASS"},
		{"credentials in the URL", []string{"android:http://sms:Pa55word@127.0.0.1:1"}, "not in the URL"},
		{"webhook without a key", []string{"android:http://127.0.0.1:1,pass=Pa55word,webhook=http://127.0.0.1:8787/android/webhook"}, "webhook= needs key="},
		{"webhook the app refuses", []string{ok + ",webhook=http://10.0.0.2:8787/android/webhook"}, "the app accepts only https:// URLs or http://127.0.0.1"},
		{"webhook path outside /android/", []string{ok + ",webhook=http://127.0.0.1:8787/api/next"}, "the path must be under /android/"},
		{"a name that is not a file name", []string{ok + ",name=../x"}, `name="../x": want letters, digits`},
		{"two phones, one name", []string{ok, ok}, `two sources are called "android"`},
		{"two phones, one webhook", []string{ok + ",webhook=http://127.0.0.1:8787/android/webhook", ok + ",name=android2,webhook=http://127.0.0.1:8788/android/webhook"},
			"two phones post to /android/webhook"},
		{"an unknown option", []string{ok + ",pin=1234"}, "pin: unknown option"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"serve", "--live", "--db", filepath.Join(dir, "f.db"), "--story", storyPath}
			for _, s := range c.sources {
				args = append(args, "--source", s)
			}
			var out, errb bytes.Buffer
			if got := run(args, nil, &out, &errb); got != exitUsage {
				t.Fatalf("exit %d, want 2\nstderr: %s", got, errb.String())
			}
			if !strings.Contains(errb.String(), c.want) {
				t.Errorf("stderr %q lacks %q", errb.String(), c.want)
			}
			for _, secret := range []string{"Pa55word", "s3cr3t"} {
				if strings.Contains(errb.String(), secret) {
					t.Errorf("stderr shows a secret %q: %s", secret, errb.String())
				}
			}
		})
	}
}

// TestAndroidSourceWiring: the phone's state file sits beside the database
// (one per phone), and the source may text back only when the story sets
// reply texts.
func TestAndroidSourceWiring(t *testing.T) {
	t.Setenv(android.EnvPass, "Pa55word")
	t.Setenv(android.EnvKey, "")
	dir := t.TempDir()
	plain, err := os.ReadFile(e2eStory(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	withReplies := strings.Replace(string(plain), "\nvote:\n", "\nreplies:\n  accepted: \"Thanks\"\nvote:\n", 1)
	for _, c := range []struct {
		name, story, spec, stateFile string
		replies                      bool
	}{
		{"no replies in the story", string(plain), "android:http://127.0.0.1:1", "android-state.db", false},
		{"replies in the story", withReplies, "android:http://127.0.0.1:1", "android-state.db", true},
		{"a second phone", withReplies, "android:http://127.0.0.1:1,name=android2", "android2-state.db", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			sub := t.TempDir()
			storyPath := filepath.Join(sub, "talk.md")
			if err := os.WriteFile(storyPath, []byte(c.story), 0o644); err != nil {
				t.Fatal(err)
			}
			r := &showRuntime{flags: showFlags{db: filepath.Join(sub, "db", "forkcast.db"), story: storyPath, live: true}, log: slog.New(slog.DiscardHandler)}
			defer r.close()
			if err := r.loadStory(); err != nil {
				t.Fatal(err)
			}
			if err := r.openStore(); err != nil {
				t.Fatal(err)
			}
			src, err := r.buildSource(c.spec)
			if err != nil {
				t.Fatalf("buildSource(%q): %v", c.spec, err)
			}
			if _, err := os.Stat(filepath.Join(sub, "db", c.stateFile)); err != nil {
				t.Errorf("state file beside the database: %v", err)
			}
			rp, ok := src.(vote.Replier)
			if !ok {
				t.Fatalf("the android source is no vote.Replier")
			}
			err = rp.Reply(context.Background(), "+15035550001", "hi")
			if off := errors.Is(err, android.ErrRepliesOff); off == c.replies {
				t.Errorf("Reply = %v; want replies off = %v", err, !c.replies)
			}
		})
	}
}

// TestAndroidWebhookPortIsTheDefaultListen: without --listen (any free
// port), serve listens on the port the phone was told to post to, so a
// speaker with `adb reverse tcp:8787 tcp:8787` needs no --listen; the phone's
// webhook then reaches serve and counts. A --listen given keeps its address.
func TestAndroidWebhookPortIsTheDefaultListen(t *testing.T) {
	t.Setenv(android.EnvPass, e2ePhonePass)
	t.Setenv(android.EnvKey, e2eSignKey)
	phone := startPhone(t, androidtest.Options{Pass: e2ePhonePass, SigningKey: e2eSignKey, RetryBase: time.Minute})
	dir := t.TempDir()
	port := freePort(t)
	hook := fmt.Sprintf("http://127.0.0.1:%d%s", port, android.DefaultWebhookPath)
	s := startE2EShow(t, "--live", "--source", "android:"+phone.URL()+",poll=1m,webhook="+hook, // startE2EShow's --listen is the default
		"--db", filepath.Join(dir, "f.db"), "--story", e2eStory(t, dir))
	if want := fmt.Sprintf("http://127.0.0.1:%d", port); s.base != want {
		t.Fatalf("serve listens at %s, want %s (the webhook's port)", s.base, want)
	}
	s.waitSource(t, "android", vote.HealthOK, 20*time.Second)
	s.openFirstFork(t)
	// The inbox is read once a minute: the text can only come by the webhook.
	phone.Receive(androidtest.SMS{From: "+15035550123", Text: "2", SIM: 1})
	testkit.WaitFor(t, 15*time.Second, "the webhook's vote counted", func() bool { return s.state(t).Poll.Total == 1 })
	if st := phone.Stats(); st.Delivered != 1 || st.Attempts != 1 {
		t.Errorf("webhooks %+v, want one delivered at the first attempt", st)
	}
	if strings.Contains(s.log.String(), "another port") {
		t.Errorf("serve warned about the webhook's port: %s", s.log.String())
	}

	other := freePort(t)
	r := &showRuntime{flags: showFlags{listen: fmt.Sprintf("127.0.0.1:%d", other)}, hookURLs: []string{hook}}
	if got, want := r.listenAddr(), fmt.Sprintf("127.0.0.1:%d", other); got != want {
		t.Errorf("with --listen %s: listen at %s", want, got)
	}
	r = &showRuntime{flags: showFlags{listen: defaultListen}, hookURLs: []string{hook, "http://127.0.0.1:1/android/b"}}
	if got := r.listenAddr(); got != defaultListen {
		t.Errorf("two phones posting to two ports: listen at %s, want %s", got, defaultListen)
	}
}
