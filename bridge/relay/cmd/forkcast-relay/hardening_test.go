package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/bridge/relay"
	"forkcast/bridge/relay/server"
)

// The relay binary's part of the security suite (issue #21).

// runningRelay is Main serving in the background.
type runningRelay struct {
	addr   string
	stderr *testkit.SyncBuffer
	cancel context.CancelFunc
	done   chan int
}

// startMain runs Main with args and the environment vars until the test
// ends, and returns once the relay listens, or when Main exits first (addr
// is then "").
func startMain(t *testing.T, args []string, vars map[string]string) *runningRelay {
	t.Helper()
	env, _, stderr := testEnv(vars)
	ctx, cancel := context.WithCancel(t.Context())
	r := &runningRelay{stderr: stderr, cancel: cancel, done: make(chan int, 1)}
	go func() { r.done <- Main(ctx, args, env) }()
	exited := false
	testkit.WaitFor(t, testkit.Patience, "relay listening or Main exiting", func() bool {
		if m := addrRe.FindStringSubmatch(stderr.String()); m != nil {
			r.addr = m[1]
			return true
		}
		select {
		case code := <-r.done:
			r.done <- code
			exited = true
		default:
		}
		return exited
	})
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(server.ShutdownGrace + 5*time.Second):
			t.Errorf("Main did not stop")
		}
	})
	return r
}

// dialFrom opens a TCP connection to addr from the loopback address ip.
func dialFrom(ip, addr string) (net.Conn, error) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 2 * time.Second}
	return d.Dial("tcp", addr)
}

// httpFrom is an HTTP client whose connections come from the loopback
// address ip.
func httpFrom(ip string, timeout time.Duration) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: timeout}
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DialContext: d.DialContext}}
}

// signedWebhook posts one signed text to a relay whose public URL is
// https://relay.test and returns the status and how long the answer took.
func signedWebhook(hc *http.Client, addr, sid string) (int, time.Duration, error) {
	params := server.TwilioTestParams(sid, "+15005550006", "+15005550001", "1")
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/twilio/sms", strings.NewReader(params.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", server.SignTwilio(testTwilioToken, "https://relay.test/twilio/sms", params))
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return 0, time.Since(start), err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, time.Since(start), nil
}

var relayVars = map[string]string{"TWILIO_AUTH_TOKEN": testTwilioToken, "FORKCAST_RELAY_TOKEN": testRelayToken,
	"FORKCAST_RELAY_PUBLIC_URL": "https://relay.test"}

// Idle keep-alive connections from one address, twice --max-conns of them,
// lock out neither a signed webhook from another address nor the laptop's
// stream from the same address (the issue: 512 idle connections made every
// webhook hang).
func TestIdleConnectionsCannotLockOut(t *testing.T) {
	r := startMain(t, []string{"--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "relay.db"),
		"--max-conns", "32"}, relayVars)
	if r.addr == "" {
		t.Fatalf("relay did not start:\n%s", r.stderr.String())
	}
	var idle []net.Conn
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	for i := 0; i < 64; i++ {
		c, err := dialFrom("127.0.0.1", r.addr)
		if err != nil {
			t.Fatalf("idle connection %d: %v", i, err)
		}
		idle = append(idle, c)
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: relay.test\r\n\r\n")
	}
	// Locked out, a request would wait for an idle connection to time out
	// (server.IdleTimeout, 15 s): promptness is the subject, so the bound
	// is a second plus the machine's stalls (see Promptly); the clients'
	// own deadlines are only the generous testkit.Patience.
	testkit.Promptly(t, "a signed webhook with 64 idle connections open", time.Second, func() {
		status, took, err := signedWebhook(httpFrom("127.0.0.2", testkit.Patience), r.addr, "SMlockout")
		if err != nil || status != http.StatusOK {
			t.Fatalf("signed webhook with 64 idle connections open: status %d after %s, err %v; want 200",
				status, took.Round(time.Millisecond), err)
		}
	})
	// The laptop at the venue shares the attacker's address.
	ctx, cancel := context.WithTimeout(t.Context(), testkit.Patience)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+r.addr+relay.StreamPath, nil)
	req.Header.Set("Authorization", "Bearer "+testRelayToken)
	testkit.Promptly(t, "the laptop's stream opening from the same address", time.Second, func() {
		start := time.Now()
		resp, err := httpFrom("127.0.0.1", testkit.Patience).Do(req)
		if err != nil {
			t.Fatalf("laptop stream from the same address: %v after %s", err, time.Since(start).Round(time.Millisecond))
		}
		defer resp.Body.Close()
		ev, err := relay.NewEventReader(bufio.NewReader(resp.Body)).Next()
		if err != nil || ev.Event != relay.EventHello {
			t.Fatalf("laptop stream: first event %q, err %v; want hello", ev.Event, err)
		}
	})
}

// Off loopback, a weak laptop token is refused before the relay listens; on
// loopback (development) it is accepted.
func TestWeakTokenRefusedOffLoopback(t *testing.T) {
	weak := map[string]string{"TWILIO_AUTH_TOKEN": testTwilioToken, "FORKCAST_RELAY_TOKEN": "aaaaaaaaaaaaaaaaaaaa",
		"FORKCAST_RELAY_PUBLIC_URL": "https://relay.test"}
	for _, listen := range []string{"0.0.0.0:0", ":0"} {
		r := startMain(t, []string{"--listen", listen, "--db", filepath.Join(t.TempDir(), "relay.db")}, weak)
		if r.addr != "" {
			t.Fatalf("--listen %s with the token %q: the relay serves; want a refusal", listen, weak["FORKCAST_RELAY_TOKEN"])
		}
		if code := <-r.done; code != exitFailed {
			t.Fatalf("--listen %s with a weak token: exit %d, want %d", listen, code, exitFailed)
		}
		r.done <- exitFailed
		if !strings.Contains(r.stderr.String(), "forkcast-relay token") {
			t.Fatalf("refusal does not say how to make a strong token:\n%s", r.stderr.String())
		}
	}
	// Behind the host's proxy on loopback the relay faces the internet too.
	r := startMain(t, []string{"--listen", "127.0.0.1:0", "--trust-proxy", "--db", filepath.Join(t.TempDir(), "relay.db")}, weak)
	if r.addr != "" {
		t.Fatalf("--trust-proxy with a weak token: the relay serves; want a refusal")
	}
	r = startMain(t, []string{"--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "relay.db")}, weak)
	if r.addr == "" {
		t.Fatalf("loopback with a 20-character token: refused; want it served:\n%s", r.stderr.String())
	}
}

// The laptop token comes from a file (--token-file) or the environment; on
// the command line (--token) it works but warns that ps shows it.
func TestTokenFromFileOrArgvWithWarning(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	const fileToken = "Zr4-file-token_9QmXc2Lp8sVb7NwKyTd3"
	os.WriteFile(file, []byte(fileToken+"\n"), 0o600)
	vars := map[string]string{"TWILIO_AUTH_TOKEN": testTwilioToken, "FORKCAST_RELAY_PUBLIC_URL": "https://relay.test"}
	r := startMain(t, []string{"--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "a.db"), "--token-file", file}, vars)
	if r.addr == "" {
		t.Fatalf("--token-file: relay did not start:\n%s", r.stderr.String())
	}
	if code := statusWithToken(t, r.addr, fileToken); code != http.StatusOK {
		t.Fatalf("token from --token-file: status %d, want 200", code)
	}
	const argvToken = "Hq7-argv-token_3LmPz8Rt2WcXv5NbKsYd"
	r = startMain(t, []string{"--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "b.db"), "--token", argvToken}, vars)
	if r.addr == "" {
		t.Fatalf("--token: relay did not start:\n%s", r.stderr.String())
	}
	if code := statusWithToken(t, r.addr, argvToken); code != http.StatusOK {
		t.Fatalf("token from --token: status %d, want 200", code)
	}
	if log := r.stderr.String(); !strings.Contains(log, "ps") || !strings.Contains(log, "FORKCAST_RELAY_TOKEN") {
		t.Fatalf("--token without a warning that ps shows it:\n%s", log)
	}
	if strings.Contains(r.stderr.String(), argvToken) {
		t.Fatalf("the warning repeats the token")
	}
}

func statusWithToken(t *testing.T, addr, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/v1/status", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET /v1/status: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// What `forkcast-relay token` prints is always strong enough to serve off
// loopback.
func TestGeneratedTokensAreStrong(t *testing.T) {
	for i := 0; i < 50; i++ {
		env, out, _ := testEnv(nil)
		if code := Main(t.Context(), []string{"token"}, env); code != exitOK {
			t.Fatalf("token: exit %d", code)
		}
		tok := strings.TrimSpace(out.String())
		if err := server.StrongToken(tok); err != nil {
			t.Fatalf("generated token refused: %v", err)
		}
	}
	if server.StrongToken("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") == nil {
		t.Fatalf("43 times the same character passed as strong")
	}
}
