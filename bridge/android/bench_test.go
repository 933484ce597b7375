package android

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/bridge/android/androidtest"
)

// BenchmarkInboxDrain measures how fast 1,000 texts waiting on the phone
// reach the engine by inbox polling alone: the emulator serves pages of 500
// over loopback HTTP, the sink commits them to SQLite. Target: >= 200 texts/s.
func BenchmarkInboxDrain(b *testing.B) {
	const queued = 1000
	var rates []float64
	for b.Loop() {
		b.StopTimer()
		phone := startPhone(b, androidtest.Options{})
		receiveN(phone, queued, 0)
		sink := newSink(b)
		src := newSource(b, testConfig(phone, ""))
		b.StartTimer()
		start := time.Now()
		r := run(b, src, sink)
		sink.waitRows(b, queued, 60*time.Second)
		elapsed := time.Since(start)
		b.StopTimer()
		r.stop(b)
		phone.Close()
		rates = append(rates, queued/elapsed.Seconds())
		b.StartTimer()
	}
	b.ReportMetric(median(rates), "texts/s")
}

// BenchmarkWebhookLatency sends texts at 100 a second for 3 seconds through
// the emulator's signed webhooks (the inbox is read too, as in a show) and
// measures, for each text, the time from the network delivering it to the
// phone to the engine's commit. Target: p99 < 100 ms.
func BenchmarkWebhookLatency(b *testing.B) {
	const rate, seconds = 100, 3
	var p50s, p99s, sent, stalls []float64
	for b.Loop() {
		b.StopTimer()
		phone := startPhone(b, androidtest.Options{SigningKey: "k3y"})
		hook := newHook(b)
		c := testConfig(phone, "")
		c.Key, c.Webhook, c.Poll = "k3y", hook.url, time.Second
		src := newSource(b, c)
		hook.set(src)
		sink := newSink(b)
		r := run(b, src, sink)
		waitReady(b, src)
		waitFor(b, "the webhook registered", 10*time.Second, func() (bool, string) { return len(phone.Webhooks()) == 1, "" })
		b.StartTimer()
		stall := testkit.WatchStalls()
		sentAt := map[string]time.Time{}
		began := time.Now()
		tick := time.NewTicker(time.Second / rate)
		for i := range rate * seconds {
			<-tick.C // texts arrive at 100 a second: the simulated audience
			from, text := fmt.Sprintf("+1555%07d", i), fmt.Sprint(i%3+1)
			sentAt[text+"\x00"+from] = time.Now()
			phone.Receive(androidtest.SMS{From: from, Text: text, SIM: 1})
		}
		tick.Stop()
		// A starved machine cannot keep the pace: say what rate was achieved.
		sent = append(sent, rate*seconds/time.Since(began).Seconds())
		sink.waitRows(b, rate*seconds, 30*time.Second)
		b.StopTimer()
		stalls = append(stalls, float64(stall().Microseconds())/1000)
		var lat []float64
		sink.mu.Lock()
		for k, at := range sentAt {
			lat = append(lat, float64(sink.stored[k].Sub(at).Microseconds())/1000)
		}
		sink.mu.Unlock()
		slices.Sort(lat)
		p50s = append(p50s, lat[len(lat)/2])
		p99s = append(p99s, lat[len(lat)*99/100])
		r.stop(b)
		phone.Close()
		b.StartTimer()
	}
	b.ReportMetric(median(p50s), "p50-ms")
	b.ReportMetric(median(p99s), "p99-ms")
	b.ReportMetric(median(sent), "sent/s")
	b.ReportMetric(median(stalls), "max-stall-ms")
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
