package cli

// Issue 17, "Done when": the speaker's Android phone (the app's emulator, a
// real HTTP server on loopback) feeds `forkcast serve --live --source
// android:...` through both of the app's paths, its inbox and its signed
// webhooks posted to serve's own server, with the app's faults, and the show
// counts every text exactly once across a restart of the laptop; forged and
// stale webhooks are refused with 403 and stored nowhere.

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/android"
	"forkcast/bridge/android/androidtest"
)

const (
	e2ePhonePass = "Pa55word"                // the app's local server password
	e2eSignKey   = "e2e-android-signing-k3y" // Settings > Webhooks > Signing key
)

// freePort returns a loopback port nothing listens on now: the phone is given
// the webhook URL before serve starts, and a restarted serve takes it again.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// phoneText is one text of the stream and what it must count for.
type phoneText struct {
	from, body string
	scts       time.Time // the network's time stamp
	choice     int       // 0: not a vote
}

// phoneStream makes the texts of the test and keeps what the count must be.
type phoneStream struct {
	mu    sync.Mutex
	phone *androidtest.Phone
	rng   *rand.Rand
	texts []phoneText
	last  map[int]int       // phone → the choice that counts (last-wins)
	first map[int]phoneText // phone → its first text
}

func newPhoneStream(p *androidtest.Phone, seed uint64) *phoneStream {
	return &phoneStream{phone: p, rng: rand.New(rand.NewPCG(seed, 17)), last: map[int]int{}, first: map[int]phoneText{}}
}

// send has phone n text a vote for choice (0: a text that is not a vote).
func (ps *phoneStream) send(n, choice int) {
	ps.mu.Lock()
	body := e2eNonsense[n%len(e2eNonsense)]
	if choice > 0 {
		says := e2eSays[choice]
		body = says[ps.rng.IntN(len(says))]
		ps.last[n] = choice
	}
	x := phoneText{from: fmt.Sprintf("+1503555%04d", n), body: body, scts: time.Now().Truncate(time.Second), choice: choice}
	if _, ok := ps.first[n]; !ok {
		ps.first[n] = x
	}
	ps.texts = append(ps.texts, x)
	ps.mu.Unlock()
	ps.phone.Receive(androidtest.SMS{From: x.from, Text: x.body, SIM: 1, SCTS: x.scts})
}

// again has phone n text its first text once more, word for word: two
// genuine texts, stamped by the network at least a second apart.
func (ps *phoneStream) again(t *testing.T, n int) {
	t.Helper()
	ps.mu.Lock()
	x, ok := ps.first[n]
	ps.mu.Unlock()
	if !ok {
		t.Fatalf("phone %d has not texted yet", n)
	}
	testkit.WaitFor(t, testkit.Patience, "the clock to pass the first text's second", func() bool {
		return time.Now().Truncate(time.Second).After(x.scts)
	})
	x.scts = time.Now().Truncate(time.Second)
	ps.mu.Lock()
	ps.texts = append(ps.texts, x)
	ps.mu.Unlock()
	ps.phone.Receive(androidtest.SMS{From: x.from, Text: x.body, SIM: 1, SCTS: x.scts})
}

// forgedHook is a webhook that must be refused, and why.
type forgedHook struct {
	why  string
	body []byte
	ts   string // X-Timestamp; "" = none
	sig  string // X-Signature; "" = none
}

// forge returns the k-th forged webhook of a phase, refused in one of eight
// ways; its text "forged-PK" is stored by no valid path. phoneNow is the
// phone's clock (10 minutes ahead of the laptop).
func forge(phase, k int, phoneNow time.Time) forgedHook {
	body := func(text string) []byte {
		b, _ := json.Marshal(map[string]any{"deviceId": "Ey6ECgOkVVFjz3CL48B8C", "event": "sms:received",
			"id": fmt.Sprintf("forged%d%02d", phase, k), "webhookId": "forkcast-android",
			"payload": map[string]any{"messageId": "1f2e3d", "message": text, "sender": fmt.Sprintf("+1555999%02d%02d", phase, k),
				"recipient": nil, "phoneNumber": fmt.Sprintf("+1555999%02d%02d", phase, k), "simNumber": 1,
				"receivedAt": phoneNow.Format("2006-01-02T15:04:05.000Z07:00")}})
		return b
	}
	b := body(fmt.Sprintf("forged-%d%02d", phase, k))
	ts := strconv.FormatInt(phoneNow.Unix(), 10)
	f := forgedHook{body: b, ts: ts, sig: appSignature(e2eSignKey, b, ts)}
	switch k % 8 {
	case 0:
		f.why, f.ts, f.sig = "unsigned", "", ""
	case 1:
		f.why, f.sig = "signed with another key", appSignature("not-the-signing-key", b, ts)
	case 2:
		f.why, f.body = "body changed after signing", bytes.Replace(b, []byte(`"forged-`), []byte(`"2 forged-`), 1)
	case 3:
		f.why = "stale: stamped by the laptop's clock, 10 minutes behind the phone's"
		f.ts = strconv.FormatInt(time.Now().Unix(), 10)
		f.sig = appSignature(e2eSignKey, b, f.ts)
	case 4:
		f.why = "replayed: signed 6 minutes ago by the phone's clock"
		f.ts = strconv.FormatInt(phoneNow.Add(-6*time.Minute).Unix(), 10)
		f.sig = appSignature(e2eSignKey, b, f.ts)
	case 5:
		f.why, f.sig = "truncated signature", f.sig[:len(f.sig)-2]
	case 6:
		f.why, f.sig = "the signature of another body", appSignature(e2eSignKey, body("1"), ts)
	case 7:
		f.why, f.ts = "time stamp that is not Unix seconds", ts+".5"
	}
	return f
}

// appSignature signs as the app does: hex HMAC-SHA256 of the body followed by X-Timestamp.
func appSignature(key string, body []byte, ts string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write(body)
	m.Write([]byte(ts))
	return hex.EncodeToString(m.Sum(nil))
}

// post sends f to url and returns the status.
func (f forgedHook) post(t *testing.T, url string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(f.body))
	req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	if f.ts != "" {
		req.Header.Set("X-Timestamp", f.ts)
	}
	if f.sig != "" {
		req.Header.Set("X-Signature", f.sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post the forged webhook (%s): %v", f.why, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// postForged posts n forged webhooks of a phase and checks each gets 403.
func postForged(t *testing.T, url string, phase, n int, phoneNow time.Time) {
	t.Helper()
	for k := range n {
		f := forge(phase, k, phoneNow)
		if code := f.post(t, url); code != http.StatusForbidden {
			t.Errorf("forged webhook (%s) answered %d, want 403", f.why, code)
		}
	}
}

// TestE2EAndroidToServe runs `serve --live --source android:...` in-process
// against the emulated app with both receive paths on (every text arrives
// twice, once stamped by the phone's clock), every webhook event sent twice
// with new ids, webhook answers lost (the same event retried), dropped API
// connections, a slow inbox and a phone clock 10 minutes ahead. 245 texts
// from 190 phones (40 changed votes, 5 texts repeated word for word, 10 that
// are not votes) arrive while the laptop is stopped and started again on
// the same database mid-stream, and 24 forged or stale webhooks are posted to
// serve's webhook route. Every text must be stored and counted exactly once,
// nothing forged stored.
func TestE2EAndroidToServe(t *testing.T) {
	start := time.Now()
	t.Setenv(android.EnvPass, e2ePhonePass)
	t.Setenv(android.EnvKey, e2eSignKey)
	const ahead = 10 * time.Minute
	phone := startPhone(t, androidtest.Options{Pass: e2ePhonePass, SigningKey: e2eSignKey, ClockOffset: ahead,
		ObserverPath: true, ObserverDelay: 20 * time.Millisecond, DuplicateEvents: true,
		RetryBase: 50 * time.Millisecond, RetryCount: 12, Charging: 5})
	dir := t.TempDir()
	storyPath := e2eStory(t, dir)
	laptopDB := filepath.Join(dir, "laptop", "forkcast.db")
	port := freePort(t)
	hookURL := fmt.Sprintf("http://127.0.0.1:%d%s", port, android.DefaultWebhookPath)
	args := []string{"--live", "--listen", fmt.Sprintf("127.0.0.1:%d", port),
		"--source", "android:" + phone.URL() + ",poll=200ms,webhook=" + hookURL,
		"--db", laptopDB, "--story", storyPath}
	phoneNow := func() time.Time { return time.Now().Add(ahead) }

	s1 := startE2EShow(t, args...)
	s1.waitSource(t, "android", vote.HealthOK, 20*time.Second)
	if hs := phone.Webhooks(); len(hs) != 1 || hs[0].URL != hookURL {
		t.Fatalf("webhooks on the phone = %+v, want serve's %s", hs, hookURL)
	}
	poll := s1.openFirstFork(t)
	session := s1.state(t).Session.ID
	ps := newPhoneStream(phone, 17)
	vote1 := func() int { return 1 + ps.rng.IntN(2) }

	// Phase A: 100 first votes through every fault; the laptop stops
	// while the second half arrives.
	phone.LoseWebhookAnswers(15)
	phone.DropNext(4)
	phone.SetInboxDelay(300 * time.Millisecond) // a slow phone
	for n := range 50 {
		ps.send(n, vote1())
	}
	postForged(t, hookURL, 1, 8, phoneNow())
	testkit.WaitFor(t, 20*time.Second, "the laptop counting phase A", func() bool { return s1.state(t).Poll.Total >= 30 })
	atStop := s1.state(t).Poll.Total
	var feeding sync.WaitGroup
	feeding.Go(func() {
		for n := 50; n < 100; n++ {
			ps.send(n, vote1())
		}
	})
	s1.stop(t) // texts in flight on both paths
	feeding.Wait()
	phone.SetInboxDelay(0)
	t.Logf("laptop stopped with %d votes counted of the 100 texts of phase A", atStop)

	// Phase B, laptop away: 60 first votes and 10 texts that are not votes.
	for n := 100; n < 160; n++ {
		ps.send(n, vote1())
	}
	for n := 190; n < 200; n++ {
		ps.send(n, 0)
	}

	s2 := startE2EShow(t, args...)
	st := s2.state(t)
	if !st.Session.Resumed || st.Session.ID != session {
		t.Errorf("session %d resumed=%v after the laptop restart, want session %d resumed", st.Session.ID, st.Session.Resumed, session)
	}
	if st.Poll == nil || st.Poll.ID != poll.ID || st.Poll.State != show.PollOpen {
		t.Fatalf("poll after the laptop restart = %+v, want poll %d open", st.Poll, poll.ID)
	}
	s2.waitSource(t, "android", vote.HealthOK, 20*time.Second)

	// Phase C, laptop back: 40 changed votes, 5 texts repeated word for
	// word, 30 new phones, more lost answers and dropped connections.
	phone.LoseWebhookAnswers(10)
	phone.DropNext(3)
	for n := range 40 {
		ps.send(n, 3-ps.last[n])
	}
	postForged(t, hookURL, 2, 8, phoneNow())
	for n := 40; n < 45; n++ {
		ps.again(t, n)
	}
	for n := 160; n < 190; n++ {
		ps.send(n, vote1())
	}
	postForged(t, hookURL, 3, 8, phoneNow())

	checkAndroidCounts(t, s2, phone, ps)
	// The engine reads the sources' health once a second: wait for a
	// reading taken after the last forged webhook.
	var h vote.Health
	testkit.Eventually(t, testkit.Patience, "the phone's health ok with the forged webhooks counted", func() error {
		if h, _ = s2.source(t, "android"); h.State != vote.HealthOK || h.Metrics["refused"] == "" {
			return fmt.Errorf("health %s %q, metrics %v", h.State, h.Detail, h.Metrics)
		}
		return nil
	})
	checkAndroidHealth(t, h, ahead, 16)
	s2.stop(t)
	checkAndroidStored(t, laptopDB, ps)
	t.Logf("%d texts from %d phones, each by 2 receive paths x (2 webhook events + inbox); 24 forged; 1 laptop restart; webhooks %+v: %v",
		len(ps.texts), len(ps.last)+10, phone.Stats(), time.Since(start).Round(time.Millisecond))
}

// checkAndroidCounts waits until every copy of every text has been handled
// (the phone has no webhook left to send and has been read twice since),
// then checks the bars, the invalid count and the inbox against the stream.
func checkAndroidCounts(t *testing.T, s *e2eShow, phone *androidtest.Phone, ps *phoneStream) {
	t.Helper()
	want := map[int]int{}
	for _, c := range ps.last {
		want[c]++
	}
	testkit.WaitFor(t, 60*time.Second, fmt.Sprintf("%d texts in the inbox and %d votes counted", len(ps.texts), len(ps.last)), func() bool {
		st := s.state(t)
		return st.Poll != nil && st.Poll.Total >= len(ps.last) && len(s.inbox(t)) >= len(ps.texts)
	})
	if err := phone.WaitWebhooks(60 * time.Second); err != nil {
		t.Fatalf("the phone still has webhooks to send: %v (%+v)", err, phone.Stats())
	}
	reads := phone.Requests("/inbox")
	testkit.WaitFor(t, testkit.Patience, "two more reads of the phone's inbox", func() bool { return phone.Requests("/inbox") >= reads+2 })
	st := s.state(t)
	if st.Poll.Total != len(ps.last) {
		t.Errorf("poll total %d, want %d (one per phone)", st.Poll.Total, len(ps.last))
	}
	if st.Poll.Invalid != 10 {
		t.Errorf("poll invalid %d, want 10", st.Poll.Invalid)
	}
	for _, c := range st.Poll.Choices {
		if c.Count != want[c.Number] {
			t.Errorf("choice %d has %d votes, want %d (last vote of each phone)", c.Number, c.Count, want[c.Number])
		}
	}
	results := map[string]int{}
	var got, sent []string
	for _, e := range s.inbox(t) {
		results[e.Result]++
		got = append(got, e.Text)
		if e.Source != "android" {
			t.Errorf("inbox entry %d from source %q, want android", e.ID, e.Source)
		}
		if strings.Contains(e.Sender, "0355") {
			t.Errorf("inbox entry %d shows the sender %q unmasked", e.ID, e.Sender)
		}
	}
	for _, x := range ps.texts {
		sent = append(sent, x.body)
	}
	if !sameMultiset(got, sent) {
		t.Errorf("inbox holds %d texts, want exactly the %d sent, each once", len(got), len(sent))
	}
	wantResults := map[string]int{show.ResultCounted: 190, show.ResultChanged: 40, show.ResultIgnored: 5, show.ResultInvalid: 10}
	for r, n := range wantResults {
		if results[r] != n {
			t.Errorf("inbox has %d %q texts, want %d (all results: %v)", results[r], r, n, results)
		}
	}
}

// checkAndroidHealth checks what the console shows for the phone.
func checkAndroidHealth(t *testing.T, h vote.Health, ahead time.Duration, refused int) {
	t.Helper()
	if h.Kind != "android" || h.Received == 0 || h.LastText.IsZero() {
		t.Errorf("health %+v: want kind android with texts received and the last text's time", h)
	}
	m := regexp.MustCompile(`^phone (\S+) ahead$`).FindStringSubmatch(h.Metrics["clock"])
	if m == nil {
		t.Errorf("clock metric %q, want \"phone ... ahead\"", h.Metrics["clock"])
	} else if d, err := time.ParseDuration(m[1]); err != nil || d < ahead-3*time.Second || d > ahead+3*time.Second {
		t.Errorf("clock metric %q, want about %s ahead", h.Metrics["clock"], ahead)
	}
	for k, want := range map[string]string{
		"battery": "80%, charging (USB)",
		"webhook": "on",
		"refused": fmt.Sprintf("%d forged or stale webhooks", refused),
		"rcs":     android.RCSWarning,
		"network": "Wi-Fi, 4G",
	} {
		if got := h.Metrics[k]; got != want {
			t.Errorf("health metric %s = %q, want %q", k, got, want)
		}
	}
}

// checkAndroidStored reads the show's database once serve has stopped: each
// text once, nothing forged, and the phone's state file beside it.
func checkAndroidStored(t *testing.T, laptopDB string, ps *phoneStream) {
	t.Helper()
	db := openDB(t, laptopDB)
	ids := strings1(t, db, "SELECT provider_id FROM inbox WHERE source = 'android'")
	if len(ids) != len(ps.texts) {
		t.Errorf("database holds %d texts from the phone, want %d", len(ids), len(ps.texts))
	}
	if got := strings1(t, db, "SELECT CAST(text AS TEXT) FROM inbox WHERE CAST(text AS TEXT) LIKE '%forged%'"); len(got) > 0 {
		t.Errorf("database stored forged texts: %q", got)
	}
	if got := strings1(t, db, "SELECT provider_id FROM inbox WHERE provider_id LIKE 'forged%' OR provider_id = '1f2e3d'"); len(got) > 0 {
		t.Errorf("database stored forged event ids: %q", got)
	}
	state := openDB(t, filepath.Join(filepath.Dir(laptopDB), "android-state.db"))
	if got := strings1(t, state, "SELECT k FROM android_meta WHERE k = 'cursor'"); len(got) != 1 {
		t.Errorf("the phone's state file beside the database has no cursor (%v)", got)
	}
}

// TestE2EAndroidReplies: replies go out through the app's send API only once
// the story sets reply texts (here by editing the story while the show runs),
// never to a phone that texted STOP, across a restart of the laptop, until
// it texts START. Each check that a phone got nothing first waits for a
// reply to a phone that texted after it: replies leave in order.
func TestE2EAndroidReplies(t *testing.T) {
	t.Setenv(android.EnvPass, e2ePhonePass)
	t.Setenv(android.EnvKey, "")
	phone := startPhone(t, androidtest.Options{Pass: e2ePhonePass})
	dir := t.TempDir()
	storyPath := e2eStory(t, dir)
	args := []string{"--live", "--source", "android:" + phone.URL() + ",poll=200ms",
		"--db", filepath.Join(dir, "f.db"), "--story", storyPath}
	s1 := startE2EShow(t, args...)
	s1.waitSource(t, "android", vote.HealthOK, 20*time.Second)
	s1.openFirstFork(t)
	const thanks = "Thanks, your vote counts."
	text := func(s *e2eShow, from, body, result string) {
		t.Helper()
		phone.Receive(androidtest.SMS{From: from, Text: body})
		testkit.WaitFor(t, 15*time.Second, fmt.Sprintf("%q from %s stored as %s", body, from, result), func() bool {
			n := 0
			for _, e := range s.inbox(t) {
				if e.Text == body && e.Result == result && strings.HasSuffix(e.Sender, from[len(from)-4:]) {
					n++
				}
			}
			return n >= 1
		})
	}
	repliesTo := func(to string) []androidtest.Sent {
		var out []androidtest.Sent
		for _, m := range phone.SentMessages() {
			if len(m.To) == 1 && m.To[0] == to {
				out = append(out, m)
			}
		}
		return out
	}
	waitReply := func(to string, n int) {
		t.Helper()
		testkit.WaitFor(t, 15*time.Second, fmt.Sprintf("%d replies to %s", n, to), func() bool { return len(repliesTo(to)) >= n })
		for _, m := range repliesTo(to) {
			if m.Text != thanks {
				t.Errorf("reply to %s = %q, want %q", to, m.Text, thanks)
			}
		}
	}
	const stopper, voter2, voter3, voter4 = "+15035550001", "+15035550002", "+15035550003", "+15035550004"

	// The story sets no replies: the phone sends nothing (the story's change
	// below must switch the source's replies on, or voter3 gets nothing).
	text(s1, stopper, "STOP", show.ResultCommand)
	text(s1, stopper, "1", show.ResultCounted)
	text(s1, voter2, "1", show.ResultCounted)

	b, err := os.ReadFile(storyPath)
	if err != nil {
		t.Fatal(err)
	}
	withReplies := strings.Replace(string(b), "\nvote:\n", "\nreplies:\n  accepted: \""+thanks+"\"\nvote:\n", 1)
	if err := os.WriteFile(storyPath, []byte(withReplies), 0o644); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, 15*time.Second, "the show to take the story's replies", func() bool {
		return strings.Contains(s1.log.String(), "replies follow the story") && strings.Contains(s1.log.String(), "on=true")
	})
	text(s1, stopper, "2", show.ResultChanged)
	text(s1, voter3, "2", show.ResultCounted)
	waitReply(voter3, 1)
	if got := repliesTo(stopper); len(got) != 0 {
		t.Fatalf("the phone that texted STOP got %d replies: %+v", len(got), got)
	}
	if got := repliesTo(voter2); len(got) != 0 {
		t.Errorf("a vote counted while the story set no replies got %d replies", len(got))
	}

	// STOP holds across a restart of the laptop; START lifts it.
	s1.stop(t)
	s2 := startE2EShow(t, args...)
	s2.waitSource(t, "android", vote.HealthOK, 20*time.Second)
	text(s2, stopper, "1", show.ResultChanged)
	text(s2, voter4, "1", show.ResultCounted)
	waitReply(voter4, 1)
	if got := repliesTo(stopper); len(got) != 0 {
		t.Fatalf("after the restart the phone that texted STOP got %d replies: %+v", len(got), got)
	}
	text(s2, stopper, "START", show.ResultCommand)
	text(s2, stopper, "2", show.ResultChanged)
	waitReply(stopper, 1)
}
