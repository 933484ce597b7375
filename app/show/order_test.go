package show_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/vote"
)

// sent is one text a phone sent at a time (offset from the poll opening),
// delivered by a source in some order.
type sent struct {
	source string
	id     string
	phone  int
	text   string
	at     time.Duration
}

func (s sent) msg(opened time.Time) vote.Message {
	return vote.Message{Source: s.source, ProviderID: s.id, Sender: fmt.Sprintf("+1503555%04d", s.phone),
		Text: s.text, ReceivedAt: opened.Add(s.at)}
}

// deliver ingests texts one call per group in arrival order.
func deliver(t *testing.T, f *fixture, opened time.Time, groups ...[]sent) {
	t.Helper()
	for _, g := range groups {
		msgs := make([]vote.Message, len(g))
		for i, s := range g {
			msgs[i] = s.msg(opened)
		}
		if err := f.e.Ingest(context.Background(), msgs); err != nil {
			t.Fatalf("ingest %v: %v", g, err)
		}
	}
}

// resultOf returns the inbox entry of the text with body text from phone.
func resultOf(t *testing.T, f *fixture, text string) show.InboxEntry {
	t.Helper()
	in, err := f.e.Inbox(context.Background(), 500)
	if err != nil {
		t.Fatalf("inbox: %v", err)
	}
	var found []show.InboxEntry
	for _, e := range in {
		if e.Text == text {
			found = append(found, e)
		}
	}
	if len(found) != 1 {
		t.Fatalf("inbox has %d entries with text %q, want 1: %+v", len(found), text, in)
	}
	return found[0]
}

// TestOlderTextNeverReplacesNewer: a phone's texts arrive out of the order
// they were sent (a relay that was down delivers its backlog late; a SIM is
// read out of order); last-wins counts the newest sent, and the older is kept
// in the inbox as superseded with a reason.
func TestOlderTextNeverReplacesNewer(t *testing.T) {
	cases := []struct {
		name   string
		groups [][]sent
		want   map[int]int
		// results by text body
		results map[string]string
	}{
		{
			name: "relay backlog after the newer vote",
			groups: [][]sent{
				{{"relay", "SMb", 1, "2 b", 3 * time.Second}},
				{{"relay", "SMa", 1, "1 a", 1 * time.Second}},
			},
			want:    map[int]int{1: 0, 2: 1},
			results: map[string]string{"2 b": show.ResultCounted, "1 a": show.ResultSuperseded},
		},
		{
			name: "both in one batch, newest first",
			groups: [][]sent{{
				{"relay", "SMb", 1, "2 b", 3 * time.Second},
				{"relay", "SMa", 1, "1 a", 1 * time.Second},
			}},
			want:    map[int]int{1: 0, 2: 1},
			results: map[string]string{"2 b": show.ResultCounted, "1 a": show.ResultSuperseded},
		},
		{
			name: "modem SIM read out of order, three changes",
			groups: [][]sent{
				{{"modem", "pdu-c", 1, "1 c", 5 * time.Second}},
				{{"modem", "pdu-a", 1, "1 a", 1 * time.Second}},
				{{"modem", "pdu-b", 1, "2 b", 3 * time.Second}},
			},
			want: map[int]int{1: 1, 2: 0},
			results: map[string]string{"1 c": show.ResultCounted, "1 a": show.ResultSuperseded,
				"2 b": show.ResultSuperseded},
		},
		{
			name: "in order still changes",
			groups: [][]sent{
				{{"sim", "s1", 1, "1 a", 1 * time.Second}},
				{{"sim", "s2", 1, "2 b", 3 * time.Second}},
			},
			want:    map[int]int{1: 0, 2: 1},
			results: map[string]string{"1 a": show.ResultCounted, "2 b": show.ResultChanged},
		},
		{
			name: "older from the modem after newer from the sim, other phones unaffected",
			groups: [][]sent{
				{{"sim", "s1", 1, "2 new", 4 * time.Second}, {"sim", "s2", 2, "1 other", 2 * time.Second}},
				{{"modem", "p1", 1, "1 old", 2 * time.Second}, {"modem", "p2", 3, "2 phone-c", 1 * time.Second}},
			},
			want: map[int]int{1: 1, 2: 2},
			results: map[string]string{"2 new": show.ResultCounted, "1 old": show.ResultSuperseded,
				"1 other": show.ResultCounted, "2 phone-c": show.ResultCounted},
		},
		{
			name: "same time keeps arrival order",
			groups: [][]sent{
				{{"relay", "SMa", 1, "1 a", 2 * time.Second}},
				{{"relay", "SMb", 1, "2 b", 2 * time.Second}},
			},
			want:    map[int]int{1: 0, 2: 1},
			results: map[string]string{"1 a": show.ResultCounted, "2 b": show.ResultChanged},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, defaultOpts())
			f.toFork()
			f.do("open", f.e.OpenPoll)
			opened := f.clock.Now()
			f.clock.Advance(10 * time.Second) // every text arrives after it was sent
			deliver(t, f, opened, c.groups...)
			got := f.counts()
			for choice, n := range c.want {
				if got[choice] != n {
					t.Errorf("count[%d]=%d, want %d (counts %v)", choice, got[choice], n, got)
				}
			}
			for text, want := range c.results {
				e := resultOf(t, f, text)
				if e.Result != want {
					t.Errorf("text %q: result %q (%s), want %q", text, e.Result, e.Reason, want)
				}
				if want == show.ResultSuperseded && !strings.Contains(e.Reason, "newer text wins") {
					t.Errorf("text %q: reason %q does not say why", text, e.Reason)
				}
			}
			if err := f.db.Verify(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestOlderTextAfterRestart: the counted vote's send time is read back from
// the store, so an older text that arrives after a restart is still
// superseded.
func TestOlderTextAfterRestart(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.toFork()
	f.do("open", f.e.OpenPoll)
	opened := f.clock.Now()
	f.clock.Advance(10 * time.Second)
	deliver(t, f, opened, []sent{{"relay", "SMb", 1, "2 b", 4 * time.Second}})
	f.start(false)
	deliver(t, f, opened, []sent{{"relay", "SMa", 1, "1 a", 2 * time.Second}})
	if e := resultOf(t, f, "1 a"); e.Result != show.ResultSuperseded {
		t.Fatalf("older text after restart: %q (%s), want superseded", e.Result, e.Reason)
	}
	if got := f.counts(); got[1] != 0 || got[2] != 1 {
		t.Fatalf("counts=%v, want 1:0 2:1", got)
	}
	deliver(t, f, opened, []sent{{"relay", "SMc", 1, "1 c", 6 * time.Second}})
	if got := f.counts(); got[1] != 1 || got[2] != 0 {
		t.Fatalf("after a newer change: counts=%v, want 1:1 2:0", got)
	}
	if err := f.db.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestFirstWinsCountsFirstSent: under first-wins an older text that arrives
// late is the first vote, and replaces the one that arrived first.
func TestFirstWinsCountsFirstSent(t *testing.T) {
	o := defaultOpts()
	o.Policy = story.FirstWins
	f := newFixture(t, o)
	f.toFork()
	f.do("open", f.e.OpenPoll)
	opened := f.clock.Now()
	f.clock.Advance(10 * time.Second)
	deliver(t, f, opened,
		[]sent{{"relay", "SMb", 1, "2 b", 4 * time.Second}},
		[]sent{{"relay", "SMa", 1, "1 a", 2 * time.Second}},
		[]sent{{"relay", "SMc", 1, "2 c", 6 * time.Second}})
	if got := f.counts(); got[1] != 1 || got[2] != 0 {
		t.Fatalf("counts=%v, want 1:1 2:0", got)
	}
	if e := resultOf(t, f, "1 a"); e.Result != show.ResultChanged {
		t.Fatalf("older text: %q (%s), want changed (it is the first sent)", e.Result, e.Reason)
	}
	if e := resultOf(t, f, "2 c"); e.Result != show.ResultIgnored {
		t.Fatalf("newest text: %q (%s), want ignored", e.Result, e.Reason)
	}
	if err := f.db.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestRepeatConfirmsTheVote: a phone votes 1, then 2, then 1 again; the
// middle text arrives last. The repeat of 1 is "ignored" but is the newest
// text, so the late 2 is superseded, before and after a restart.
func TestRepeatConfirmsTheVote(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprintf("restart=%v", restart), func(t *testing.T) {
			f := newFixture(t, defaultOpts())
			f.toFork()
			f.do("open", f.e.OpenPoll)
			opened := f.clock.Now()
			f.clock.Advance(10 * time.Second)
			deliver(t, f, opened,
				[]sent{{"relay", "SMa", 1, "1 a", 1 * time.Second}},
				[]sent{{"relay", "SMc", 1, "1 c", 5 * time.Second}})
			if restart {
				f.start(false)
			}
			deliver(t, f, opened, []sent{{"relay", "SMb", 1, "2 b", 3 * time.Second}})
			if e := resultOf(t, f, "2 b"); e.Result != show.ResultSuperseded {
				t.Fatalf("late middle text: %q (%s), want superseded", e.Result, e.Reason)
			}
			if got := f.counts(); got[1] != 1 || got[2] != 0 {
				t.Fatalf("counts=%v, want 1:1 2:0", got)
			}
			if err := f.db.Verify(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}
