package cli

// Issue 20, "Done when": two independent relays behind one number (the
// provider's webhook URL on the primary, its fallback URL on the other), the
// laptop streaming from both, and the provider emulator falling back as
// Twilio does. The primary is killed with SIGKILL mid-poll and brought back,
// the secondary is killed, the laptop is away while a phone's older text sits
// on a relay that then dies, and the primary's store stops taking writes.
// The tally must stay exact: nothing lost, nothing doubled, and every phone
// that changed its vote counts its newest text.

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"forkcast/app/show"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/relay/relaytest"
	"forkcast/bridge/relay/server"
)

// TestHelperFailoverRelay is not a test: it is a relay process that
// TestE2ETwoRelaysFailover starts (this test binary run again), so that it
// can be killed with SIGKILL and have its file size limit changed alone.
func TestHelperFailoverRelay(t *testing.T) {
	if os.Getenv("FORKCAST_FAILOVER_RELAY") != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", os.Getenv("RELAY_ADDR"))
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	u := "http://" + ln.Addr().String()
	// The store's commit may take 10 s, not the default 1 s: this test is
	// about failover and order, and on a saturated machine a commit that
	// waited over a second (a 503) on the fallback lost the text for good,
	// as Twilio gives up after its fallback URL (seen: 503 after 3.6 s at
	// load 18). A failing store still answers 5xx at once (P6 checks it).
	srv, err := server.NewServer(server.Config{DBPath: os.Getenv("RELAY_DB"), PublicURL: u,
		TwilioAuthToken: e2eTwilioToken, Token: e2eRelayToken, TrustProxy: true,
		StoreTimeout: 10 * time.Second})
	if err != nil {
		fmt.Println("relay:", err)
		os.Exit(1)
	}
	fmt.Println("relay listening " + ln.Addr().String())
	if err := srv.Serve(ctx, ln); err != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

// relayProc is one relay process on a fixed address with its own SQLite file.
type relayProc struct {
	name, addr, db string
	cmd            *exec.Cmd
	exited         chan struct{}
}

func (r *relayProc) url() string { return "http://" + r.addr }

// start runs the relay and waits until it listens.
func (r *relayProc) start(t *testing.T) {
	t.Helper()
	addr := r.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperFailoverRelay$")
	cmd.Env = append(os.Environ(), "FORKCAST_FAILOVER_RELAY=1", "RELAY_ADDR="+addr, "RELAY_DB="+r.db)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start relay %s: %v", r.name, err)
	}
	r.cmd, r.exited = cmd, make(chan struct{})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		cmd.Wait()
		close(r.exited)
	}()
	select {
	case l := <-lines:
		a, ok := strings.CutPrefix(l, "relay listening ")
		if !ok {
			t.Fatalf("relay %s: %s", r.name, l)
		}
		r.addr = a
	case <-r.exited:
		t.Fatalf("relay %s exited before listening", r.name)
	case <-time.After(30 * time.Second):
		t.Fatalf("relay %s did not listen within 30 s", r.name)
	}
}

// kill9 kills the relay with SIGKILL and waits for it to be gone.
func (r *relayProc) kill9(t *testing.T) {
	t.Helper()
	if r.cmd == nil {
		return
	}
	r.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-r.exited:
	case <-time.After(testkit.Patience):
		t.Fatalf("relay %s still running %v after SIGKILL", r.name, testkit.Patience)
	}
	r.cmd = nil
}

// stop ends the relay gracefully (SIGTERM), so its file can be read.
func (r *relayProc) stop(t *testing.T) {
	t.Helper()
	if r.cmd == nil {
		return
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(20 * time.Second):
		r.cmd.Process.Kill()
		t.Errorf("relay %s did not stop on SIGTERM", r.name)
	}
	r.cmd = nil
}

// failText is one text a phone sent.
type failText struct {
	sid    string
	phone  int
	choice int
	body   string
	phase  string
	res    relaytest.Result
}

// failStream keeps what was sent and what must count.
type failStream struct {
	p     *relaytest.Provider
	rng   *rand.Rand
	mu    sync.Mutex
	texts []*failText
	last  map[int]int // phone → choice of its newest text
}

func (fs *failStream) make(phase string, phone, choice int) *failText {
	says := e2eSays[choice]
	x := &failText{sid: fmt.Sprintf("SM%030x%02d", len(fs.texts)+1, phone%100), phone: phone, choice: choice,
		body: says[fs.rng.IntN(len(says))], phase: phase}
	fs.texts = append(fs.texts, x)
	fs.last[phone] = choice
	return x
}

// lost lists the texts neither relay took (the provider gives up after
// the fallback, as Twilio does), with why each relay failed.
func (fs *failStream) lost() string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var out []string
	for _, x := range fs.texts {
		if x.res.Fallback && x.res.Lost != "" {
			out = append(out, fmt.Sprintf("%s %s (primary %s after %s, fallback %s after %s)", x.phase, x.sid,
				x.res.Primary, x.res.PrimaryIn.Round(time.Millisecond), x.res.Lost, x.res.LostIn.Round(time.Millisecond)))
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, "; ")
}

// send posts texts with four workers, as the provider would for a busy
// number; after is called with the count done after each.
func (fs *failStream) send(t *testing.T, texts []*failText, after func(n int)) {
	t.Helper()
	jobs := make(chan *failText)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := range jobs {
				p := relaytest.Inbound(x.sid, fmt.Sprintf("+1503555%04d", x.phone), "+15035550142", x.body)
				res, err := fs.p.Send(context.Background(), p)
				if err != nil {
					t.Errorf("send %s: %v", x.sid, err)
				}
				fs.mu.Lock()
				x.res = res
				fs.mu.Unlock()
				mu.Lock()
				done++
				n := done
				mu.Unlock()
				if after != nil {
					after(n)
				}
			}
		}()
	}
	for _, x := range texts {
		jobs <- x
	}
	close(jobs)
	wg.Wait()
}

// takesWebhooks waits until the console says relay now takes the webhooks
// and other stands by (health is read once a second).
func takesWebhooks(t *testing.T, s *e2eShow, now, other string) {
	t.Helper()
	testkit.Eventually(t, testkit.Patience, now+" taking the webhooks", func() error {
		h, _ := s.source(t, now)
		o, _ := s.source(t, other)
		if h.Metrics["webhooks"] != "now" || o.Metrics["webhooks"] != "standby" {
			return fmt.Errorf("%s webhooks=%q, %s webhooks=%q", now, h.Metrics["webhooks"], other, o.Metrics["webhooks"])
		}
		return nil
	})
}

func TestE2ETwoRelaysFailover(t *testing.T) {
	start := time.Now()
	dir := t.TempDir()
	storyPath := e2eStory(t, dir)
	a := &relayProc{name: "primary", db: filepath.Join(dir, "a", "relay.db")}
	b := &relayProc{name: "secondary", db: filepath.Join(dir, "b", "relay.db")}
	for _, r := range []*relayProc{a, b} {
		if err := os.MkdirAll(filepath.Dir(r.db), 0o700); err != nil {
			t.Fatal(err)
		}
		r.start(t)
		t.Cleanup(func() { r.stop(t) })
	}
	laptopDB := filepath.Join(dir, "laptop", "forkcast.db")
	args := []string{"--live", "--source", "relay:" + a.url() + "," + b.url(), "--relay-token", e2eRelayToken,
		"--db", laptopDB, "--story", storyPath}
	nameA, nameB := "relay "+a.addr, "relay "+b.addr

	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	prov := &relaytest.Provider{AuthToken: e2eTwilioToken, Primary: a.url() + "/twilio/sms",
		Fallback: b.url() + "/twilio/sms", Timeout: 15 * time.Second, // Twilio's default
		Header: http.Header{"X-Forwarded-For": {e2eTwilioIP}}, Client: &http.Client{Transport: tr}}
	fs := &failStream{p: prov, rng: rand.New(rand.NewPCG(20, 20)), last: map[int]int{}}
	pick := func() int { return 1 + fs.rng.IntN(2) }

	s := startE2EShow(t, args...)
	s.waitSource(t, nameA, vote.HealthOK, 10*time.Second)
	s.waitSource(t, nameB, vote.HealthOK, 10*time.Second)
	s.openFirstFork(t)
	counted := func(s *e2eShow, what string) {
		t.Helper()
		testkit.Eventually(t, 40*time.Second, what, func() error {
			st := s.state(t)
			n := len(s.inbox(t))
			if st.Poll == nil || st.Poll.Total != len(fs.last) || n != len(fs.texts) {
				return fmt.Errorf("poll %+v, inbox %d texts; want %d voters, %d texts; lost by the provider: %s", st.Poll, n, len(fs.last), len(fs.texts), fs.lost())
			}
			return nil
		})
	}

	// P1, all up: 100 first votes, all to the primary.
	var p1 []*failText
	for p := 0; p < 100; p++ {
		p1 = append(p1, fs.make("P1", p, pick()))
	}
	fs.send(t, p1, nil)
	counted(s, "P1 counted")

	// P2: 100 first votes and 30 changed ones; the primary is killed with
	// SIGKILL after 40 of them: the rest fall back to the secondary.
	var p2 []*failText
	for p := 100; p < 200; p++ {
		p2 = append(p2, fs.make("P2", p, pick()))
	}
	for p := 0; p < 30; p++ {
		p2 = append(p2, fs.make("P2", p, 3-fs.last[p]))
	}
	// The workers wait while the test goroutine kills the primary (t.Fatal
	// must stay on it), then go on: the rest of the stream hits a dead host.
	reached, killed, sent := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var reachOnce sync.Once
	go func() {
		defer close(sent)
		fs.send(t, p2, func(n int) {
			if n >= 40 {
				reachOnce.Do(func() { close(reached) })
				<-killed
			}
		})
	}()
	select {
	case <-reached:
	case <-sent:
		t.Fatalf("P2 ended before 40 texts were sent")
	}
	a.kill9(t)
	close(killed)
	<-sent
	// A text the primary stored just before it died may be on no other
	// relay: it reaches the laptop when the primary is back (P3).
	onPrimary := 0
	for _, x := range p2 {
		if x.res.TakenBy == prov.Primary {
			onPrimary++
		}
	}
	testkit.Eventually(t, 40*time.Second, "P2's fallback texts in the inbox", func() error {
		if n := len(s.inbox(t)); n < len(fs.texts)-onPrimary {
			return fmt.Errorf("inbox %d texts, want at least %d", n, len(fs.texts)-onPrimary)
		}
		return nil
	})
	takesWebhooks(t, s, nameB, nameA)

	// P3: the primary comes back on its file; 30 changes and 50 new phones.
	a.start(t)
	s.waitSource(t, nameA, vote.HealthOK, 40*time.Second)
	var p3 []*failText
	for p := 30; p < 60; p++ {
		p3 = append(p3, fs.make("P3", p, 3-fs.last[p]))
	}
	for p := 200; p < 250; p++ {
		p3 = append(p3, fs.make("P3", p, pick()))
	}
	fs.send(t, p3, nil)
	counted(s, "P3 counted with the primary back")
	takesWebhooks(t, s, nameA, nameB)

	// P4: the secondary is killed; 10 changes and 30 new phones.
	b.kill9(t)
	var p4 []*failText
	for p := 0; p < 10; p++ {
		p4 = append(p4, fs.make("P4", p, 3-fs.last[p]))
	}
	for p := 250; p < 280; p++ {
		p4 = append(p4, fs.make("P4", p, pick()))
	}
	fs.send(t, p4, nil)
	counted(s, "P4 counted with the secondary down")

	// P5: the laptop is away; 20 phones change their vote on the primary,
	// which then dies before the laptop sees them; the secondary comes back
	// and takes those phones' next change. The laptop returns, counts the
	// newer texts, and then the primary's older ones arrive.
	s.stop(t)
	var p5old, p5new []*failText
	for p := 60; p < 80; p++ {
		p5old = append(p5old, fs.make("P5 old", p, 3-fs.last[p]))
	}
	fs.send(t, p5old, nil)
	a.kill9(t)
	b.start(t)
	for p := 60; p < 80; p++ {
		p5new = append(p5new, fs.make("P5 new", p, 3-fs.last[p]))
	}
	fs.send(t, p5new, nil)
	s = startE2EShow(t, args...)
	testkit.Eventually(t, 40*time.Second, "the secondary's P5 texts counted", func() error {
		if in := s.inbox(t); len(in) < len(fs.texts)-len(p5old) {
			return fmt.Errorf("inbox %d texts, want %d", len(in), len(fs.texts)-len(p5old))
		}
		return nil
	})
	a.start(t)
	counted(s, "P5 counted after the primary's late, older texts")

	// P6: the primary's store stops taking writes (a file size limit of 0 on
	// its process: every write fails, as on a read-only or full disk); it
	// must answer 5xx at once so the provider falls back.
	var was unix.Rlimit
	if err := unix.Prlimit(a.cmd.Process.Pid, unix.RLIMIT_FSIZE, nil, &was); err != nil {
		t.Fatalf("read the primary's file size limit: %v", err)
	}
	if err := unix.Prlimit(a.cmd.Process.Pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: 0, Max: was.Max}, nil); err != nil {
		t.Fatalf("limit the primary's file size: %v", err)
	}
	var p6 []*failText
	for p := 80; p < 100; p++ {
		p6 = append(p6, fs.make("P6", p, 3-fs.last[p]))
	}
	for p := 280; p < 300; p++ {
		p6 = append(p6, fs.make("P6", p, pick()))
	}
	stalls := testkit.WatchStalls()
	fs.send(t, p6, nil)
	stall := stalls()
	counted(s, "P6 counted with the primary's store failing")
	// A quick 5xx is the subject: within a second, plus what the machine's
	// own stalls meanwhile account for (as testkit.Promptly allows).
	quick := time.Second + testkit.StallHops*stall
	var slowest time.Duration
	for _, x := range p6 {
		slowest = max(slowest, x.res.PrimaryIn)
		if x.res.TakenBy != prov.Fallback || x.res.PrimaryIn > quick || !strings.HasPrefix(x.res.Primary, "5") {
			t.Errorf("P6 %s: taken by %q, primary failed with %q after %s; want the fallback after a 5xx within %v (1 s + %d × the worst stall, %v)",
				x.sid, x.res.TakenBy, x.res.Primary, x.res.PrimaryIn, quick, testkit.StallHops, stall)
		}
	}
	unix.Prlimit(a.cmd.Process.Pid, unix.RLIMIT_FSIZE, &was, nil)
	t.Logf("P6: the primary with a failing store answered %d webhooks 5xx, the slowest after %s", len(p6), slowest)

	// The count: one vote per phone, each phone's newest text.
	want := map[int]int{}
	for _, c := range fs.last {
		want[c]++
	}
	st := s.state(t)
	for _, c := range st.Poll.Choices {
		if c.Count != want[c.Number] {
			t.Errorf("choice %d has %d votes, want %d (each phone's newest text)", c.Number, c.Count, want[c.Number])
		}
	}
	results := map[string]int{}
	for _, e := range s.inbox(t) {
		results[e.Result]++
	}
	if results[show.ResultSuperseded] != len(p5old) {
		t.Errorf("%d texts superseded, want the %d older texts held on the dead primary (results %v)",
			results[show.ResultSuperseded], len(p5old), results)
	}
	if results[show.ResultCounted] != len(fs.last) {
		t.Errorf("%d texts counted first, want one per phone (%d)", results[show.ResultCounted], len(fs.last))
	}
	taken, lost := prov.Taken()
	if lost != 0 {
		t.Errorf("%d texts lost by the provider (both URLs failed)", lost)
	}
	s.stop(t)
	a.stop(t)
	b.stop(t)

	var sids []string
	for _, x := range fs.texts {
		sids = append(sids, x.sid)
	}
	laptop := openDB(t, laptopDB)
	if got := strings1(t, laptop, "SELECT provider_id FROM inbox"); !sameMultiset(got, sids) {
		t.Errorf("laptop inbox holds %d message ids, want the %d sent, each once", len(got), len(sids))
	}
	var old []string
	for _, x := range p5old {
		old = append(old, x.sid)
	}
	if got := strings1(t, laptop, "SELECT provider_id FROM inbox WHERE result = 'superseded'"); !sameMultiset(got, old) {
		t.Errorf("superseded texts %q, want the older texts held on the dead primary %q", got, old)
	}
	both := strings1(t, openDB(t, a.db), "SELECT provider_id FROM texts")
	inB := map[string]bool{}
	for _, id := range strings1(t, openDB(t, b.db), "SELECT provider_id FROM texts") {
		inB[id] = true
	}
	dup := 0
	for _, id := range both {
		if inB[id] {
			dup++
		}
	}
	t.Logf("%d texts sent by %d phones; taken by the primary %d, by the secondary %d, lost %d; "+
		"held by both relays %d; laptop inbox %d texts, %d superseded, results %v; counted %d votes %v; %s",
		len(fs.texts), len(fs.last), taken[prov.Primary], taken[prov.Fallback], lost, dup,
		len(fs.texts), results[show.ResultSuperseded], results, st.Poll.Total, want, time.Since(start).Round(time.Millisecond))
}
