package server

import (
	"errors"
	"fmt"
	"math"
	"net"
	"unicode"
	"unicode/utf8"
)

// MinTokenBits is the strength a laptop token needs on a relay reachable
// from the network, as StrongToken estimates it.
const MinTokenBits = 128

// minTokenDistinct is how many different characters a strong token has at
// least: a random 22-character token has ~18, "aaaa…" has one.
const minTokenDistinct = 10

// StrongToken reports whether token is strong enough for a relay reachable
// from the network: an estimate of at least MinTokenBits bits (its length
// times log2 of the alphabet its character classes span: lower case, upper
// case, digits, other) and at least 10 different characters. The estimate
// is generous to a hand-made token and close for a random one (one from
// `forkcast-relay token`, 43 base64url characters, holds 256 bits). It
// returns an error saying what is missing, never the token.
func StrongToken(token string) error {
	if !utf8.ValidString(token) {
		return errors.New("laptop token is not valid UTF-8")
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
			return errors.New("laptop token holds a space or a control character")
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
		return fmt.Errorf("laptop token too weak for a relay reachable from the network: about %.0f bits from %d characters (%d different), want %d bits and %d different characters; make one with: forkcast-relay token",
			bits, n, len(distinct), MinTokenBits, minTokenDistinct)
	}
	return nil
}

// exposed reports whether a relay on addr can be reached from other
// machines: any address but loopback, and loopback too behind a proxy (the
// proxy forwards the internet to it).
func exposed(addr net.Addr, trustProxy bool) bool {
	if trustProxy {
		return true
	}
	ta, ok := addr.(*net.TCPAddr)
	return !ok || !ta.IP.IsLoopback()
}

// ExposedListen reports the same for an address to listen on, as --listen
// takes it ("host:port"): true unless host is a loopback address or
// "localhost" and trustProxy is false. An empty host or a wildcard listens
// on every interface.
func ExposedListen(listen string, trustProxy bool) bool {
	if trustProxy {
		return true
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return true
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}
