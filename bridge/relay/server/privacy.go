package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// maskNumber shortens a phone number for logs: the first three characters
// and the last two, e.g. "+15***42". Anything of six characters or fewer
// (short codes, junk) is masked whole.
func maskNumber(n string) string {
	if utf8.RuneCountInString(n) <= 6 {
		return "***"
	}
	r := []rune(n)
	return string(r[:3]) + "***" + string(r[len(r)-2:])
}

// numberHash is a keyed hash of a phone number: stored for opt-outs so the
// relay's file never holds the numbers of people who said STOP.
func numberHash(key []byte, number string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(normalizeNumber(number)))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// normalizeNumber keeps a leading '+' and the digits.
func normalizeNumber(n string) string {
	var b strings.Builder
	for i, r := range n {
		if r == '+' && i == 0 || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
