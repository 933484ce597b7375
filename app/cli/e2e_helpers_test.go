package cli

// Helpers for the cross-component tests (e2e_*_test.go): `forkcast serve`
// run in-process on loopback, its HTTP API and event stream, a real relay,
// and a webhook poster that signs and retries as Twilio does.

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite/dbfile"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/relay/server"
)

const (
	e2eToken       = "e2e-show-token"                 // the show's control token (--token)
	e2eRelayToken  = "e2e-relay-token-0123456789abcd" // the laptop's bearer token at the relay
	e2eTwilioToken = "e2e-twilio-auth-token"          // the Twilio auth token the relay checks
	e2eTwilioIP    = "54.172.60.1"                    // where Twilio's webhooks come from (X-Forwarded-For)
)

// e2eStory copies stories/demo.md into dir with its 12 s poll timer turned
// off (the speaker closes the poll), so a poll stays open across the
// restarts a test makes whatever the machine's speed.
func e2eStory(t testing.TB, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "stories", "demo.md"))
	if err != nil {
		t.Fatalf("read the demo story: %v", err)
	}
	src := strings.Replace(string(b), "\n  timer: 12s\n", "\n  timer: 0\n", 1)
	if src == string(b) {
		t.Fatalf("stories/demo.md no longer sets 'timer: 12s': update e2eStory")
	}
	path := filepath.Join(dir, "demo.md")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatalf("write story: %v", err)
	}
	return path
}

// e2eShow is `forkcast serve` running in-process.
type e2eShow struct {
	base   string
	log    *testkit.SyncBuffer
	cancel context.CancelFunc
	done   chan int
	once   sync.Once
}

// startE2EShow runs serve with args plus --listen 127.0.0.1:0 --token, waits
// for its stage URL, and stops it when the test ends. Its logs are printed
// when the test fails.
func startE2EShow(t testing.TB, args ...string) *e2eShow {
	t.Helper()
	args = append([]string{"--listen", "127.0.0.1:0", "--token", e2eToken}, args...)
	var o showFlags
	fs := newFlagSet("serve", "", io.Discard)
	o.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("serve flags %q: %v", args, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &e2eShow{log: &testkit.SyncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	pr, pw := io.Pipe()
	go func() {
		s.done <- serve(ctx, o, Env{Stdout: pw, Stderr: s.log, Version: "dev", Frontend: testFrontend})
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "stage: "); ok {
			s.base = u[:strings.Index(u, "/stage")]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	t.Cleanup(func() {
		s.stop(t)
		if t.Failed() {
			t.Logf("serve %s logs:\n%s", s.base, tail(s.log.String(), 60))
		}
	})
	if s.base == "" {
		cancel()
		t.Fatalf("serve printed no stage URL (exit %d): %s", <-s.done, s.log.String())
	}
	return s
}

// stop ends serve and checks it exits 0 within 10 s. Safe to call twice.
func (s *e2eShow) stop(t testing.TB) {
	t.Helper()
	s.once.Do(func() {
		s.cancel()
		select {
		case code := <-s.done:
			if code != exitOK {
				t.Errorf("serve exited %d, want 0:\n%s", code, tail(s.log.String(), 30))
			}
		case <-time.After(testkit.Patience):
			t.Errorf("serve did not stop within %v", testkit.Patience)
		}
	})
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// do makes one request; token "" sends none. It fails t on a transport error.
func (s *e2eShow) do(t testing.TB, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.base+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// state reads GET /api/state.
func (s *e2eShow) state(t testing.TB) show.State {
	t.Helper()
	code, b := s.do(t, http.MethodGet, "/api/state", "", nil)
	var st show.State
	if code != http.StatusOK {
		t.Fatalf("GET /api/state = %d %s", code, b)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("state JSON: %v", err)
	}
	return st
}

// inbox reads GET /api/inbox?limit=1000 (newest first).
func (s *e2eShow) inbox(t testing.TB) []show.InboxEntry {
	t.Helper()
	code, b := s.do(t, http.MethodGet, "/api/inbox?limit=1000", "", nil)
	var out []show.InboxEntry
	if code != http.StatusOK {
		t.Fatalf("GET /api/inbox = %d %s", code, b)
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("inbox JSON: %v", err)
	}
	return out
}

// action posts a control action with the token and fails t unless it is 200.
func (s *e2eShow) action(t testing.TB, path string, body any) {
	t.Helper()
	if code, b := s.do(t, http.MethodPost, path, e2eToken, body); code != http.StatusOK {
		t.Fatalf("POST %s = %d %s", path, code, b)
	}
}

// openFirstFork moves to the first fork, opens its poll, and returns it.
func (s *e2eShow) openFirstFork(t testing.TB) *show.PollState {
	t.Helper()
	for i := 0; i < 20 && !s.state(t).AtFork; i++ {
		s.action(t, "/api/next", nil)
	}
	if st := s.state(t); !st.AtFork || st.Poll == nil {
		t.Fatalf("no fork within 20 slides: at %s/%d", st.Scene, st.Slide)
	}
	s.action(t, "/api/poll/open", nil)
	st := s.state(t)
	if st.Poll.State != show.PollOpen {
		t.Fatalf("poll %s after /api/poll/open, want open", st.Poll.State)
	}
	return st.Poll
}

// source returns the health of the named source in the show's state.
func (s *e2eShow) source(t testing.TB, name string) (vote.Health, bool) {
	t.Helper()
	for _, h := range s.state(t).Sources {
		if h.Source == name {
			return h, true
		}
	}
	return vote.Health{}, false
}

// waitSource waits until the named source reports state.
func (s *e2eShow) waitSource(t testing.TB, name, state string, timeout time.Duration) vote.Health {
	t.Helper()
	var h vote.Health
	testkit.WaitFor(t, timeout, fmt.Sprintf("source %s %s", name, state), func() bool {
		h, _ = s.source(t, name)
		return h.State == state
	})
	return h
}

// openDB opens a SQLite file read-only (the laptop's or the relay's).
func openDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := dbfile.Open(path, dbfile.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// strings1 runs a query returning one text column.
func strings1(t testing.TB, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// sameMultiset reports whether a and b hold the same strings, counting repeats.
func sameMultiset(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// e2eRelay is a real relay server on a fixed loopback port, restartable
// with its file.
type e2eRelay struct {
	cfg    server.Config
	addr   string
	url    string
	cancel context.CancelFunc
	done   chan error
}

// startE2ERelay runs a relay with its SQLite file in dir on 127.0.0.1:0,
// public URL its own address, behind a trusted proxy (the webhook poster
// says who is calling in X-Forwarded-For). It stops when the test ends.
func startE2ERelay(t testing.TB, dir string) *e2eRelay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	r := &e2eRelay{addr: ln.Addr().String()}
	r.url = "http://" + r.addr
	r.cfg = server.Config{DBPath: filepath.Join(dir, "relay.db"), PublicURL: r.url,
		TwilioAuthToken: e2eTwilioToken, Token: e2eRelayToken, TrustProxy: true}
	r.serve(t, ln)
	t.Cleanup(func() { r.stop(t) })
	return r
}

func (r *e2eRelay) serve(t testing.TB, ln net.Listener) {
	t.Helper()
	srv, err := server.NewServer(r.cfg)
	if err != nil {
		ln.Close()
		t.Fatalf("server.NewServer: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan error, 1)
	go func() { r.done <- srv.Serve(ctx, ln) }()
}

// stop shuts the relay down gracefully and checks it stopped cleanly.
func (r *e2eRelay) stop(t testing.TB) {
	t.Helper()
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("relay stopped with %v", err)
		}
	case <-time.After(server.ShutdownGrace + 5*time.Second):
		t.Errorf("relay did not stop")
	}
}

// restart stops the relay and serves the same file on the same address.
func (r *e2eRelay) restart(t testing.TB) {
	t.Helper()
	r.stop(t)
	var ln net.Listener
	testkit.Eventually(t, testkit.Patience, "the relay's address free again: "+r.addr, func() (err error) {
		ln, err = net.Listen("tcp", r.addr)
		return err
	})
	r.serve(t, ln)
}

// twilio posts webhooks to a relay as Twilio does: signed over the public
// URL and every parameter, retried on a failed connection or a 5xx/429.
type twilio struct {
	hc   *http.Client
	hook string // the public webhook URL (signed over) and the address posted to
}

func newTwilio(relayURL string, conns int) *twilio {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}
	return &twilio{hc: &http.Client{Transport: tr, Timeout: 10 * time.Second}, hook: relayURL + "/twilio/sms"}
}

// inbound returns the form fields of one inbound SMS, as Twilio posts them.
func inbound(sid, from, body string) url.Values {
	return server.TwilioTestParams(sid, from, "+15035550142", body)
}

// webhook is one request: the form body, its X-Twilio-Signature, the caller.
type webhook struct {
	body string
	sig  string // "" = no header
	from string // X-Forwarded-For
}

// signed is the webhook Twilio would send for p.
func (tw *twilio) signed(p url.Values) webhook {
	return webhook{body: p.Encode(), sig: server.SignTwilio(e2eTwilioToken, tw.hook, p), from: e2eTwilioIP}
}

// post sends w once and returns the status (0 when the connection failed).
func (tw *twilio) post(w webhook) (int, error) {
	req, err := http.NewRequest(http.MethodPost, tw.hook, strings.NewReader(w.body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", w.from)
	if w.sig != "" {
		req.Header.Set("X-Twilio-Signature", w.sig)
	}
	resp, err := tw.hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusOK && !strings.Contains(string(b), "<Response") {
		return resp.StatusCode, fmt.Errorf("answer is not TwiML: %q", b)
	}
	return resp.StatusCode, nil
}

// postForged posts w, again when the connection fails (as during a relay
// restart), and returns the first answer's status.
func (tw *twilio) postForged(w webhook) (int, error) {
	deadline := time.Now().Add(testkit.Patience)
	for {
		code, err := tw.post(w)
		if code != 0 || time.Now().After(deadline) {
			return code, err
		}
		time.Sleep(50 * time.Millisecond) // simulates the sender's pause before it retries
	}
}

// deliver posts w until the relay answers 200, retrying failed connections
// and 5xx/429 answers as Twilio retries, for up to testkit.Patience; it
// returns the last failure otherwise.
func (tw *twilio) deliver(w webhook) error {
	deadline := time.Now().Add(testkit.Patience)
	for {
		code, err := tw.post(w)
		if code == http.StatusOK && err == nil {
			return nil
		}
		retry := err != nil && code == 0 || code >= 500 || code == http.StatusTooManyRequests
		if !retry || time.Now().After(deadline) {
			return fmt.Errorf("webhook answered %d (%v)", code, err)
		}
		time.Sleep(50 * time.Millisecond) // simulates Twilio's pause before it retries
	}
}
