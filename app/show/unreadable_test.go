package show_test

import (
	"context"
	"sync"
	"testing"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/vote"
)

// TestUnreadableIsKeptNotCounted: a text its source kept raw (with or without
// a readable sender) is stored with its PDU, shown as "unreadable" with the
// masked sender, and neither counts nor adds to the poll's invalid figure;
// the same phone's real vote afterwards still counts.
func TestUnreadableIsKeptNotCounted(t *testing.T) {
	f := newFixture(t, story.VoteOptions{})
	f.toFork()
	f.do("open", f.e.OpenPoll)
	for i, m := range []vote.Message{
		{Source: "modem", ProviderID: "raw1", Sender: "+15035550007", PDU: "0791DEADBEEF", Unreadable: true, ReceivedAt: f.clock.Now()},
		{Source: "modem", ProviderID: "raw2", PDU: "07", Unreadable: true, ReceivedAt: f.clock.Now()},
	} {
		if err := f.e.Ingest(context.Background(), []vote.Message{m}); err != nil {
			t.Fatalf("ingest %d: %v", i, err)
		}
		got := f.lastResult()
		if got.Result != show.ResultUnreadable || got.Choice != 0 || got.Reason == "" {
			t.Errorf("raw %d: result %q choice %d reason %q, want unreadable with a reason", i, got.Result, got.Choice, got.Reason)
		}
		if wantSender := m.Sender != ""; (got.Sender != "") != wantSender || wantSender && got.Sender == m.Sender {
			t.Errorf("raw %d: inbox sender %q, want masked when readable, empty otherwise", i, got.Sender)
		}
	}
	p := f.e.State().Poll
	if p == nil || p.Total != 0 || p.Invalid != 0 {
		t.Fatalf("poll %+v: an unreadable text must not count, even as invalid", p)
	}
	f.text(7, "1")
	if got := f.lastResult(); got.Result != show.ResultCounted {
		t.Errorf("the same phone's vote after its unreadable text: %q, want counted", got.Result)
	}
}

// TestUnreadableGetsNoReply: with every reply set, a text kept raw is not
// answered (its words are not known). Replies go out in order through one
// queue, so once the invalid text sent after it has its reply, the unreadable
// one has had its chance.
func TestUnreadableGetsNoReply(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.st.Replies.Invalid = "Not a vote."
	f.st.Replies.Closed = "No poll is open."
	f.st.Hash = "with replies"
	f.start(true)
	var mu sync.Mutex
	sent := map[string][]string{}
	src := &replySource{fakeSource: fakeSource{name: "modem"}, reply: func(_ context.Context, to, text string) error {
		mu.Lock()
		sent[to] = append(sent[to], text)
		mu.Unlock()
		return nil
	}}
	runEngine(t, f, src)
	f.toFork()
	f.do("open", f.e.OpenPoll)
	for i, m := range []vote.Message{
		{Source: "modem", ProviderID: "raw", Sender: "+15035550007", PDU: "0791DEADBEEF", Unreadable: true, ReceivedAt: f.clock.Now()},
		{Source: "modem", ProviderID: "bad", Sender: "+15035550008", Text: "banana", ReceivedAt: f.clock.Now()},
	} {
		if err := f.e.Ingest(context.Background(), []vote.Message{m}); err != nil {
			t.Fatalf("ingest %d: %v", i, err)
		}
	}
	waitFor(t, "the invalid text's reply", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(sent["+15035550008"]) == 1
	})
	mu.Lock()
	defer mu.Unlock()
	if got := sent["+15035550007"]; len(got) != 0 {
		t.Errorf("replies to an unreadable text: %q", got)
	}
}
