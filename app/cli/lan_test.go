package cli

import (
	"net"
	"net/http"
	"strings"
	"testing"

	"forkcast/app/web"
)

// lanGet sends GET /api/state to the server through dial (host:port) with
// the Host header host and the token; it returns the status and body, or
// the dial error.
func lanGet(t *testing.T, dial, host, token string) (int, string, error) {
	t.Helper()
	code, b, err := bearerDo(t, http.MethodGet, dial, host, "/api/state", token)
	return code, string(b), err
}

// Issue #23 item 13: the desktop app's phone remote pointed at 127.0.0.1.
// The LAN toggle moves the running server to every interface, same port,
// accepting exactly the LAN addresses as Host; off, loopback only again.
func TestLANToggle(t *testing.T) {
	r, ctx := openDemoShow(t)
	real, err := web.LANAddrs()
	if err != nil {
		t.Fatalf("LANAddrs: %v", err)
	}
	// 198.51.100.7 (a documentation address) stands for a LAN address this
	// machine may lack: requests for it go through loopback with its Host.
	const fakeLAN = "198.51.100.7"
	r.lanAddrsFn = func() ([]string, error) { return append([]string{fakeLAN}, real...), nil }
	port := portOf(r.addr)
	local := net.JoinHostPort("127.0.0.1", port)
	if st := r.lan(); st.On {
		t.Fatalf("LAN mode on at start: %+v", st)
	}
	if code, body, _ := lanGet(t, local, net.JoinHostPort(fakeLAN, port), r.token); code == http.StatusOK {
		t.Fatalf("loopback server answered Host %s before the toggle: %d %s", fakeLAN, code, body)
	}

	st, err := r.setLAN(ctx, true)
	if err != nil {
		t.Fatalf("setLAN(true): %v", err)
	}
	if ip := net.ParseIP(listenHost(r.addr)); !st.On || portOf(r.addr) != port || ip == nil || !ip.IsUnspecified() {
		t.Fatalf("after setLAN(true): state %+v, addr %s, want on at every interface, port %s", st, r.addr, port)
	}
	want := "http://" + net.JoinHostPort(fakeLAN, port) + "/console?token=" + r.token
	if st.Remote != want || len(st.URLs) != 1+len(real) {
		t.Errorf("remote %q and %d URLs, want %q and %d", st.Remote, len(st.URLs), want, 1+len(real))
	}
	if err := web.StrongToken(r.token); err != nil {
		t.Errorf("token on the network: %v", err)
	}
	lanHost := net.JoinHostPort(fakeLAN, port)
	if code, body, err := lanGet(t, local, lanHost, r.token); err != nil || code != http.StatusOK {
		t.Errorf("Host %s with the token = %d %s %v, want 200", lanHost, code, body, err)
	}
	for _, ip := range real { // the machine's own LAN addresses, dialled for real
		a := net.JoinHostPort(ip, port)
		if code, body, err := lanGet(t, a, a, r.token); err != nil || code != http.StatusOK {
			t.Errorf("GET via %s = %d %s %v, want 200", a, code, body, err)
		}
	}
	if len(real) == 0 {
		t.Log("this machine has no LAN address: only the stand-in was reached")
	}
	for _, foreign := range []string{net.JoinHostPort("203.0.113.9", port), "evil.example:" + port, "192.168.1.1"} {
		if code, body, err := lanGet(t, local, foreign, r.token); err != nil || code == http.StatusOK || !strings.Contains(body, "Unknown host name") {
			t.Errorf("foreign Host %s = %d %s %v, want a refusal naming the host", foreign, code, body, err)
		}
	}
	if code, _, err := lanGet(t, local, lanHost, ""); err != nil || code != http.StatusUnauthorized {
		t.Errorf("Host %s without the token = %d %v, want 401", lanHost, code, err)
	}
	if code, body, err := lanGet(t, local, local, r.token); err != nil || code != http.StatusOK {
		t.Errorf("loopback with the token = %d %s %v, want 200", code, body, err)
	}

	st, err = r.setLAN(ctx, false)
	if err != nil || st.On {
		t.Fatalf("setLAN(false) = %+v, %v", st, err)
	}
	if r.addr != local {
		t.Errorf("after setLAN(false) addr %s, want %s", r.addr, local)
	}
	if code, body, err := lanGet(t, local, local, r.token); err != nil || code != http.StatusOK {
		t.Errorf("loopback after the toggle off = %d %s %v, want 200", code, body, err)
	}
	if code, body, err := lanGet(t, local, lanHost, r.token); err != nil || code == http.StatusOK || !strings.Contains(body, "Unknown host name") {
		t.Errorf("Host %s after the toggle off = %d %s %v, want a refusal", lanHost, code, body, err)
	}
	for _, ip := range real {
		a := net.JoinHostPort(ip, port)
		if _, _, err := lanGet(t, a, a, r.token); err == nil {
			t.Errorf("GET via %s connected after the toggle off", a)
		}
	}
}

// A machine without a LAN address refuses LAN mode with a sentence and
// keeps serving on loopback.
func TestLANWithoutNetwork(t *testing.T) {
	r, ctx := openDemoShow(t)
	r.lanAddrsFn = func() ([]string, error) { return nil, nil }
	addr := r.addr
	if _, err := r.setLAN(ctx, true); err != errNoLAN {
		t.Fatalf("setLAN(true) without addresses = %v, want errNoLAN", err)
	}
	if code, body, err := lanGet(t, addr, addr, r.token); err != nil || code != http.StatusOK || r.lan().On {
		t.Errorf("loopback after the refusal = %d %s %v (on %v), want 200 and off", code, body, err, r.lan().On)
	}
}
