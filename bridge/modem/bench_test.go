package modem

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/bridge/modem/modemtest"
)

const benchBaud = 115200

// benchProfile is a Quectel with room for 255 texts (its ME storage) and no
// boot lines, so the run measures the drain, not a start-up re-init.
func benchProfile() modemtest.Profile {
	p := modemtest.QuectelEC25
	p.Name, p.Capacity, p.BootLines = "bench", 255, nil
	return p
}

// BenchmarkDrain255 drains a SIM holding 255 texts through the emulator paced
// at 115200 baud, from Run to the last Ingest. The line-rate bound is the time
// the bytes exchanged (both ways, set-up included) need on the wire at 10 bits
// a byte; "%line" is how close the bridge gets to it.
func BenchmarkDrain255(b *testing.B) {
	var rates, bounds []float64
	for i := 0; i < b.N; i++ {
		e, err := modemtest.New(benchProfile(), modemtest.WithBaud(benchBaud))
		if err != nil {
			b.Fatal(err)
		}
		for j := 0; j < 255; j++ {
			pdus, _ := modemtest.Encode(modemtest.SMS{From: fmt.Sprintf("+1555%07d", j), Text: fmt.Sprintf("vote %d", j%9+1)})
			e.Deliver(pdus...)
		}
		in0, out0 := e.Counters()
		rec := &recorder{}
		bridge, _ := New(Config{Device: e.Device(), Baud: benchBaud, PollInterval: time.Hour, HealthInterval: time.Hour})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- bridge.Run(ctx, rec) }()
		for len(rec.unique()) < 255 || len(e.Stored()) > 0 {
			time.Sleep(time.Millisecond) // the benchmark's clock resolution (1 ms), not a wait in a test
		}
		elapsed := time.Since(start)
		in1, out1 := e.Counters()
		cancel()
		<-done
		e.Close()
		bytes := (in1 - in0) + (out1 - out0)
		bound := time.Duration(bytes) * time.Second * 10 / benchBaud
		rates = append(rates, 255/elapsed.Seconds())
		bounds = append(bounds, 255/bound.Seconds())
		b.Logf("run %d: %v for 255 texts, %d bytes, line-rate bound %v", i, elapsed.Round(time.Millisecond), bytes, bound.Round(time.Millisecond))
	}
	rate, bound := median(rates), median(bounds)
	b.ReportMetric(rate, "texts/s")
	b.ReportMetric(bound, "bound-texts/s")
	b.ReportMetric(100*rate/bound, "%line")
}

// BenchmarkCMTIToIngest measures, one text at a time at 115200 baud, the time
// from the modem announcing a text (+CMTI) to Ingest returning with it.
func BenchmarkCMTIToIngest(b *testing.B) {
	e, err := modemtest.New(benchProfile(), modemtest.WithBaud(benchBaud))
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	rec := &recorder{}
	bridge, _ := New(Config{Device: e.Device(), Baud: benchBaud, PollInterval: time.Hour, HealthInterval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go bridge.Run(ctx, rec)
	testkit.WaitFor(b, testkit.Patience, "the bridge ready", func() bool { return bridge.Health().State == "ok" })
	var lat []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pdus, _ := modemtest.Encode(modemtest.SMS{From: "+15550000001", Text: fmt.Sprintf("vote %d", i)})
		start := time.Now()
		e.Deliver(pdus...)
		for len(rec.unique()) <= i {
			time.Sleep(50 * time.Microsecond) // the benchmark's clock resolution, not a wait in a test
		}
		rec.mu.Lock()
		lat = append(lat, float64(rec.times[len(rec.times)-1].Sub(start).Microseconds())/1000)
		rec.mu.Unlock()
		b.StopTimer()
		testkit.WaitFor(b, testkit.Patience, "the SIM emptied", func() bool { return len(e.Stored()) == 0 })
		time.Sleep(20 * time.Millisecond) // simulates a quiet line between texts: the next one is measured from an idle bridge
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(median(lat), "ms-p50")
	b.ReportMetric(percentile(lat, 0.95), "ms-p95")
}

func median(v []float64) float64 { return percentile(v, 0.5) }

func percentile(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[int(p*float64(len(s)-1)+0.5)]
}
