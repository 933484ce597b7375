package server

import (
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// The security suite of the relay (issue #21): each test below failed before
// its fix. Phone numbers in this file are fictional: +1 NXX 555 XXXX.

// usNumber is what the reproduction greps the files for.
var usNumber = regexp.MustCompile(`\+1[2-9][0-9]{2}555[0-9]{4}`)

// numbersInFiles returns the distinct phone numbers readable in the raw
// bytes of the database file and its -wal and -shm files.
func numbersInFiles(t *testing.T, dbPath string) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
		b, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		for _, m := range usNumber.FindAll(b, -1) {
			if !seen[string(m)] {
				seen[string(m)] = true
				out = append(out, filepath.Base(p)+":"+string(m))
			}
		}
	}
	return out
}

// postNumbered posts n signed texts from distinct numbers, to a number and
// quoting a number that match the pattern too.
func postNumbered(t *testing.T, hc *http.Client, base string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		p := TwilioTestParams(fmt.Sprintf("SMnum%03d", i), fmt.Sprintf("+1503555%04d", i), "+12125550100",
			fmt.Sprintf("vote 1, call me on +1415555%04d", i))
		if code, body := postWebhook(t, hc, base, p); code != http.StatusOK {
			t.Fatalf("webhook %d: status %d (%s)", i, code, body)
		}
	}
}

// After an acknowledgement, the numbers (senders, recipients, numbers quoted
// in the bodies) are gone from the bytes of relay.db and its WAL, as soon as
// the ack is answered.
func TestAckScrubsNumbersFromFile(t *testing.T) {
	srv, hs := startTestRelay(t, nil)
	postNumbered(t, hs.Client(), hs.URL, 50)
	if got := numbersInFiles(t, srv.cfg.DBPath); len(got) == 0 {
		t.Fatalf("no number readable before the ack: the check cannot see them")
	}
	if code, body := apiRequest(t, http.MethodPost, hs.URL+"/v1/ack", `{"through": 50}`); code != http.StatusOK {
		t.Fatalf("ack: status %d (%s)", code, body)
	}
	if got := numbersInFiles(t, srv.cfg.DBPath); len(got) > 0 {
		t.Fatalf("%d numbers still readable in the files after the ack, e.g. %v", len(got), got[:min(5, len(got))])
	}
	// The rows stay (bare ids) so a provider's retry is still recognised.
	if code, _ := postWebhook(t, hs.Client(), hs.URL, TwilioTestParams("SMnum007", "+15035550007", "+12125550100", "x")); code != http.StatusOK {
		t.Fatalf("retry after ack: status %d", code)
	}
	if got := countTexts(t, srv); got != 50 {
		t.Fatalf("texts = %d after a retry of an acknowledged one, want 50", got)
	}
}

// Texts deleted unacknowledged at the end of the retention period leave no
// number behind either.
func TestPruneScrubsNumbersFromFile(t *testing.T) {
	srv, hs := startTestRelay(t, nil)
	postNumbered(t, hs.Client(), hs.URL, 50)
	future := time.Now().Add(time.Hour)
	if n, err := srv.store.Prune(t.Context(), future, future); err != nil || n != 50 {
		t.Fatalf("Prune = %d, %v; want 50 rows", n, err)
	}
	if got := numbersInFiles(t, srv.cfg.DBPath); len(got) > 0 {
		t.Fatalf("%d numbers still readable after the prune, e.g. %v", len(got), got[:min(5, len(got))])
	}
}

// A file written without secure_delete (by an older relay) still holds
// deleted numbers in its free space; opening it with this relay clears them.
func TestOpenScrubsResidueOfOlderFiles(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	// Write and delete texts the way an older relay did: no secure_delete.
	raw, err := sql.Open("sqlite", "file:"+cfg.DBPath+"?_pragma=secure_delete(0)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if _, err := raw.Exec(`INSERT INTO texts(provider, provider_id, sender, recipient, body, received_ms)
			VALUES('twilio', ?, ?, '+12125550100', ?, 0)`, fmt.Sprint("SMold", i), fmt.Sprintf("+1503555%04d", i),
			strings.Repeat("padding ", 40)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`DELETE FROM texts`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if got := numbersInFiles(t, cfg.DBPath); len(got) == 0 {
		t.Fatalf("the older file holds no deleted number: the test setup is wrong")
	}
	srv, err = NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if got := numbersInFiles(t, cfg.DBPath); len(got) > 0 {
		t.Fatalf("%d deleted numbers still readable after opening with this relay, e.g. %v", len(got), got[:min(5, len(got))])
	}
}

// A relay.db from a newer relay (a schema this binary does not know) is
// refused with a clear message, and not written to.
func TestNewerSchemaRefused(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	raw, err := sql.Open("sqlite", "file:"+cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before := fileSum(t, cfg.DBPath)
	srv, err = NewServer(cfg)
	if err == nil {
		srv.Close()
		t.Fatalf("NewServer opened a relay.db of schema 99; want a refusal")
	}
	msg := err.Error()
	for _, want := range []string{"newer", "99", "upgrade"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if after := fileSum(t, cfg.DBPath); after != before {
		t.Fatalf("the newer file was written to")
	}
	if b, err := os.ReadFile(cfg.DBPath + "-wal"); err == nil && len(b) > 0 {
		t.Fatalf("the newer file's WAL holds %d bytes: something was written", len(b))
	}
}

// A relay.db of a newer schema, or another program's file, in
// rollback-journal mode (what a newer relay or another program may leave)
// is refused before the writable open: the file and its folder stay byte
// for byte as they were (no switch to WAL, no -wal or -shm beside it). The
// relay's store was switched to WAL before its schema check until this
// test's commit.
func TestRefusedFilesStayUntouched(t *testing.T) {
	for _, tc := range []struct {
		name, setup string
		want        error
	}{
		{"newer schema", "CREATE TABLE texts (id INTEGER PRIMARY KEY); PRAGMA user_version = 7", ErrNewerSchema},
		{"foreign", "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')", ErrForeign},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := testConfig(dir)
			raw, err := sql.Open("sqlite", "file:"+cfg.DBPath+"?_pragma=journal_mode(DELETE)")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(tc.setup); err != nil {
				t.Fatal(err)
			}
			raw.Close()
			before := dirSums(t, dir)
			srv, err := NewServer(cfg)
			if err == nil {
				srv.Close()
				t.Fatalf("NewServer opened a %s relay.db; want a refusal", tc.name)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("NewServer error = %v, want %v", err, tc.want)
			}
			if n := strings.Count(err.Error(), cfg.DBPath); n != 1 {
				t.Errorf("error %q names the path %d times, want once", err, n)
			}
			if after := dirSums(t, dir); !maps.Equal(after, before) {
				t.Fatalf("the folder changed on a refusal:\nbefore %v\nafter  %v", sumNames(before), sumNames(after))
			}
		})
	}
}

// dirSums returns each file of dir with its content's hash.
func dirSums(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][32]byte{}
	for _, e := range ents {
		out[e.Name()] = fileSum(t, filepath.Join(dir, e.Name()))
	}
	return out
}

func sumNames(m map[string][32]byte) []string {
	var out []string
	for name, sum := range m {
		out = append(out, fmt.Sprintf("%s:%x", name, sum[:4]))
	}
	sort.Strings(out)
	return out
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// clientFrom is an HTTP client whose connections come from the loopback
// address ip (Linux routes all of 127.0.0.0/8 to lo), so one test can be many
// clients.
func clientFrom(ip string, timeout time.Duration) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: timeout}
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DialContext: d.DialContext,
		MaxIdleConnsPerHost: 4, DisableCompression: true}}
}

// do sends req and returns the status, failing the test on a transport error.
func do(t *testing.T, hc *http.Client, req *http.Request) int {
	t.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// A flood of unsigned webhooks from many addresses spends nothing that a
// signed webhook needs: with --webhook-rate 5, 60 unsigned POSTs from 60
// addresses, then 5 signed ones all get 200 (the issue: 11 unsigned were
// enough to get valid webhooks 429).
func TestUnsignedFloodDoesNotThrottleSignedWebhooks(t *testing.T) {
	srv, hs := startTestRelay(t, func(c *Config) { c.WebhookRate = 5 })
	for i := 0; i < 60; i++ {
		hc := clientFrom(fmt.Sprintf("127.0.1.%d", i+1), 5*time.Second)
		r := newWebhook(t, hs.URL, smsParams(fmt.Sprint("SMflood", i), "+15005550006", "1"))
		r.Header.Del("X-Twilio-Signature")
		if code := do(t, hc, r); code != http.StatusForbidden {
			t.Fatalf("unsigned webhook %d: status %d, want 403", i, code)
		}
		hc.CloseIdleConnections()
	}
	twilio := clientFrom("127.0.0.2", 5*time.Second)
	for i := 0; i < 5; i++ {
		if code := do(t, twilio, newWebhook(t, hs.URL, smsParams(fmt.Sprint("SMok", i), "+15005550006", "1"))); code != http.StatusOK {
			t.Fatalf("signed webhook %d after an unsigned flood: status %d, want 200", i, code)
		}
	}
	if got := countTexts(t, srv); got != 5 {
		t.Fatalf("stored texts = %d, want 5", got)
	}
}

// Refused requests count per address group: one IPv4 address, or one IPv6
// /64 (what one subscriber gets), so hopping addresses inside one's /64 does
// not reset the count. Another /64 is not affected.
func TestFailuresGroupedByIPv6Prefix(t *testing.T) {
	_, hs := startTestRelay(t, func(c *Config) { c.TrustProxy = true; c.FailureRate, c.FailureBurst = 0.001, 3 })
	forged := func(from string) int {
		r := newWebhook(t, hs.URL, smsParams("SMx", "+15005550006", "1"))
		r.Header.Set("X-Twilio-Signature", "forged")
		r.Header.Set("X-Forwarded-For", from)
		return do(t, hs.Client(), r)
	}
	badToken := func(from string) int {
		r, _ := http.NewRequest(http.MethodGet, hs.URL+"/v1/status", nil)
		r.Header.Set("Authorization", "Bearer wrong-token-wrong-token")
		r.Header.Set("X-Forwarded-For", from)
		return do(t, hs.Client(), r)
	}
	for i := 1; i <= 3; i++ {
		if code := forged(fmt.Sprintf("2001:db8:1:2::%x", i)); code != http.StatusForbidden {
			t.Fatalf("forgery %d: status %d, want 403", i, code)
		}
	}
	if code := forged("2001:db8:1:2:ffff:ffff:ffff:fffe"); code != http.StatusTooManyRequests {
		t.Fatalf("a 4th forgery from another address of the same /64: status %d, want 429", code)
	}
	if code := badToken("2001:db8:1:2:abcd::1"); code != http.StatusTooManyRequests {
		t.Fatalf("a bad bearer token from the same /64: status %d, want 429", code)
	}
	if code := forged("2001:db8:1:3::1"); code != http.StatusForbidden {
		t.Fatalf("a forgery from the next /64: status %d, want 403 (not limited)", code)
	}
	if code := forged("192.0.2.1"); code != http.StatusForbidden {
		t.Fatalf("a forgery from an IPv4 address: status %d, want 403", code)
	}
	if code := forged("192.0.2.2"); code != http.StatusForbidden {
		t.Fatalf("a forgery from the next IPv4 address: status %d, want 403 (IPv4 counts per address)", code)
	}
}

// RFC 7235: the authentication scheme is case-insensitive.
func TestBearerSchemeCaseInsensitive(t *testing.T) {
	_, hs := startTestRelay(t, nil)
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		r, _ := http.NewRequest(http.MethodGet, hs.URL+"/v1/status", nil)
		r.Header.Set("Authorization", scheme+" "+testRelayToken)
		if code := do(t, hs.Client(), r); code != http.StatusOK {
			t.Errorf("Authorization %q TOKEN: status %d, want 200", scheme, code)
		}
	}
	for _, auth := range []string{"Bearer", "Bearer ", "Bearertoken " + testRelayToken, "Basic " + testRelayToken} {
		r, _ := http.NewRequest(http.MethodGet, hs.URL+"/v1/status", nil)
		r.Header.Set("Authorization", auth)
		if code := do(t, hs.Client(), r); code != http.StatusUnauthorized {
			t.Errorf("Authorization %q: status %d, want 401", auth, code)
		}
	}
}
