package cli

// Issue 6, "Done when": a stream of texts signed exactly as Twilio signs them
// reaches `forkcast serve --source relay:URL` and is counted exactly once
// through disconnects and restarts; forged requests are refused and stored
// nowhere.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/relay/server"
)

// Ways an audience writes each choice of the demo's first fork
// (1 Ship it #ship #yes, 2 Wait until Monday #wait #monday), and texts that
// are not votes.
var (
	e2eSays = map[int][]string{
		1: {"1", "ship", "#ship", "Ship it!", "option 1", "yes", "1️⃣", "one", "I vote 1"},
		2: {"2", "wait", "#2", "two", "Wait until Monday", "monday", "２", "vote 2 please", "2."},
	}
	e2eNonsense = []string{"hello", "1 or 2", "3", "maybe", "ship or wait", "?", "I love this talk", "12", "both", "pizza"}
)

// relayText is one valid text of the stream and the webhook that carries it.
type relayText struct {
	sid, body string
	phone     int
	choice    int // 0: not a vote
	hook      webhook
}

// relayStream makes the texts of the test and keeps what the count must be.
type relayStream struct {
	tw     *twilio
	rng    *rand.Rand
	texts  []relayText
	last   map[int]int // phone → the choice that counts (last-wins)
	forged []webhook
}

func (rs *relayStream) text(phone, choice int) relayText {
	body := e2eNonsense[phone%len(e2eNonsense)]
	if choice > 0 {
		says := e2eSays[choice]
		body = says[rs.rng.IntN(len(says))]
		rs.last[phone] = choice
	}
	sid := fmt.Sprintf("SM%032x", len(rs.texts)+1)
	p := inbound(sid, fmt.Sprintf("+1503555%04d", phone), body)
	x := relayText{sid: sid, body: body, phone: phone, choice: choice, hook: rs.tw.signed(p)}
	rs.texts = append(rs.texts, x)
	return x
}

// forge returns the k-th forged webhook of a phase: from an address of its
// own, with a sid and a number no valid text uses, refused in one of eight ways.
func (rs *relayStream) forge(phase, k int) webhook {
	sid := fmt.Sprintf("SMforged%d%02d", phase, k)
	p := inbound(sid, fmt.Sprintf("+1555999%02d%02d", phase, k), "1")
	hook := rs.tw.hook
	w := webhook{body: p.Encode(), from: fmt.Sprintf("203.0.113.%d", 10+phase)}
	good := server.SignTwilio(e2eTwilioToken, hook, p)
	switch k % 8 {
	case 0: // no signature
	case 1: // signed with another auth token
		w.sig = server.SignTwilio("not-the-auth-token", hook, p)
	case 2: // body changed after signing
		q := cloneValues(p)
		q.Set("Body", "2")
		w.body, w.sig = q.Encode(), good
	case 3: // a parameter added after signing
		q := cloneValues(p)
		q.Set("NumMedia", "1")
		q.Set("MediaUrl0", "https://evil.example/x.png")
		w.body, w.sig = q.Encode(), good
	case 4: // signed over https, posted over http
		w.sig = server.SignTwilio(e2eTwilioToken, strings.Replace(hook, "http://", "https://", 1), p)
	case 5: // signed over another query string
		w.sig = server.SignTwilio(e2eTwilioToken, hook+"?x=1", p)
	case 6: // the signature of a valid text, replayed on another body
		w.sig = rs.texts[rs.rng.IntN(len(rs.texts))].hook.sig
	case 7: // a truncated signature
		w.sig = good[:len(good)-4]
	}
	rs.forged = append(rs.forged, w)
	return w
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// postAll posts valid webhooks (retried as Twilio retries) and forged ones
// (each must be answered 403) with a few workers. progress, when set, is
// called with the number of webhooks done so far after each.
func postAll(t *testing.T, tw *twilio, valid, forged []webhook, progress func(int)) {
	t.Helper()
	type job struct {
		w      webhook
		forged bool
	}
	jobs := make(chan job)
	var done atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if j.forged {
					if code, err := tw.postForged(j.w); code != http.StatusForbidden {
						t.Errorf("forged webhook %q (sig %q) answered %d %v, want 403", j.w.body, j.w.sig, code, err)
					}
				} else if err := tw.deliver(j.w); err != nil {
					t.Errorf("valid webhook %q: %v", j.w.body, err)
				}
				if n := done.Add(1); progress != nil {
					progress(int(n))
				}
			}
		}()
	}
	// Forged requests are spread through the stream.
	every := max(1, len(valid)/(len(forged)+1))
	for i, w := range valid {
		jobs <- job{w: w}
		if i%every == every-1 && len(forged) > 0 {
			jobs <- job{w: forged[0], forged: true}
			forged = forged[1:]
		}
	}
	for _, w := range forged {
		jobs <- job{w: w, forged: true}
	}
	close(jobs)
	wg.Wait()
}

// postPaused runs postAll in the background and holds its workers once
// pauseAt webhooks are done, until resume is called; wait returns when every
// webhook has been answered.
func postPaused(t *testing.T, tw *twilio, valid, forged []webhook, pauseAt int) (paused <-chan struct{}, resume, wait func()) {
	p, r, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var pauseOnce, resumeOnce sync.Once
	go func() {
		defer close(done)
		postAll(t, tw, valid, forged, func(n int) {
			if n >= pauseAt {
				pauseOnce.Do(func() { close(p) })
				<-r
			}
		})
	}()
	return p, func() { resumeOnce.Do(func() { close(r) }) }, func() { <-done }
}

func hooks(ts []relayText) []webhook {
	out := make([]webhook, len(ts))
	for i, x := range ts {
		out[i] = x.hook
	}
	return out
}

// relayPending reads the relay's queue of unacknowledged texts.
func relayPending(t *testing.T, rl *e2eRelay) int64 {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, rl.url+"/v1/status", nil)
	req.Header.Set("Authorization", "Bearer "+e2eRelayToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET /v1/status: %v", err)
	}
	defer resp.Body.Close()
	var st struct{ Pending int64 }
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&st) != nil {
		t.Fatalf("GET /v1/status = %d", resp.StatusCode)
	}
	return st.Pending
}

// TestE2ERelayToServe runs a real relay and `serve --live --source relay:URL`
// in-process and sends 300 signed texts from 240 phones (230 voters, 10
// texts that are not votes; 55 changed votes, 5 repeated ones), 50 duplicate deliveries and 24
// forged webhooks, while the laptop is stopped and restarted mid-stream and
// the relay is restarted twice (once with texts queued for the stopped
// laptop, once under the running laptop). Every valid text must be stored and
// counted exactly once, and nothing forged stored on either side.
func TestE2ERelayToServe(t *testing.T) {
	start := time.Now()
	dir := t.TempDir()
	storyPath := e2eStory(t, dir)
	if err := os.MkdirAll(filepath.Join(dir, "relay"), 0o700); err != nil {
		t.Fatal(err)
	}
	rl := startE2ERelay(t, filepath.Join(dir, "relay"))
	laptopDB := filepath.Join(dir, "laptop", "forkcast.db")
	args := []string{"--live", "--source", "relay:" + rl.url, "--relay-token", e2eRelayToken,
		"--db", laptopDB, "--story", storyPath}

	s1 := startE2EShow(t, args...)
	s1.waitSource(t, "relay", vote.HealthOK, testkit.Patience)
	poll := s1.openFirstFork(t)
	session := s1.state(t).Session.ID

	tw := newTwilio(rl.url, 4)
	rs := &relayStream{tw: tw, rng: rand.New(rand.NewPCG(6, 6)), last: map[int]int{}}
	vote1 := func() int { return 1 + rs.rng.IntN(2) }

	// Phase A: 120 first votes; the laptop stops after 60 of them.
	var phaseA []relayText
	for p := 0; p < 120; p++ {
		phaseA = append(phaseA, rs.text(p, vote1()))
	}
	dupsA := hooks(phaseA[:20])
	var forgedA []webhook
	for k := range 8 {
		forgedA = append(forgedA, rs.forge(1, k))
	}
	paused, resume, wait := postPaused(t, tw, append(hooks(phaseA), dupsA...), forgedA, 60)
	<-paused
	testkit.WaitFor(t, testkit.Patience, "the laptop counting phase A", func() bool { return s1.state(t).Poll.Total >= 30 })
	atStop := s1.state(t).Poll.Total
	resume() // the rest of phase A arrives while the laptop stops
	s1.stop(t)
	wait()
	t.Logf("laptop stopped with %d votes counted, %d texts posted in phase A", atStop, len(phaseA))

	// Phase B, laptop away: 80 first votes, 10 texts that are not votes,
	// retries of texts the laptop had already acknowledged and of new ones.
	var phaseB []relayText
	for p := 120; p < 200; p++ {
		phaseB = append(phaseB, rs.text(p, vote1()))
	}
	for p := 200; p < 210; p++ {
		phaseB = append(phaseB, rs.text(p, 0))
	}
	dupsB := append(hooks(phaseA[:10]), hooks(phaseB[:10])...)
	var forgedB []webhook
	for k := range 8 {
		forgedB = append(forgedB, rs.forge(2, k))
	}
	postAll(t, tw, append(hooks(phaseB), dupsB...), forgedB, nil)
	queued := relayPending(t, rl)
	if queued < int64(len(phaseB)) {
		t.Errorf("relay queue %d with the laptop away, want at least the %d texts of phase B", queued, len(phaseB))
	}

	// The relay restarts with those texts queued, then the laptop comes back.
	rl.restart(t)
	if got := relayPending(t, rl); got != queued {
		t.Errorf("relay queue %d after its restart, want %d", got, queued)
	}
	s2 := startE2EShow(t, args...)
	st := s2.state(t)
	if !st.Session.Resumed || st.Session.ID != session {
		t.Errorf("session %d resumed=%v after the laptop restart, want session %d resumed", st.Session.ID, st.Session.Resumed, session)
	}
	if st.Poll == nil || st.Poll.ID != poll.ID || st.Poll.State != show.PollOpen {
		t.Fatalf("poll after the laptop restart = %+v, want poll %d open", st.Poll, poll.ID)
	}

	// Phase C, laptop back: 55 changed votes, 5 repeated votes, 30 new
	// phones; the relay restarts under the running laptop halfway through.
	var phaseC []relayText
	for p := 0; p < 55; p++ {
		phaseC = append(phaseC, rs.text(p, 3-rs.last[p]))
	}
	for p := 55; p < 60; p++ {
		phaseC = append(phaseC, rs.text(p, rs.last[p]))
	}
	for p := 210; p < 240; p++ {
		phaseC = append(phaseC, rs.text(p, vote1()))
	}
	dupsC := append(hooks(phaseB[len(phaseB)-5:]), hooks(phaseC[:5])...)
	var forgedC []webhook
	for k := range 8 {
		forgedC = append(forgedC, rs.forge(3, k))
	}
	paused, resume, wait = postPaused(t, tw, append(hooks(phaseC), dupsC...), forgedC, 45)
	<-paused
	resume() // the rest arrives while the relay restarts
	rl.restart(t)
	wait()

	checkRelayCounts(t, s2, rl, rs)
	h := s2.waitSource(t, "relay", vote.HealthOK, testkit.Patience)
	if h.Metrics["reconnects"] == "0" {
		t.Errorf("relay source reports no reconnection after the relay restart: %v", h.Metrics)
	}
	s2.stop(t)
	rl.stop(t)
	checkStoredOnce(t, laptopDB, filepath.Join(dir, "relay", "relay.db"), rs)
	t.Logf("%d valid texts, %d duplicates, %d forged, 2 relay restarts, 1 laptop restart: %v",
		len(rs.texts), len(dupsA)+len(dupsB)+len(dupsC), len(rs.forged), time.Since(start).Round(time.Millisecond))
}

// checkRelayCounts waits for the show to count every text and for the relay
// to hold nothing unacknowledged, then checks the bars, the invalid count and
// the inbox against the stream.
func checkRelayCounts(t *testing.T, s *e2eShow, rl *e2eRelay, rs *relayStream) {
	t.Helper()
	want := map[int]int{}
	for _, c := range rs.last {
		want[c]++
	}
	testkit.WaitFor(t, 2*testkit.Patience, fmt.Sprintf("%d texts in the inbox and %d votes counted", len(rs.texts), len(rs.last)), func() bool {
		st := s.state(t)
		return st.Poll != nil && st.Poll.Total >= len(rs.last) && len(s.inbox(t)) >= len(rs.texts)
	})
	// The laptop acknowledges a text only after committing it, and the relay
	// sends only what is unacknowledged: with its queue empty (every webhook
	// answered), nothing more can reach the show, duplicates included.
	testkit.Eventually(t, testkit.Patience, "the relay queue empty (every text acknowledged)", func() error {
		if n := relayPending(t, rl); n != 0 {
			return fmt.Errorf("%d texts pending", n)
		}
		return nil
	})
	st := s.state(t)
	if st.Poll.Total != len(rs.last) {
		t.Errorf("poll total %d, want %d (one per phone)", st.Poll.Total, len(rs.last))
	}
	if st.Poll.Invalid != 10 {
		t.Errorf("poll invalid %d, want 10", st.Poll.Invalid)
	}
	for _, c := range st.Poll.Choices {
		if c.Count != want[c.Number] {
			t.Errorf("choice %d has %d votes, want %d (last vote of each phone)", c.Number, c.Count, want[c.Number])
		}
	}
	inbox := s.inbox(t)
	results := map[string]int{}
	var got, sent []string
	for _, e := range inbox {
		results[e.Result]++
		got = append(got, e.Text)
		if e.Source != "relay" {
			t.Errorf("inbox entry %d from source %q, want relay", e.ID, e.Source)
		}
	}
	for _, x := range rs.texts {
		sent = append(sent, x.body)
	}
	if !sameMultiset(got, sent) {
		t.Errorf("inbox holds %d texts, want exactly the %d sent, each once", len(got), len(sent))
	}
	wantResults := map[string]int{show.ResultCounted: 230, show.ResultChanged: 55, show.ResultIgnored: 5, show.ResultInvalid: 10}
	for r, n := range wantResults {
		if results[r] != n {
			t.Errorf("inbox has %d %q texts, want %d (all results: %v)", results[r], r, n, results)
		}
	}
}

// checkStoredOnce reads both SQLite files once the programs have stopped:
// each valid MessageSid is stored once on each side, nothing forged anywhere.
func checkStoredOnce(t *testing.T, laptopDB, relayDB string, rs *relayStream) {
	t.Helper()
	var sids []string
	for _, x := range rs.texts {
		sids = append(sids, x.sid)
	}
	laptop := openDB(t, laptopDB)
	if got := strings1(t, laptop, "SELECT provider_id FROM inbox"); !sameMultiset(got, sids) {
		t.Errorf("laptop inbox holds %d message ids, want the %d valid ones, each once", len(got), len(sids))
	}
	if got := strings1(t, laptop, "SELECT provider_id FROM inbox WHERE provider_id LIKE 'SMforged%'"); len(got) > 0 {
		t.Errorf("laptop stored forged texts: %q", got)
	}
	rdb := openDB(t, relayDB)
	if got := strings1(t, rdb, "SELECT provider_id FROM texts"); !sameMultiset(got, sids) {
		t.Errorf("relay holds %d message ids, want the %d valid ones, each once", len(got), len(sids))
	}
	if got := strings1(t, rdb, "SELECT provider_id FROM texts WHERE provider_id LIKE 'SMforged%' OR sender LIKE '+1555999%'"); len(got) > 0 {
		t.Errorf("relay stored forged texts: %q", got)
	}
}
