package cli

// End-to-end timings of issue 17: the speaker's Android phone (the app's
// emulator on loopback) to the tally event that the stage and console
// receive from `forkcast serve`'s /api/events.

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/android"
	"forkcast/bridge/android/androidtest"
)

// startPhoneShow runs a phone and `serve --live --source android:...` with
// extra spec options, waits for the phone to be read, opens the first fork
// and subscribes to the tallies.
func startPhoneShow(b *testing.B, o androidtest.Options, spec string, port int) (*androidtest.Phone, string, *tallyLog, func() int) {
	b.Helper()
	b.Setenv(android.EnvPass, e2ePhonePass)
	b.Setenv(android.EnvKey, e2eSignKey)
	o.Pass = e2ePhonePass
	phone := startPhone(b, o)
	dir := b.TempDir()
	db := filepath.Join(dir, "laptop", "forkcast.db")
	s := startE2EShow(b, "--live", "--listen", fmt.Sprintf("127.0.0.1:%d", port), "--source", "android:"+phone.URL()+spec,
		"--db", db, "--story", e2eStory(b, dir))
	s.waitSource(b, "android", vote.HealthOK, 20*time.Second)
	s.openFirstFork(b)
	tallies, stop := collectTallies(b, s)
	return phone, db, tallies, stop
}

// BenchmarkE2EAndroidWebhookToTally: `serve --live --source android:...,
// webhook=...` with the phone posting signed webhooks to serve's own server
// (as over USB with adb reverse) and its inbox read every second as in a
// show; texts from new phones at 100 a second for 3 s. For each text: from
// the network delivering it to the phone to the moment this client read, on
// /api/events, the first tally:updated whose engine sequence includes the
// text's inbox row (found by the last digits of the masked sender).
func BenchmarkE2EAndroidWebhookToTally(b *testing.B) {
	const rate, seconds = 100, 3
	port := freePort(b)
	hookURL := fmt.Sprintf("http://127.0.0.1:%d%s", port, android.DefaultWebhookPath)
	phone, db, tallies, stopTallies := startPhoneShow(b, androidtest.Options{SigningKey: e2eSignKey}, ",webhook="+hookURL, port)
	testkit.WaitFor(b, 10*time.Second, "the webhook registered on the phone", func() bool { return len(phone.Webhooks()) == 1 })
	sentAt := map[string]time.Time{} // last 4 digits of the sender → when the phone received the text
	stall := testkit.WatchStalls()
	var sentRate float64
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		tick := time.NewTicker(time.Second / rate)
		start := time.Now()
		for i := range rate * seconds {
			<-tick.C // texts arrive at 100 a second: the simulated audience
			n := round*rate*seconds + i
			from := fmt.Sprintf("+1971555%04d", n)
			sentAt[from[len(from)-4:]] = time.Now()
			phone.Receive(androidtest.SMS{From: from, Text: []string{"1", "2"}[n%2], SIM: 1})
		}
		tick.Stop()
		sentRate = float64(rate*seconds) / time.Since(start).Seconds()
		want := (round + 1) * rate * seconds
		testkit.WaitFor(b, 60*time.Second, fmt.Sprintf("a tally of %d votes", want), func() bool { return tallies.latest().Total >= want })
	}
	b.StopTimer()
	worst := stall()
	dropped := stopTallies()
	lat, committed := phoneLatencies(b, db, sentAt, tallies)
	b.ReportMetric(sentRate, "sent/s")
	b.ReportMetric(msPct(committed, 50), "p50_commit_ms")
	b.ReportMetric(msPct(committed, 99), "p99_commit_ms")
	b.ReportMetric(msPct(lat, 50), "p50_tally_ms")
	b.ReportMetric(msPct(lat, 99), "p99_tally_ms")
	b.ReportMetric(msPct(lat, 100), "max_tally_ms")
	b.ReportMetric(float64(worst.Microseconds())/1000, "max_stall_ms")
	if dropped > 0 {
		b.Errorf("the benchmark's own event reader dropped %d tallies", dropped)
	}
	if st := phone.Stats(); st.Delivered == 0 {
		b.Errorf("no webhook was delivered (%+v): the benchmark measured the inbox only", st)
	}
}

// lastDigits reads the digits a masked sender keeps.
var lastDigits = regexp.MustCompile(`(\d{4})$`)

// phoneLatencies maps each text to its inbox row in the show's database,
// then to the first tally including it. It also returns the time to the
// engine's commit (the row's stored_at).
func phoneLatencies(b *testing.B, path string, sentAt map[string]time.Time, tl *tallyLog) (toTally, toCommit []time.Duration) {
	b.Helper()
	db := openDB(b, path)
	rows, err := db.Query("SELECT id, sender, stored_at FROM inbox WHERE source = 'android'")
	if err != nil {
		b.Fatalf("read the show's inbox: %v", err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var id, storedAt int64
		var sender string
		if err := rows.Scan(&id, &sender, &storedAt); err != nil {
			b.Fatal(err)
		}
		m := lastDigits.FindStringSubmatch(sender)
		if m == nil {
			b.Fatalf("masked sender %q keeps no 4 digits", sender)
		}
		t0, ok := sentAt[m[1]]
		if !ok {
			continue
		}
		seen++
		toCommit = append(toCommit, time.Unix(0, storedAt).Sub(t0))
		at, ok := tl.firstWithSeq(id)
		if !ok {
			b.Errorf("no tally includes the text from ...%s (inbox %d)", m[1], id)
			continue
		}
		toTally = append(toTally, at.Sub(t0))
	}
	if seen != len(sentAt) {
		b.Errorf("the show stored %d of the %d texts", seen, len(sentAt))
	}
	return toTally, toCommit
}

// BenchmarkE2EAndroidInboxDrain: 1,000 texts from new phones wait on a phone
// that stopped answering; `serve --live --source android:...` reads its inbox
// (no webhook) every second. From the moment the phone answers again to the
// moment this client read the tally that counts all 1,000: the drain rate,
// including the wait for the next read (up to the 1 s poll interval).
func BenchmarkE2EAndroidInboxDrain(b *testing.B) {
	const queued = 1000
	phone, _, tallies, stopTallies := startPhoneShow(b, androidtest.Options{}, "", freePort(b))
	defer stopTallies()
	var rates, spans []time.Duration // per round: recovery → last tally; first → last tally
	stall := testkit.WatchStalls()
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		b.StopTimer()
		phone.SetDown(true)
		for i := range queued {
			n := round*queued + i
			phone.Receive(androidtest.SMS{From: "+1971555" + strconv.Itoa(10000 + n)[1:], Text: []string{"1", "2"}[n%2], SIM: 1})
		}
		before := tallies.latest().Total
		b.StartTimer()
		t0 := time.Now()
		phone.SetDown(false)
		want := before + queued
		testkit.WaitFor(b, 60*time.Second, fmt.Sprintf("a tally of %d votes", want), func() bool { return tallies.latest().Total >= want })
		last := tallies.latest().got
		rates = append(rates, last.Sub(t0))
		// From the first tally of this round to the last: the drain itself.
		tallies.mu.Lock()
		for _, ev := range tallies.evs {
			if ev.Total > before {
				spans = append(spans, last.Sub(ev.got))
				break
			}
		}
		tallies.mu.Unlock()
	}
	b.StopTimer()
	b.ReportMetric(queued/(msPct(rates, 50)/1000), "texts/s")
	b.ReportMetric(msPct(spans, 50), "first_to_last_tally_ms")
	b.ReportMetric(float64(stall().Microseconds())/1000, "max_stall_ms")
}
