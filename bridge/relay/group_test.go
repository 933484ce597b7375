package relay

import (
	"testing"
	"time"

	"forkcast/app/vote"
)

// TestGroupSaysWhichRelayTakesWebhooks: the relay whose newest committed text
// is the newest of the group takes the webhooks; the other stands by; a
// relay alone reports no role; every text carries the source "relay".
func TestGroupSaysWhichRelayTakesWebhooks(t *testing.T) {
	g := &Group{}
	mk := func(name, url string) *Client {
		c, err := NewClient(ClientConfig{URL: url, Token: "t", Name: name, Group: g})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a := mk("relay a", "https://a.example.org")
	b := mk("relay b", "https://b.example.org")
	role := func(c *Client) string { return c.Health().Metrics["webhooks"] }
	if ra, rb := role(a), role(b); ra != WebhooksNone || rb != WebhooksNone {
		t.Fatalf("before any text: a=%q b=%q, want %q for both", ra, rb, WebhooksNone)
	}
	t0 := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	a.committed(3, []vote.Message{{ReceivedAt: t0}, {ReceivedAt: t0.Add(time.Second)}})
	if ra, rb := role(a), role(b); ra != WebhooksNow || rb != WebhooksStandby {
		t.Fatalf("a has the texts: a=%q b=%q, want now/standby", ra, rb)
	}
	// The primary goes down: the provider falls back to b.
	b.committed(1, []vote.Message{{ReceivedAt: t0.Add(2 * time.Second)}})
	if ra, rb := role(a), role(b); ra != WebhooksStandby || rb != WebhooksNow {
		t.Fatalf("after fallback: a=%q b=%q, want standby/now", ra, rb)
	}
	// a's backlog, held while it was away, is older: b still takes them.
	a.committed(5, []vote.Message{{ReceivedAt: t0.Add(1500 * time.Millisecond)}})
	if ra, rb := role(a), role(b); ra != WebhooksStandby || rb != WebhooksNow {
		t.Fatalf("after a's older backlog: a=%q b=%q, want standby/now", ra, rb)
	}
	if h := b.Health(); h.Source != "relay b" || h.Kind != "relay" {
		t.Fatalf("health source/kind = %q/%q, want relay b/relay", h.Source, h.Kind)
	}
	alone, err := NewClient(ClientConfig{URL: "https://c.example.org", Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := alone.Health().Metrics["webhooks"]; ok || alone.Name() != "relay" {
		t.Fatalf("a relay alone: name %q, metrics %v; want relay and no webhooks role", alone.Name(), alone.Health().Metrics)
	}
	batch, _ := a.handle(Event{Event: EventText, Data: `{"id":99,"messageId":"SMx","from":"+15035550100","text":"1"}`}, nil)
	if len(batch) != 1 || batch[0].Source != MessageSource || batch[0].ProviderID != "SMx" {
		t.Fatalf("text from relay a = %+v, want source %q and the provider's id", batch, MessageSource)
	}
}
