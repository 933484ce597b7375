package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
)

// signedReq is one pre-signed webhook, so signing is not part of the load.
type signedReq struct {
	body []byte
	sig  string
}

func presign(n int, prefix string) []signedReq {
	out := make([]signedReq, n)
	for i := range out {
		p := smsParams(fmt.Sprintf("SM%s%09d", prefix, i), fmt.Sprintf("+1555%07d", i), "1")
		out[i] = signedReq{body: []byte(p.Encode()), sig: SignTwilio(testTwilioToken, testPublicURL+"/twilio/sms", p)}
	}
	return out
}

// loadgen posts every request to base with conc keep-alive connections and
// returns how long it took. Any answer but 200 fails the benchmark.
func loadgen(b *testing.B, base string, reqs []signedReq, conc int) time.Duration {
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(reqs) {
					return
				}
				req, _ := http.NewRequest(http.MethodPost, base+"/twilio/sms", bytes.NewReader(reqs[i].body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Twilio-Signature", reqs[i].sig)
				resp, err := hc.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	d := time.Since(start)
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed", n, len(reqs))
	}
	return d
}

// bareHandler answers like the relay without checking or storing anything:
// it reads the body and writes an empty TwiML response.
func bareHandler(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	writeTwiML(w, "")
}

// BenchmarkWebhookVsBare measures signed webhooks accepted per second
// (validated, committed to SQLite with synchronous=FULL, answered) against a
// bare net/http handler answering the same requests, with the same load
// generator, in the same run. Each iteration is one round of 4,000 requests
// to each, 32 connections, on loopback.
func BenchmarkWebhookVsBare(b *testing.B) {
	const perRound, conc = 4000, 32
	bare := httptest.NewServer(http.HandlerFunc(bareHandler))
	defer bare.Close()
	_, relay := startTestRelay(b, nil)
	var bareTime, relayTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		reqs := presign(perRound, fmt.Sprint(i))
		b.StartTimer()
		bareTime += loadgen(b, bare.URL, reqs, conc)
		relayTime += loadgen(b, relay.URL, reqs, conc)
	}
	n := float64(perRound * b.N)
	bareRate, relayRate := n/bareTime.Seconds(), n/relayTime.Seconds()
	b.ReportMetric(bareRate, "bare_req/s")
	b.ReportMetric(relayRate, "relay_req/s")
	b.ReportMetric(100*relayRate/bareRate, "relay_%_of_bare")
}

// BenchmarkWebhookToIngest measures the time from the start of a webhook
// POST to the laptop client's hand-over to the sink (and to the sink's
// commit, a real SQLite table), at 1,000 texts a second for 5 s, open loop.
func BenchmarkWebhookToIngest(b *testing.B) {
	const rate, seconds, conc = 1000, 5, 64
	_, relay := startTestRelay(b, nil)
	sink := testkit.NewSQLiteSink(b)
	var mu sync.Mutex
	sentAt := map[string]time.Time{}
	var handed, committed []time.Duration
	sink.OnIngest = func(msgs []vote.Message) {
		now := time.Now()
		mu.Lock()
		for _, m := range msgs {
			handed = append(handed, now.Sub(sentAt[m.ProviderID]))
		}
		mu.Unlock()
	}
	commitSink := sinkFunc(func(ctx context.Context, msgs []vote.Message) error {
		if err := sink.Ingest(ctx, msgs); err != nil {
			return err
		}
		now := time.Now()
		mu.Lock()
		for _, m := range msgs {
			committed = append(committed, now.Sub(sentAt[m.ProviderID]))
		}
		mu.Unlock()
		return nil
	})
	c := newTestClient(b, relay.URL, nil)
	stop := runClient(b, c, commitSink)
	defer stop()
	testkit.WaitFor(b, 5*time.Second, "client connected", func() bool { return c.Health().State == vote.HealthOK })
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}, Timeout: 30 * time.Second}
	stopProbe := testkit.WatchStalls()
	b.ResetTimer()
	var achieved float64
	for round := 0; round < b.N; round++ {
		total := rate * seconds
		jobs := make(chan int, total)
		var wg sync.WaitGroup
		for w := 0; w < conc; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					p := smsParams(fmt.Sprintf("SMlat%d-%07d", round, i), fmt.Sprintf("+1555%07d", i), "2")
					req := newWebhook(b, relay.URL, p)
					mu.Lock()
					sentAt[p.Get("MessageSid")] = time.Now()
					mu.Unlock()
					resp, err := hc.Do(req)
					if err != nil {
						b.Errorf("webhook: %v", err)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}()
		}
		start := time.Now()
		for i := 0; i < total; i++ {
			time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / rate))) // simulates webhooks arriving at rate a second
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		achieved = float64(total) / time.Since(start).Seconds()
		want := (round + 1) * total
		testkit.WaitFor(b, 30*time.Second, "all texts committed", func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(committed) >= want
		})
	}
	b.StopTimer()
	stall := stopProbe()
	mu.Lock()
	defer mu.Unlock()
	b.ReportMetric(float64(stall)/1e6, "max_stall_ms")
	b.ReportMetric(float64(len(handed))/float64(b.N), "texts/round")
	b.ReportMetric(achieved, "sent/s")
	b.ReportMetric(pct(handed, 50), "p50_ingest_ms")
	b.ReportMetric(pct(handed, 99), "p99_ingest_ms")
	b.ReportMetric(pct(committed, 50), "p50_commit_ms")
	b.ReportMetric(pct(committed, 99), "p99_commit_ms")
	b.ReportMetric(pct(committed, 100), "max_commit_ms")
}

// pct is the p-th percentile of ds in milliseconds.
func pct(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, len(s)*p/100)
	return float64(s[i].Microseconds()) / 1000
}
