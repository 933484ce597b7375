package android

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"forkcast/app/vote"
	"forkcast/bridge/android/androidtest"
)

// receiveN delivers n texts from n phones ("+1555000000i" says "i%3+1").
func receiveN(p *androidtest.Phone, n, first int) {
	for i := first; i < first+n; i++ {
		p.Receive(androidtest.SMS{From: fmt.Sprintf("+1555%07d", i), Text: fmt.Sprint(i%3 + 1), SIM: 1})
	}
}

func TestPollingReadsEveryTextOnceInPagesOf500(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	receiveN(phone, 1203, 0)
	sink := newSink(t)
	src := newSource(t, testConfig(phone, ""))
	run(t, src, sink)
	sink.waitRows(t, 1203, 20*time.Second)
	for k, n := range sink.perText(t) {
		if n != 1 {
			t.Errorf("%s stored %d times, want 1", k, n)
		}
	}
	// Three pages of at most 500 (the app refuses more), and later reads
	// that find the same texts again store nothing new.
	waitFor(t, "a few more reads", 10*time.Second, func() (bool, string) {
		n := phone.Requests("/inbox")
		return n > 8, fmt.Sprintf("%d inbox requests", n)
	})
	if got := sink.count(t); got != 1203 {
		t.Fatalf("stored %d after more reads, want 1203", got)
	}
	h := src.Health()
	if h.State != vote.HealthOK || h.Received != 1203 || h.Kind != "android" {
		t.Fatalf("health = %+v, want ok with 1203 received", h)
	}
	if h.Metrics["battery"] != "80%, not charging" || h.Metrics["network"] != "Wi-Fi, 4G" || h.Metrics["rcs"] != RCSWarning {
		t.Errorf("metrics = %v", h.Metrics)
	}
}

func TestWebhooksAndInboxCountEachTextOnce(t *testing.T) {
	// Every text reaches the laptop by both paths; the app sends each event
	// twice with new ids (its issue #372); the first answers are lost so the
	// same events are retried.
	phone := startPhone(t, androidtest.Options{SigningKey: "k3y", DuplicateEvents: true})
	hook := newHook(t)
	c := testConfig(phone, "")
	c.Key, c.Webhook = "k3y", hook.url
	src := newSource(t, c)
	hook.set(src)
	sink := newSink(t)
	run(t, src, sink)
	waitFor(t, "the webhook registered on the phone", 10*time.Second, func() (bool, string) {
		ws := phone.Webhooks()
		return len(ws) == 1 && ws[0].URL == hook.url, fmt.Sprint(ws)
	})
	phone.LoseWebhookAnswers(10)
	receiveN(phone, 60, 0)
	sink.waitRows(t, 60, 20*time.Second)
	if err := phone.WaitWebhooks(20 * time.Second); err != nil {
		t.Fatal(err)
	}
	st := phone.Stats()
	if st.Delivered != 120 || st.Attempts < 130 || st.Failed != 0 {
		t.Fatalf("phone webhook stats %+v, want 120 events delivered after at least 10 retries", st)
	}
	if got := sink.count(t); got != 60 {
		t.Fatalf("stored %d texts, want 60", got)
	}
	if h := src.Health(); h.Metrics["webhook"] != "on" || h.Received != 60 {
		t.Fatalf("health %+v, want webhook on and 60 received", h)
	}
	// Registering again replaced the webhook instead of adding another.
	src.registerWebhook(t.Context())
	if ws := phone.Webhooks(); len(ws) != 1 || ws[0].ID != "forkcast-android" {
		t.Fatalf("webhooks on the phone = %v, want one, forkcast-android", ws)
	}
}

func TestBothReceivePathsWithTheClockTenMinutesOffCountOnce(t *testing.T) {
	// The fallback receive path stamps each text with the phone's clock, 10
	// minutes ahead, a moment after the broadcast: every text gets two rows
	// and two webhook events with different stamps and message ids.
	phone := startPhone(t, androidtest.Options{SigningKey: "k3y", ObserverPath: true,
		ObserverDelay: 30 * time.Millisecond, ClockOffset: 10 * time.Minute})
	hook := newHook(t)
	c := testConfig(phone, "")
	c.Key, c.Webhook = "k3y", hook.url
	src := newSource(t, c)
	hook.set(src)
	sink := newSink(t)
	run(t, src, sink)
	waitReady(t, src)
	start := time.Now()
	receiveN(phone, 40, 0)
	// Two genuine identical texts from one phone, three seconds apart.
	now := time.Now().Truncate(time.Second)
	phone.Receive(androidtest.SMS{From: "+15559999999", Text: "2", SIM: 1, SCTS: now.Add(-3 * time.Second)})
	phone.Receive(androidtest.SMS{From: "+15559999999", Text: "2", SIM: 1, SCTS: now})
	waitFor(t, "both paths to finish", 20*time.Second, func() (bool, string) {
		n := len(phone.Rows())
		return n == 84, fmt.Sprintf("%d rows on the phone", n)
	})
	if err := phone.WaitWebhooks(20 * time.Second); err != nil {
		t.Fatal(err)
	}
	// Wait for one inbox read that began after the last row was written.
	reads := phone.Requests("/inbox")
	waitFor(t, "two more inbox reads", 10*time.Second, func() (bool, string) {
		n := phone.Requests("/inbox")
		return n >= reads+3, fmt.Sprintf("%d reads", n)
	})
	if got := sink.count(t); got != 42 {
		t.Fatalf("stored %d texts, want 42 (40 + two identical texts 3 s apart); per text: %v", got, sink.perText(t))
	}
	if n := sink.perText(t)["+15559999999 2"]; n != 2 {
		t.Errorf("the two identical texts were stored %d times, want 2", n)
	}
	// Time stamps are the network's (the true time), not the phone's clock.
	var minMS, maxMS int64
	if err := sink.db.QueryRow(`SELECT MIN(received_ms), MAX(received_ms) FROM inbox`).Scan(&minMS, &maxMS); err != nil {
		t.Fatal(err)
	}
	if lo, hi := start.Add(-5*time.Second).UnixMilli(), time.Now().UnixMilli(); minMS < lo || maxMS > hi {
		t.Errorf("receivedAt spans %s..%s, want within the test's own %s..%s",
			time.UnixMilli(minMS), time.UnixMilli(maxMS), time.UnixMilli(lo), time.UnixMilli(hi))
	}
	if got := src.Health().Metrics["clock"]; got != "phone 10m0s ahead" {
		t.Errorf("clock metric = %q, want phone 10m0s ahead", got)
	}
}

func TestConfigRejectsWebhookURLTheAppRefuses(t *testing.T) {
	_, err := New(Config{URL: "http://192.168.1.5:8080", Pass: "x", Key: "k", Webhook: "http://192.168.1.20:8787/android/webhook"})
	if err == nil || !strings.Contains(err.Error(), "adb reverse") {
		t.Fatalf("New with an http LAN webhook: err = %v, want a hint about adb reverse", err)
	}
	u, _ := url.Parse("https://laptop.example/hook")
	if _, err := New(Config{URL: "http://192.168.1.5:8080", Pass: "x", Webhook: u.String()}); err == nil || !strings.Contains(err.Error(), "key") {
		t.Fatalf("New with a webhook and no key: err = %v, want it to ask for key=", err)
	}
}

func TestTextsKeepEveryCharacterByBothPaths(t *testing.T) {
	phone := startPhone(t, androidtest.Options{SigningKey: "k3y", LegacyDates: true, Zone: time.FixedZone("", -5*3600)})
	hook := newHook(t)
	c := testConfig(phone, "")
	c.Key, c.Webhook = "k3y", hook.url
	src := newSource(t, c)
	hook.set(src)
	sink := newSink(t)
	run(t, src, sink)
	waitFor(t, "the webhook registered", 10*time.Second, func() (bool, string) { return len(phone.Webhooks()) == 1, "" })
	texts := []string{"2\ufe0f\u20e3", "<b>1</b> & co", "Ünïcödé 🎉", "  3  ", "line\nbreak", "\"quoted\" \\ back"}
	for i, s := range texts {
		phone.Receive(androidtest.SMS{From: fmt.Sprintf("+4477009000%02d", i), Text: s, SIM: 1})
	}
	sink.waitRows(t, len(texts), 10*time.Second)
	if err := phone.WaitWebhooks(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	got := sink.perText(t)
	for i, s := range texts {
		if k := fmt.Sprintf("+4477009000%02d %s", i, s); got[k] != 1 {
			t.Errorf("%q stored %d times, want 1; stored: %v", s, got[k], got)
		}
	}
}
