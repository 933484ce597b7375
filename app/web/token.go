package web

import (
	"errors"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"forkcast/app/show"
	"forkcast/app/token"
)

// StrongToken reports whether token is strong enough for a server that the
// venue network can reach (see token.Check: an estimate of at least 128 bits
// and 10 different characters; New's 48 hex characters hold 192 bits). The
// error says what is missing, never the token; it is a *show.Error with code
// EINVALID.
func StrongToken(tok string) error {
	err := token.Check(tok)
	var weak *token.WeakError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, token.ErrNotUTF8):
		return show.Errorf(show.EINVALID, "The token is not valid UTF-8.")
	case errors.Is(err, token.ErrSpace):
		return show.Errorf(show.EINVALID, "The token holds a space or a control character.")
	case errors.As(err, &weak):
		return show.Errorf(show.EINVALID, "The token is too weak for a server the network can reach: %s; leave it out and Forkcast makes a strong one.", weak)
	default:
		return show.Errorf(show.EINVALID, "The token is refused: %s.", err)
	}
}

// Wrong tokens from one address group may come in a burst of failBurst,
// then one every failEvery: a person who mistyped is not slowed, a guesser
// gets ~86,000 tries a day instead of ~4,600 a second.
const (
	failBurst = 20
	failEvery = time.Second
	// failKeys bounds the address groups remembered; past it the groups
	// whose allowance has refilled are forgotten.
	failKeys = 4096
)

// guessLimiter counts wrong tokens per address group.
type guessLimiter struct {
	now func() time.Time
	mu  sync.Mutex
	// next is, per group, the time from which its allowance is full again
	// (a "virtual scheduling" bucket: each failure pushes it failEvery on).
	next map[string]time.Time
}

func newGuessLimiter() *guessLimiter {
	return &guessLimiter{now: time.Now, next: map[string]time.Time{}}
}

// blocked reports whether group has spent its allowance, and until when.
func (l *guessLimiter) blocked(group string) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.next[group]
	if !ok {
		return false, time.Time{}
	}
	open := t.Add(-failBurst * failEvery)
	return !l.now().After(open), open
}

// fail records a wrong token from group.
func (l *guessLimiter) fail(group string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	t := l.next[group]
	if t.Before(now) {
		t = now
	}
	l.next[group] = t.Add(failEvery)
	if len(l.next) > failKeys {
		for g, t := range l.next {
			if !t.After(now) {
				delete(l.next, g)
			}
		}
		for g := range l.next { // a flood wider than failKeys: forget any
			if len(l.next) <= failKeys*3/4 {
				break
			}
			delete(l.next, g)
		}
	}
}

// addrGroup is the key under which wrong tokens are counted: the IPv4
// address, or the /64 of an IPv6 address (what one subscriber gets and may
// hop within). An IPv4-mapped address counts as its IPv4 address.
func addrGroup(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(strings.Trim(host, "[]"))
	if err != nil {
		return "?" + host[:min(len(host), 64)]
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
