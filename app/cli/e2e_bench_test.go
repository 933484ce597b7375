package cli

// End-to-end timings of issues 5 and 6: from a text reaching Forkcast (a
// Twilio webhook at the relay; a +CMTI from the modem) to the tally event
// that the stage and console receive from `forkcast serve`'s /api/events.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// tallyEvent is one tally:updated event and when this client read it.
type tallyEvent struct {
	show.Tally
	got time.Time
}

// tallies subscribes to the show's /api/events and sends every tally event
// on the returned channel (buffered; events beyond it are dropped and
// counted), closed when the stream ends. stop ends the subscription.
func (s *e2eShow) tallies(t testing.TB) (<-chan tallyEvent, func() (dropped int)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		cancel()
		t.Fatalf("GET /api/events: %v %v", err, resp)
	}
	out := make(chan tallyEvent, 1<<16)
	done := make(chan struct{})
	var drops int
	go func() {
		defer close(done)
		defer close(out)
		defer resp.Body.Close()
		r := bufio.NewReaderSize(resp.Body, 1<<20)
		var event string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			now := time.Now()
			line = strings.TrimRight(line, "\r\n")
			switch {
			case strings.HasPrefix(line, "event:"):
				event = strings.TrimSpace(line[len("event:"):])
			case strings.HasPrefix(line, "data:") && event == show.EventTally:
				var te tallyEvent
				if json.Unmarshal([]byte(strings.TrimSpace(line[len("data:"):])), &te.Tally) == nil {
					te.got = now
					select {
					case out <- te:
					default:
						drops++
					}
				}
			case line == "":
				event = ""
			}
		}
	}()
	return out, func() int { cancel(); <-done; return drops }
}

// tallyLog keeps every tally event read from the show, in arrival order.
type tallyLog struct {
	mu  sync.Mutex
	evs []tallyEvent
}

// collectTallies records the show's tally events; stop ends the
// subscription and returns how many the reader dropped.
func collectTallies(tb testing.TB, s *e2eShow) (*tallyLog, func() int) {
	ch, stop := s.tallies(tb)
	l := &tallyLog{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range ch {
			l.mu.Lock()
			l.evs = append(l.evs, ev)
			l.mu.Unlock()
		}
	}()
	return l, func() int {
		n := stop()
		<-done
		return n
	}
}

// latest is the last tally read, the zero Tally before any.
func (l *tallyLog) latest() tallyEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.evs) == 0 {
		return tallyEvent{}
	}
	return l.evs[len(l.evs)-1]
}

// firstWithSeq returns when the first tally whose engine sequence reached
// seq (an inbox id) was read.
func (l *tallyLog) firstWithSeq(seq int64) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := sort.Search(len(l.evs), func(i int) bool { return l.evs[i].Seq >= seq })
	if i == len(l.evs) {
		return time.Time{}, false
	}
	return l.evs[i].got, true
}

// msPct is the p-th percentile of ds in milliseconds.
func msPct(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, int(float64(len(s))*p/100))
	return float64(s[i].Microseconds()) / 1000
}

// BenchmarkE2EWebhookToTally: a real relay (SQLite, synchronous=FULL) and
// `serve --live --source relay:URL` in-process; signed Twilio webhooks, each
// from a new phone voting, posted open-loop at 1,000 a second for 3 s by 64
// connections. For each text: from the start of its POST to the moment this
// client read, on /api/events, the first tally:updated whose engine sequence
// includes the text's inbox row (looked up by MessageSid in the laptop's file).
func BenchmarkE2EWebhookToTally(b *testing.B) {
	const rate, seconds, conns = 1000, 3, 64
	dir := b.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "relay"), 0o700); err != nil {
		b.Fatal(err)
	}
	rl := startE2ERelay(b, filepath.Join(dir, "relay"))
	laptopDB := filepath.Join(dir, "laptop", "forkcast.db")
	s := startE2EShow(b, "--live", "--source", "relay:"+rl.url, "--relay-token", e2eRelayToken,
		"--db", laptopDB, "--story", e2eStory(b, dir))
	s.waitSource(b, "relay", vote.HealthOK, testkit.Patience)
	s.openFirstFork(b)
	tallies, stopTallies := collectTallies(b, s)
	tw := newTwilio(rl.url, conns)
	posted := map[string]time.Time{}
	var answered []time.Duration
	var mu sync.Mutex
	stall := testkit.WatchStalls()
	var sentRate float64
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		n := rate * seconds
		hooks := make([]webhook, n)
		sids := make([]string, n)
		for i := range hooks {
			sids[i] = fmt.Sprintf("SMbench%02d%07d", round, i)
			hooks[i] = tw.signed(inbound(sids[i], fmt.Sprintf("+1971%03d%04d", round, i), []string{"1", "2"}[i%2]))
		}
		jobs := make(chan int, n)
		var wg sync.WaitGroup
		for range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					t0 := time.Now()
					mu.Lock()
					posted[sids[i]] = t0
					mu.Unlock()
					if code, err := tw.post(hooks[i]); code != http.StatusOK || err != nil {
						b.Errorf("webhook %d: %d %v", i, code, err)
						continue
					}
					d := time.Since(t0)
					mu.Lock()
					answered = append(answered, d)
					mu.Unlock()
				}
			}()
		}
		start := time.Now()
		for i := range n {
			time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / rate))) // simulates webhooks arriving at rate a second
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		sentRate = float64(n) / time.Since(start).Seconds()
		want := (round + 1) * n
		testkit.WaitFor(b, 30*time.Second, fmt.Sprintf("a tally of %d votes", want), func() bool { return tallies.latest().Total >= want })
	}
	b.StopTimer()
	worst := stall()
	dropped := stopTallies()
	lat, committed := webhookLatencies(b, laptopDB, posted, tallies)
	b.ReportMetric(sentRate, "sent/s")
	b.ReportMetric(msPct(answered, 99), "p99_webhook_answer_ms")
	b.ReportMetric(msPct(committed, 50), "p50_commit_ms")
	b.ReportMetric(msPct(committed, 99), "p99_commit_ms")
	b.ReportMetric(msPct(lat, 50), "p50_tally_ms")
	b.ReportMetric(msPct(lat, 99), "p99_tally_ms")
	b.ReportMetric(msPct(lat, 100), "max_tally_ms")
	b.ReportMetric(float64(len(tallies.evs))/float64(b.N*seconds), "tallies/s")
	b.ReportMetric(float64(worst.Microseconds())/1000, "max_stall_ms")
	if dropped > 0 {
		b.Errorf("the benchmark's own event reader dropped %d tallies", dropped)
	}
}

// webhookLatencies maps each posted MessageSid to its inbox row in the
// laptop's file, then to the first tally including it. It also returns the
// time from the POST to the engine's commit (the row's stored_at).
func webhookLatencies(b *testing.B, laptopDB string, posted map[string]time.Time, tl *tallyLog) (toTally, toCommit []time.Duration) {
	db := openDB(b, laptopDB)
	rows, err := db.Query("SELECT id, provider_id, stored_at FROM inbox WHERE source = 'relay'")
	if err != nil {
		b.Fatalf("read the laptop's inbox: %v", err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var id, storedAt int64
		var sid string
		if err := rows.Scan(&id, &sid, &storedAt); err != nil {
			b.Fatal(err)
		}
		t0, ok := posted[sid]
		if !ok {
			continue
		}
		seen++
		toCommit = append(toCommit, time.Unix(0, storedAt).Sub(t0))
		at, ok := tl.firstWithSeq(id)
		if !ok {
			b.Errorf("no tally includes text %s (inbox %d)", sid, id)
			continue
		}
		toTally = append(toTally, at.Sub(t0))
	}
	if seen != len(posted) {
		b.Errorf("laptop stored %d of the %d texts posted", seen, len(posted))
	}
	return toTally, toCommit
}

// BenchmarkE2EModemCMTIToTally: `serve --live --source modem:LINK` on the
// emulated Quectel EC25 paced at 115200 baud; one text at a time, each from a
// new phone, then a pause. For each: from the emulator announcing it (+CMTI
// written to the line) to the moment this client read the tally that counts it.
func BenchmarkE2EModemCMTIToTally(b *testing.B) {
	const texts = 40
	dir := b.TempDir()
	e, err := modemtest.New(modemtest.QuectelEC25, modemtest.WithBaud(115200), modemtest.WithByID(filepath.Join(dir, "by-id")))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	s := startE2EShow(b, "--live", "--source", "modem:"+e.Device(), "--db", filepath.Join(dir, "laptop", "forkcast.db"),
		"--story", e2eStory(b, dir))
	s.waitSource(b, "modem", vote.HealthOK, testkit.Patience)
	s.openFirstFork(b)
	tallies, stopTallies := collectTallies(b, s)
	defer stopTallies()
	var lat []time.Duration
	stall := testkit.WatchStalls()
	total := 0
	in0, out0 := e.Counters()
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		for i := range texts {
			pdus, err := modemtest.Encode(modemtest.SMS{From: fmt.Sprintf("+1971%03d%04d", round, i), Text: []string{"1", "wait"}[i%2]})
			if err != nil {
				b.Fatal(err)
			}
			total++
			t0 := time.Now()
			e.Deliver(pdus...)
			testkit.WaitFor(b, 15*time.Second, fmt.Sprintf("a tally of %d votes", total), func() bool { return tallies.latest().Total >= total })
			tallies.mu.Lock()
			for _, ev := range tallies.evs {
				if ev.Total >= total {
					lat = append(lat, ev.got.Sub(t0))
					break
				}
			}
			tallies.mu.Unlock()
			time.Sleep(time.Duration(50+i%5*20) * time.Millisecond) // simulates texts arriving apart, not in step with the bridge's timers
		}
	}
	b.StopTimer()
	worst := stall()
	in1, out1 := e.Counters()
	perText := float64(in1-in0+out1-out0) / float64(total) // includes the safety-net polls
	b.ReportMetric(perText, "line_bytes/text")
	b.ReportMetric(perText*10/115200*1000, "line_ms/text")
	b.ReportMetric(msPct(lat, 50), "p50_tally_ms")
	b.ReportMetric(msPct(lat, 99), "p99_tally_ms")
	b.ReportMetric(msPct(lat, 100), "max_tally_ms")
	b.ReportMetric(float64(worst.Microseconds())/1000, "max_stall_ms")
}
