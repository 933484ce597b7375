package publish

import (
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/vote"
)

// TestReportHealth: a modem that went down (reconnecting in between) and
// came back is one incident with its duration and reason; a relay degraded
// until the end is "not recovered", timed to the session's end; a source
// that only went from connecting to ok makes no incident; text in a reason
// is escaped.
func TestReportHealth(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	r := &show.Report{
		Session: show.ReportSession{ID: 4, Mode: show.Live, Title: "T", StartedAt: t0, EndedAt: at(10 * time.Minute)},
		// A path and a poll with no story (the file is gone): scene ids, no panic.
		Path: []show.PathStep{{Scene: "a", At: t0, Choice: 1, By: show.ByVotes}, {Scene: "b", At: at(time.Minute)}},
		Polls: []show.ReportPoll{{ID: 1, Scene: "a", Kind: vote.PollFork, OpenedAt: at(30 * time.Second), ClosedAt: at(50 * time.Second),
			Choices: []show.ChoiceTally{{Number: 1, Count: 2, Percent: 100}}, Total: 2, Winner: 1, DecidedBy: show.ByVotes}},
		Health: []show.HealthEvent{
			{At: at(0), Source: "modem", State: vote.HealthConnecting},
			{At: at(time.Second), Source: "modem", State: vote.HealthOK},
			{At: at(0), Source: "sim", State: vote.HealthConnecting},
			{At: at(time.Second), Source: "sim", State: vote.HealthOK},
			{At: at(2 * time.Minute), Source: "modem", State: vote.HealthDown, Detail: "The modem's port <ttyUSB0> went away."},
			{At: at(2*time.Minute + 5*time.Second), Source: "modem", State: vote.HealthConnecting, Detail: "Reconnecting."},
			{At: at(3*time.Minute + 30*time.Second), Source: "modem", State: vote.HealthOK},
			{At: at(8 * time.Minute), Source: "relay", State: vote.HealthDegraded, Detail: "The relay answers slowly."},
		},
	}
	got := incidents(r)
	if len(got) != 2 {
		t.Fatalf("incidents=%+v, want the modem's outage and the relay's degradation", got)
	}
	if got[0].Source != "modem" || got[0].State != vote.HealthDown || got[0].Until.Sub(got[0].From) != 90*time.Second {
		t.Errorf("incident 0=%+v, want modem down for 1m30s", got[0])
	}
	if got[1].Source != "relay" || !got[1].Until.IsZero() {
		t.Errorf("incident 1=%+v, want relay not recovered", got[1])
	}
	var b strings.Builder
	if err := WriteReport(&b, nil, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`<tr data-incident="down"><td>modem</td><td>10:02:00</td><td>10:03:30</td><td>1m30s</td><td>down</td><td>The modem&#39;s port &lt;ttyUSB0&gt; went away.</td></tr>`,
		`<tr data-incident="degraded"><td>relay</td><td>10:08:00</td><td>not recovered</td><td>2m0s</td>`,
		"2 incident(s), 3m30s in all.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out[strings.Index(out, `id="health"`):])
		}
	}
	r.Health = r.Health[:4]
	b.Reset()
	if err := WriteReport(&b, nil, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Every source stayed up") {
		t.Error("a session without incidents does not say every source stayed up")
	}
}
