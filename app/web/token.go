package web

import (
	"math"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"forkcast/app/show"
)

// MinTokenBits is the strength a control token needs when the server
// listens beyond loopback, as StrongToken estimates it. The relay asks the
// same of its laptop token.
const MinTokenBits = 128

// minTokenDistinct is how many different characters a strong token has at
// least ("aaaa…" has one, a random 32-hex-character token about 16).
const minTokenDistinct = 10

// StrongToken reports whether token is strong enough for a server that the
// venue network can reach: an estimate of at least MinTokenBits bits (its
// length times log2 of the alphabet its character classes span: lower
// case, upper case, digits, other) and at least 10 different characters.
// The estimate is generous to a hand-made token and close for a random one
// (New's 48 hex characters hold 192 bits). The error says what is missing,
// never the token; it is a *show.Error with code EINVALID.
func StrongToken(token string) error {
	if !utf8.ValidString(token) {
		return show.Errorf(show.EINVALID, "The token is not valid UTF-8.")
	}
	var lower, upper, digit, other bool
	distinct := map[rune]bool{}
	n := 0
	for _, r := range token {
		n++
		distinct[r] = true
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return show.Errorf(show.EINVALID, "The token holds a space or a control character.")
		default:
			other = true
		}
	}
	alphabet := 0
	for _, c := range []struct {
		on   bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {other, 33}} {
		if c.on {
			alphabet += c.size
		}
	}
	bits := 0.0
	if alphabet > 1 {
		bits = float64(n) * math.Log2(float64(alphabet))
	}
	if bits < MinTokenBits || len(distinct) < minTokenDistinct {
		return show.Errorf(show.EINVALID, "The token is too weak for a server the network can reach: about %.0f bits from %d characters (%d different), want %d bits and %d different characters; leave it out and Forkcast makes a strong one.",
			bits, n, len(distinct), MinTokenBits, minTokenDistinct)
	}
	return nil
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
