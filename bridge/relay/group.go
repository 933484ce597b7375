package relay

import (
	"sync"
	"time"
)

// Group ties the clients of relays that serve one phone number (the
// provider's webhook URL on one, its fallback URL on the other), so that each
// one's health says which of them is taking the provider's webhooks now: the
// one that received the newest text. The relays share nothing; the texts they
// both hold (a webhook the provider sent to both) are counted once because
// every client names them by the provider's message id under one source,
// "relay".
//
// A Group is safe for concurrent use; the zero Group is ready.
type Group struct {
	mu     sync.Mutex
	newest map[*Client]time.Time
}

// join adds c to g.
func (g *Group) join(c *Client) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.newest == nil {
		g.newest = map[*Client]time.Time{}
	}
	g.newest[c] = time.Time{}
}

// saw records that c's relay received a text at t.
func (g *Group) saw(c *Client, t time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.After(g.newest[c]) {
		g.newest[c] = t
	}
}

// MessageSource is the source of every text a relay client hands over,
// whichever relay it came from: with the provider's message id it is the
// engine's dedupe key, so a text two relays hold counts once.
const MessageSource = "relay"

// Webhook roles a client's health reports in its "webhooks" metric.
const (
	WebhooksNow     = "now"      // this relay received the group's newest text
	WebhooksStandby = "standby"  // another relay received a newer text
	WebhooksNone    = "none yet" // no relay of the group has received a text
)

// role says whether c's relay is the one taking webhooks now, and since when
// the other one has had nothing.
func (g *Group) role(c *Client) (string, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	mine := g.newest[c]
	var best time.Time
	for _, t := range g.newest {
		if t.After(best) {
			best = t
		}
	}
	switch {
	case best.IsZero():
		return WebhooksNone, len(g.newest)
	case mine.Equal(best):
		return WebhooksNow, len(g.newest)
	}
	return WebhooksStandby, len(g.newest)
}
