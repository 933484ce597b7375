package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"forkcast/app/show"
	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/modem/modemtest"
)

// TestReportHealthOutage (#18, "Done when"): `forkcast serve --live` reads
// the demo talk's votes from an emulated modem on a pseudo-terminal; the
// room votes on both forks and rates the talk (3 polls, one a rating), and
// during the second fork the modem is unplugged and comes back under a new
// name. `forkcast report --html` of the session then shows the outage: the
// modem's row with its start, end, duration and the sentence the modem gave
// while down, beside the polls and the texts per source.
//
// With FORKCAST_REPORT_FIXTURE set, the database is copied there for the
// browser test (frontend/e2e/report.test.mjs).
func TestReportHealthOutage(t *testing.T) {
	dir := t.TempDir()
	em, dev := modemtest.Start(t, modemtest.QuectelEC25, modemtest.WithBaud(115200),
		modemtest.WithByID(filepath.Join(dir, "by-id")))
	dbPath := filepath.Join(dir, "forkcast.db")
	story := e2eStory(t, dir)
	s := startE2EShow(t, "--live", "--source", "modem:"+dev, "--db", dbPath, "--story", story)
	s.waitSource(t, "modem", vote.HealthOK, testkit.Patience)
	ms := &modemStream{t: t, e: em, want: map[int]int{}}
	var down vote.Health
	polls := 0
	for i := 0; i < 60 && !s.state(t).Ended; i++ {
		st := s.state(t)
		if st.Poll == nil || st.Poll.State != show.PollReady {
			s.action(t, "/api/next", nil)
			continue
		}
		polls++
		s.action(t, "/api/poll/open", nil)
		before := len(ms.sent)
		if polls == 2 {
			em.Unplug()
			down = s.waitSource(t, "modem", vote.HealthDown, testkit.Patience)
			if _, err := em.Replug(); err != nil {
				t.Fatal(err)
			}
			s.waitSource(t, "modem", vote.HealthOK, testkit.Patience)
		}
		if st.Poll.Kind == vote.PollRating {
			ms.single(0, "8", "9", "10")
		} else {
			ms.single(1, "1", "1")
			ms.single(2, "2")
		}
		waitInbox(t, s, len(ms.sent), testkit.Patience, fmt.Sprintf("poll %d's %d texts", polls, len(ms.sent)-before))
		s.action(t, "/api/poll/close", nil)
		// The grace window counts texts delayed by the network before a winner.
		testkit.WaitFor(t, testkit.Patience, fmt.Sprintf("poll %d decided", polls), func() bool {
			p := s.state(t).Poll
			return p != nil && p.State == show.PollDecided
		})
	}
	if !s.state(t).Ended || polls != 3 {
		t.Fatalf("ended=%v after %d polls, want the end of the talk after 3 (two forks and the rating)", s.state(t).Ended, polls)
	}
	id := s.state(t).Session.ID
	s.stop(t)
	if down.Detail == "" {
		t.Fatal("the modem gave no reason while down")
	}
	// Transitions only: the engine checks health every second for the whole
	// show, but stores a row only when a source's state changes.
	changes := strings1(t, openDB(t, dbPath), "SELECT source || ':' || state FROM health_events ORDER BY id")
	if !strings.Contains(strings.Join(changes, " "), "modem:down") {
		t.Fatalf("stored health changes %q, want the modem going down", changes)
	}
	t.Logf("stored health changes: %q", changes)
	last := map[string]string{}
	for _, c := range changes {
		src, st, _ := strings.Cut(c, ":")
		if last[src] == st {
			t.Errorf("health changes %q store %s as %s twice in a row", changes, src, st)
		}
		last[src] = st
	}
	if fix := os.Getenv("FORKCAST_REPORT_FIXTURE"); fix != "" {
		b, err := os.ReadFile(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fix, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	html := filepath.Join(dir, "report.html")
	var out, errb bytes.Buffer
	if code := run([]string{"report", "--html", html, "--db", dbPath, "--session", fmt.Sprint(id), "--story", story}, nil, &out, &errb); code != 0 {
		t.Fatalf("report exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	row := regexp.MustCompile(`<tr data-incident="down"><td>modem</td><td>(\d\d:\d\d:\d\d)</td><td>(\d\d:\d\d:\d\d)</td><td>([^<]+)</td><td>down</td><td>([^<]*)</td></tr>`)
	m := row.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("report has %d modem outage rows, want 1:\n%s", len(m), page[strings.Index(page, `id="health"`):])
	}
	if m[0][3] == "—" {
		t.Errorf("outage duration %q, want a positive duration", m[0][3])
	}
	if want := htmlEsc(down.Detail); m[0][4] != want {
		t.Errorf("outage reason %q, want the modem's sentence %q", m[0][4], want)
	}
	if n := strings.Count(page, `class="poll"`); n != 3 {
		t.Errorf("report shows %d polls, want 3", n)
	}
	if !strings.Contains(page, fmt.Sprintf("<td>modem</td><td>%d</td>", len(ms.sent))) {
		t.Errorf("texts per source: want modem with %d votes", len(ms.sent))
	}
}

// htmlEsc escapes s as the report does.
func htmlEsc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
