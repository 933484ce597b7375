package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/relay"
	"forkcast/bridge/relay/server"
)

const (
	testTwilioToken = "twilio-auth-token-for-tests"
	testRelayToken  = "relay-token-0123456789abcdef"
)

func testEnv(vars map[string]string) (Env, *testkit.SyncBuffer, *testkit.SyncBuffer) {
	out, errb := &testkit.SyncBuffer{}, &testkit.SyncBuffer{}
	return Env{Stdout: out, Stderr: errb, Getenv: func(k string) string { return vars[k] }}, out, errb
}

func TestMainExitCodes(t *testing.T) {
	dir := t.TempDir()
	tokens := map[string]string{"TWILIO_AUTH_TOKEN": "x", "FORKCAST_RELAY_TOKEN": testRelayToken}
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want int
	}{
		{"help flag", []string{"-h"}, nil, exitOK},
		{"serve help", []string{"serve", "-h"}, nil, exitOK},
		{"help command", []string{"help"}, nil, exitOK},
		{"version", []string{"version"}, nil, exitOK},
		{"token", []string{"token"}, nil, exitOK},
		{"unknown command", []string{"frobnicate"}, nil, exitUsage},
		{"unknown flag", []string{"--nope"}, tokens, exitUsage},
		{"stray argument", []string{"serve", "extra"}, tokens, exitUsage},
		{"no secrets", []string{"--public-url", "https://r.example"}, nil, exitUsage},
		{"bad log level", []string{"--log-level", "loud"}, tokens, exitUsage},
		{"no public URL", []string{"--db", filepath.Join(dir, "a.db"), "--listen", "127.0.0.1:0"}, tokens, exitFailed},
		{"short relay token", []string{"--public-url", "https://r.example", "--db", filepath.Join(dir, "b.db")},
			map[string]string{"TWILIO_AUTH_TOKEN": "x", "FORKCAST_RELAY_TOKEN": "short"}, exitFailed},
		{"sign without url", []string{"sign"}, tokens, exitUsage},
		{"sign without token", []string{"sign", "--url", "https://r.example/twilio/sms"}, nil, exitUsage},
		{"sign help", []string{"sign", "-h"}, nil, exitOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env, _, stderr := testEnv(c.env)
			if got := Main(t.Context(), c.args, env); got != c.want {
				t.Fatalf("exit %d, want %d; stderr:\n%s", got, c.want, stderr.String())
			}
		})
	}
}

func TestMainSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	tw, rt := filepath.Join(dir, "tw"), filepath.Join(dir, "rt")
	os.WriteFile(tw, []byte("file-twilio-token\n"), 0o600)
	os.WriteFile(rt, []byte(testRelayToken+"\n"), 0o600)
	env, out, _ := testEnv(nil)
	code := Main(t.Context(), []string{"sign", "--twilio-token-file", tw, "--url", "https://r.example/twilio/sms",
		"--sid", "SMfile", "--body", "2"}, env)
	if code != exitOK {
		t.Fatalf("sign: exit %d, want 0", code)
	}
	want := server.SignTwilio("file-twilio-token", "https://r.example/twilio/sms",
		server.TwilioTestParams("SMfile", "+15005550006", "+15005550001", "2"))
	if !strings.Contains(out.String(), "X-Twilio-Signature: "+want) {
		t.Fatalf("sign output %q, want the signature %s", out.String(), want)
	}
	if code := Main(t.Context(), []string{"sign", "--twilio-token-file", filepath.Join(dir, "missing"), "--url", "https://r/x"}, env); code != exitUsage {
		t.Fatalf("missing token file: exit %d, want 2", code)
	}
}

var addrRe = regexp.MustCompile(`"msg":"relay listening","addr":"([^"]+)"`)

// The binary's Main on 127.0.0.1:0: a webhook signed by the sign helper's
// code reaches a real client; cancelling stops it with exit code 0.
func TestMainServesEndToEnd(t *testing.T) {
	dir := t.TempDir()
	env, _, stderr := testEnv(map[string]string{"TWILIO_AUTH_TOKEN": testTwilioToken,
		"FORKCAST_RELAY_TOKEN": testRelayToken, "FORKCAST_RELAY_PUBLIC_URL": "https://relay.test"})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"--listen", "127.0.0.1:0", "--db", filepath.Join(dir, "relay.db"), "--heartbeat", "1s"}, env)
	}()
	var addr string
	testkit.WaitFor(t, testkit.Patience, "relay listening", func() bool {
		m := addrRe.FindStringSubmatch(stderr.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	})
	params := server.TwilioTestParams("SMmain", "+15005550006", "+15005550001", "1")
	sig := server.SignTwilio(testTwilioToken, "https://relay.test/twilio/sms", params)
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/twilio/sms", strings.NewReader(params.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook: status %d, want 200", resp.StatusCode)
	}
	if code := Main(t.Context(), []string{"health", "--url", "http://" + addr + "/readyz"}, env); code != exitOK {
		t.Fatalf("health of a running relay: exit %d, want 0", code)
	}
	sink := testkit.NewSQLiteSink(t)
	c, err := relay.NewClient(relay.ClientConfig{URL: "http://" + addr, Token: testRelayToken})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stopClient := context.WithCancel(t.Context())
	ran := make(chan error, 1)
	go func() { ran <- c.Run(runCtx, sink) }()
	stop := func() { stopClient(); <-ran }
	testkit.WaitFor(t, testkit.Patience, "text delivered", func() bool { return sink.Count(t) == 1 })
	if h := c.Health(); h.State != vote.HealthOK {
		t.Fatalf("client state %q, want ok", h.State)
	}
	stop()
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("Main exit %d, want 0; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(server.ShutdownGrace + time.Second):
		t.Fatalf("Main did not stop")
	}
	if strings.Contains(stderr.String(), "15005550006") {
		t.Fatalf("log holds the full sender number")
	}
	if code := Main(t.Context(), []string{"health", "--url", "http://" + addr + "/readyz"}, env); code != exitFailed {
		t.Fatalf("health of a stopped relay: exit %d, want 1", code)
	}
}

// With --domain the relay serves TLS (certificates from Let's Encrypt, fetched
// on the first handshake, which this test never makes) and answers plain HTTP
// with a redirect to HTTPS; the public URL defaults to https://DOMAIN.
func TestMainDomainWiring(t *testing.T) {
	dir := t.TempDir()
	env, _, stderr := testEnv(map[string]string{"TWILIO_AUTH_TOKEN": testTwilioToken, "FORKCAST_RELAY_TOKEN": testRelayToken})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"--domain", "relay.example.com", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0",
			"--db", filepath.Join(dir, "relay.db"), "--cert-dir", filepath.Join(dir, "certs")}, env)
	}()
	httpRe := regexp.MustCompile(`"http_addr":"([^"]+)"`)
	var httpAddr string
	testkit.WaitFor(t, testkit.Patience, "autocert listener", func() bool {
		m := httpRe.FindStringSubmatch(stderr.String())
		if m != nil {
			httpAddr = m[1]
		}
		return m != nil && strings.Contains(stderr.String(), "relay listening")
	})
	if !strings.Contains(stderr.String(), `"public_url":"https://relay.example.com"`) {
		t.Fatalf("public URL did not default to https://DOMAIN; log:\n%s", stderr.String())
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, "http://"+httpAddr+"/readyz", nil)
	req.Host = "relay.example.com"
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 3 || !strings.HasPrefix(resp.Header.Get("Location"), "https://relay.example.com/") {
		t.Fatalf("plain HTTP: %d to %q, want a redirect to https://relay.example.com/", resp.StatusCode, resp.Header.Get("Location"))
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Fatalf("Main exit %d, want 0; log:\n%s", code, stderr.String())
	}
}
