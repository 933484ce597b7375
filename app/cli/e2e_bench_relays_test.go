package cli

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// BenchmarkE2ETwoRelaysWebhookToTally (issue 20): two real relays (separate
// SQLite files) and `serve --live --source relay:URL1,URL2` in-process, so
// the laptop reads two streams into one engine. Signed Twilio webhooks, each
// from a new phone voting, open loop at 1,000 a second for 3 s over 64
// connections, alternately to each relay (the provider switching between the
// primary and the fallback), one text in ten posted to both (the primary
// stored it but its answer was lost). For each text: from the start of its
// first POST to the moment this client read, on /api/events, the first
// tally:updated whose engine sequence includes the text's inbox row.
func BenchmarkE2ETwoRelaysWebhookToTally(b *testing.B) {
	const rate, seconds, conns = 1000, 3, 64
	dir := b.TempDir()
	var relays [2]*e2eRelay
	var tws [2]*twilio
	for i, name := range []string{"a", "b"} {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o700); err != nil {
			b.Fatal(err)
		}
		relays[i] = startE2ERelay(b, filepath.Join(dir, name))
		tws[i] = newTwilio(relays[i].url, conns/2)
	}
	laptopDB := filepath.Join(dir, "laptop", "forkcast.db")
	s := startE2EShow(b, "--live", "--source", "relay:"+relays[0].url+","+relays[1].url,
		"--relay-token", e2eRelayToken, "--db", laptopDB, "--story", e2eStory(b, dir))
	for _, r := range relays {
		s.waitSource(b, "relay "+r.addr, vote.HealthOK, 5*time.Second)
	}
	s.openFirstFork(b)
	tallies, stopTallies := collectTallies(b, s)
	posted := map[string]time.Time{}
	var answered []time.Duration
	var mu sync.Mutex
	stall := testkit.WatchStalls()
	var sentRate float64
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		n := rate * seconds
		sids := make([]string, n)
		for i := range sids {
			sids[i] = fmt.Sprintf("SMtwo%02d%07d", round, i)
		}
		jobs := make(chan int, n)
		var wg sync.WaitGroup
		for range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					p := inbound(sids[i], fmt.Sprintf("+1972%03d%04d", round, i), []string{"1", "2"}[i%2])
					targets := []int{i % 2}
					if i%10 == 0 {
						targets = append(targets, 1-i%2)
					}
					t0 := time.Now()
					mu.Lock()
					posted[sids[i]] = t0
					mu.Unlock()
					for _, r := range targets {
						if code, err := tws[r].post(tws[r].signed(p)); code != http.StatusOK || err != nil {
							b.Errorf("webhook %d to relay %d: %d %v", i, r, code, err)
						}
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
	b.ReportMetric(float64(worst.Microseconds())/1000, "max_stall_ms")
	if dropped > 0 {
		b.Errorf("the benchmark's own event reader dropped %d tallies", dropped)
	}
	if got := tallies.latest().Total; got != b.N*rate*seconds {
		b.Errorf("tally total %d, want %d (each text once, whichever relay delivered it)", got, b.N*rate*seconds)
	}
}
