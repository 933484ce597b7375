package android

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"forkcast/app/vote"
	"forkcast/bridge/android/androidtest"
)

func openState(t testing.TB, dir string) *SQLiteState {
	t.Helper()
	st, err := OpenState(filepath.Join(dir, "android-state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestLaptopRestartMidStreamLosesAndDoublesNothing(t *testing.T) {
	// Both receive paths, webhooks and the inbox; the laptop stops while
	// texts keep coming, and a new Source resumes from the saved state.
	phone := startPhone(t, androidtest.Options{SigningKey: "k3y", ObserverPath: true,
		ObserverDelay: 5 * time.Millisecond, ObserverFirst: true, ClockOffset: 3 * time.Minute,
		RetryBase: 5 * time.Millisecond, RetryCount: 11})
	hook := newHook(t)
	dir := t.TempDir()
	sink := newSink(t)
	cfg := func() Config {
		c := testConfig(phone, "")
		c.Key, c.Webhook, c.State = "k3y", hook.url, openState(t, dir)
		return c
	}
	a := newSource(t, cfg())
	hook.set(a)
	ra := run(t, a, sink)
	waitReady(t, a)

	const total = 400
	feed := func(from, to int) {
		for i := from; i < to; i++ {
			receiveN(phone, 1, i)
			if i%25 == 24 {
				time.Sleep(10 * time.Millisecond) // simulates texts arriving over time, not at once
			}
		}
	}
	var feeding sync.WaitGroup
	feeding.Go(func() { feed(0, 150) })
	waitFor(t, "the first Source to store 100 texts", 20*time.Second, func() (bool, string) {
		n := sink.count(t)
		return n >= 100, fmt.Sprint(n, " stored")
	})
	ra.stop(t)    // texts may be in flight on both paths
	hook.set(nil) // the laptop is down: webhooks fail and are retried
	feeding.Wait()
	stoppedAt := sink.count(t)
	feed(150, total)

	b := newSource(t, cfg())
	hook.set(b)
	run(t, b, sink)
	sink.waitRows(t, total, 30*time.Second)
	if err := phone.WaitWebhooks(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	reads := phone.Requests("/inbox")
	waitFor(t, "two more inbox reads", 10*time.Second, func() (bool, string) {
		n := phone.Requests("/inbox")
		return n >= reads+2, fmt.Sprint(n)
	})
	if got := sink.count(t); got != total {
		t.Fatalf("stored %d texts, want %d", got, total)
	}
	for k, n := range sink.perText(t) {
		if n != 1 {
			t.Errorf("%s stored %d times", k, n)
		}
	}
	t.Logf("first Source stored %d, second the other %d; %d copies deduped by the sink", stoppedAt, total-stoppedAt, sink.dupes)
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestLateTextBelowTheReadWindowIsFound(t *testing.T) {
	// The phone and the laptop share a clock that moves only when the test
	// says, so the read window's place is known exactly.
	clock := &fakeClock{t: time.Now().Truncate(time.Second).Add(500 * time.Millisecond)}
	t0 := clock.Now().Truncate(time.Second)
	phone := startPhone(t, androidtest.Options{Now: clock.Now})
	st := openState(t, t.TempDir())
	c := testConfig(phone, "")
	c.State, c.Now = st, clock.Now
	src := newSource(t, c)
	sink := newSink(t)
	run(t, src, sink)
	for i := range 5 {
		phone.Receive(androidtest.SMS{From: fmt.Sprintf("+1555000000%d", i), Text: "1", SCTS: t0})
	}
	sink.waitRows(t, 5, 10*time.Second)

	clock.Advance(10 * time.Minute)
	var cur Cursor
	waitFor(t, "the read window to move on", 10*time.Second, func() (bool, string) {
		snap, err := st.Load(context.Background(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		cur = snap.Cursor
		return cur.BelowFrom.After(t0.Add(5*time.Minute)) && cur.Below == 5,
			fmt.Sprintf("since %s, window from %s, %d below", cur.Since, cur.BelowFrom, cur.Below)
	})
	// A text the network held back: stamped 30 s after the first ones,
	// delivered 10 minutes later, far below the read window.
	late := t0.Add(30 * time.Second)
	phone.Receive(androidtest.SMS{From: "+15557770000", Text: "3", SCTS: late})
	reads := phone.Requests("/inbox")
	waitFor(t, "a read of the window", 10*time.Second, func() (bool, string) {
		return phone.Requests("/inbox") > reads+1, ""
	})
	if n := sink.count(t); n != 5 {
		t.Fatalf("the late text was found before the count check ran (%d stored): the test proves nothing", n)
	}
	clock.Advance(10 * time.Second) // the next count check is due
	sink.waitRows(t, 6, 10*time.Second)
	var got int64
	if err := sink.db.QueryRow(`SELECT received_ms FROM inbox WHERE sender = '+15557770000'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != late.UnixMilli() {
		t.Errorf("late text receivedAt = %s, want its network stamp %s", time.UnixMilli(got), late)
	}
}

func TestDroppedConnectionsAndASlowInboxLoseNothing(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	phone.SetInboxDelay(150 * time.Millisecond)
	sink := newSink(t)
	src := newSource(t, testConfig(phone, ""))
	run(t, src, sink)
	for round := range 5 {
		phone.DropNext(3)
		receiveN(phone, 100, round*100)
		waitFor(t, "some of this round stored", 20*time.Second, func() (bool, string) {
			n := sink.count(t)
			return n > round*100, fmt.Sprint(n)
		})
	}
	sink.waitRows(t, 500, 30*time.Second)
	if phone.Requests("/inbox") < 5 {
		t.Fatalf("only %d inbox reads", phone.Requests("/inbox"))
	}
	for k, n := range sink.perText(t) {
		if n != 1 {
			t.Errorf("%s stored %d times", k, n)
		}
	}
}

func TestPhoneThatStopsAnsweringIsDownThenRecovers(t *testing.T) {
	phone := startPhone(t, androidtest.Options{Battery: 62, Charging: 1 | 4})
	sink := newSink(t)
	src := newSource(t, testConfig(phone, ""))
	src.h.downAfter = 300 * time.Millisecond
	run(t, src, sink)
	h := waitHealth(t, src, vote.HealthOK, 10*time.Second)
	if h.Metrics["battery"] != "62%, charging (USB)" {
		t.Errorf("battery metric %q", h.Metrics["battery"])
	}
	phone.SetDown(true)
	receiveN(phone, 10, 0)
	h = waitHealth(t, src, vote.HealthDown, 10*time.Second)
	if !strings.Contains(h.Detail, "stopped answering at") {
		t.Errorf("down detail %q", h.Detail)
	}
	phone.SetDown(false)
	waitHealth(t, src, vote.HealthOK, 10*time.Second)
	sink.waitRows(t, 10, 10*time.Second)
}

// TestHealthIsOkOnlyOnceWebhooksAreTaken: the phone answers /health and
// /device at once but its inbox slowly; until that first read is done the
// source refuses webhooks (503), so Health must not say ok, or a console (or
// a test) that trusts it posts into the gap.
func TestHealthIsOkOnlyOnceWebhooksAreTaken(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	phone.SetInboxDelay(time.Second) // a slow phone
	src := newSource(t, testConfig(phone, ""))
	run(t, src, newSink(t))
	waitFor(t, "the first inbox read to reach the phone", 10*time.Second, func() (bool, string) {
		return phone.Requests("/inbox") >= 1, fmt.Sprintf("%d reads", phone.Requests("/inbox"))
	})
	if h := src.Health(); h.State != vote.HealthConnecting || !strings.Contains(h.Detail, "for the first time") || src.ready.Load() {
		t.Errorf("during the first read: health %s %q (ready %v), want connecting, reading for the first time", h.State, h.Detail, src.ready.Load())
	}
	waitFor(t, "health ok", 10*time.Second, func() (bool, string) {
		h := src.Health()
		if h.State == vote.HealthOK && !src.ready.Load() {
			t.Fatalf("health ok (%q) while webhooks are still refused", h.Detail)
		}
		return h.State == vote.HealthOK, h.State + ": " + h.Detail
	})
}

func TestEngineRefusalKeepsTextsOnThePhoneAndRetries(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	sink := newSink(t)
	sink.fail = 3
	st := openState(t, t.TempDir())
	c := testConfig(phone, "")
	c.State = st
	src := newSource(t, c)
	receiveN(phone, 20, 0)
	run(t, src, sink)
	sink.waitRows(t, 20, 10*time.Second)
	sink.mu.Lock()
	calls := sink.calls
	sink.mu.Unlock()
	if calls < 4 {
		t.Fatalf("sink called %d times, want the 3 refusals and a success", calls)
	}
}

func TestWrongPasswordSaysSo(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	src := newSource(t, testConfig(phone, "wrong"))
	run(t, src, newSink(t))
	h := waitHealth(t, src, vote.HealthDown, 10*time.Second)
	if !strings.Contains(h.Detail, "refused the password") {
		t.Fatalf("detail %q", h.Detail)
	}
}

func TestOldAppWithoutInboxTakesWebhooksOnly(t *testing.T) {
	phone := startPhone(t, androidtest.Options{Version: "1.52.1", SigningKey: "k3y"})
	hook := newHook(t)
	c := testConfig(phone, "")
	c.Key, c.Webhook = "k3y", hook.url
	src := newSource(t, c)
	hook.set(src)
	sink := newSink(t)
	run(t, src, sink)
	h := waitHealth(t, src, vote.HealthDegraded, 10*time.Second)
	if !strings.Contains(h.Detail, "1.59") {
		t.Errorf("detail %q, want the version to update to", h.Detail)
	}
	receiveN(phone, 15, 0)
	sink.waitRows(t, 15, 10*time.Second)
}

func TestOtherSIMIsIgnored(t *testing.T) {
	phone := startPhone(t, androidtest.Options{})
	c := testConfig(phone, "")
	c.SIM = 2
	src := newSource(t, c)
	sink := newSink(t)
	run(t, src, sink)
	phone.Receive(androidtest.SMS{From: "+15550000001", Text: "personal", SIM: 1})
	phone.Receive(androidtest.SMS{From: "+15550000002", Text: "2", SIM: 2})
	sink.waitRows(t, 1, 10*time.Second)
	reads := phone.Requests("/inbox")
	waitFor(t, "two more reads", 10*time.Second, func() (bool, string) {
		return phone.Requests("/inbox") >= reads+2, ""
	})
	if got := sink.perText(t); len(got) != 1 || got["+15550000002 2"] != 1 {
		t.Fatalf("stored %v, want only the SIM 2 text", got)
	}
}

func TestWebhookThatNeverArrivesIsReported(t *testing.T) {
	phone := startPhone(t, androidtest.Options{SigningKey: "k3y"})
	hook := newHook(t) // registered on the phone, but nothing behind it: adb reverse lost
	c := testConfig(phone, "")
	c.Key, c.Webhook = "k3y", hook.url
	src := newSource(t, c)
	src.h.noHook = 300 * time.Millisecond
	sink := newSink(t)
	run(t, src, sink)
	waitHealth(t, src, vote.HealthOK, 10*time.Second)
	receiveN(phone, 5, 0)
	sink.waitRows(t, 5, 10*time.Second)
	h := waitHealth(t, src, vote.HealthDegraded, 10*time.Second)
	if !strings.Contains(h.Detail, "adb reverse") {
		t.Fatalf("detail %q", h.Detail)
	}
	hook.set(src) // the cable is back: the next text comes by webhook
	receiveN(phone, 1, 5)
	waitHealth(t, src, vote.HealthOK, 20*time.Second)
	sink.waitRows(t, 6, 10*time.Second)
}
