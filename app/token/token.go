// Package token estimates the strength of a bearer token: the one check
// behind the app's control token (app/web) and the relay's laptop token
// (bridge/relay/server), which refuse a weak one on a server the network
// can reach. It is a leaf: the standard library only, so every package may
// import it without breaking the dependency direction (docs/architecture.md).
package token

import (
	"errors"
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"
)

// MinBits is the strength a token needs on a server reachable from the
// network, as Check estimates it.
const MinBits = 128

// MinDistinct is how many different characters a strong token has at
// least ("aaaa…" has one, a random 32-hex-character token about 16).
const MinDistinct = 10

// ErrNotUTF8 is returned by Check for a token that is not valid UTF-8.
var ErrNotUTF8 = errors.New("the token is not valid UTF-8")

// ErrSpace is returned by Check for a token holding a space or a control
// character.
var ErrSpace = errors.New("the token holds a space or a control character")

// WeakError is returned by Check for a token below MinBits or MinDistinct.
// It says what the token has and what is missing, never the token.
type WeakError struct {
	Bits     float64 // the estimate
	Chars    int     // characters (runes)
	Distinct int     // different characters
}

// Error says what the token has and what it needs.
func (e *WeakError) Error() string {
	return fmt.Sprintf("about %.0f bits from %d characters (%d different), want %d bits and %d different characters",
		e.Bits, e.Chars, e.Distinct, MinBits, MinDistinct)
}

// Check reports whether tok is strong enough for a server the network can
// reach: an estimate of at least MinBits bits (its length times log2 of the
// alphabet its character classes span: lower case, upper case, digits,
// other) and at least MinDistinct different characters. The estimate is
// generous to a hand-made token and close for a random one (48 hex
// characters hold 192 bits, 43 base64url characters 256). It fails with
// ErrNotUTF8, ErrSpace or a *WeakError; no error quotes the token.
func Check(tok string) error {
	if !utf8.ValidString(tok) {
		return ErrNotUTF8
	}
	var lower, upper, digit, other bool
	distinct := map[rune]bool{}
	n := 0
	for _, r := range tok {
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
			return ErrSpace
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
	if bits < MinBits || len(distinct) < MinDistinct {
		return &WeakError{Bits: bits, Chars: n, Distinct: len(distinct)}
	}
	return nil
}
