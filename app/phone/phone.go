// Package phone turns a sender as a source received it into the two forms
// Forkcast keeps: a voter key (an HMAC of the normalised number under a
// per-installation secret, for counting one vote per phone) and a masked number
// (for the console, logs and exports). The raw number itself is never shown.
package phone

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/unicode/norm"
)

// maxNumber is the longest sender read as a phone number: E.164 has at most
// 15 digits, and formatting ("+1 (503) 555-0142 ext. 12") adds a few bytes.
const maxNumber = 40

// Normalize returns sender in a canonical form: E.164 ("+15035550142") when it
// parses as a possible phone number (numbers without a leading + are read in
// region, an ISO 3166 code such as "US"; "" means they must carry their country
// code); otherwise the digits of a short code ("12345"), or for an alphanumeric
// sender ("Vodafone") its letters and digits folded to lower case. It never
// fails: an unreadable sender normalises to itself, trimmed; "" stays "".
func Normalize(sender, region string) string {
	s := strings.TrimSpace(sender)
	if s == "" {
		return ""
	}
	if isE164(s) {
		return s
	}
	s = norm.NFKC.String(s)
	if hasLetter(s) || len(s) > maxNumber {
		// Not a phone number: an alphanumeric sender, or junk far longer
		// than any formatted number (and slow to parse).
		return foldAlnum(s)
	}
	if region == "" {
		region = "ZZ"
	}
	if n, err := phonenumbers.Parse(s, strings.ToUpper(region)); err == nil && phonenumbers.IsPossibleNumber(n) {
		return phonenumbers.Format(n, phonenumbers.E164)
	}
	digits := keepDigits(s)
	if digits == "" {
		return s
	}
	if strings.HasPrefix(s, "+") {
		return "+" + digits
	}
	return digits
}

// Key returns the voter key of a normalised number: the hex HMAC-SHA256 of
// number under secret. The same number and secret always give the same key; a
// key cannot be turned back into the number without the secret. It never fails.
func Key(secret []byte, number string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(number))
	return hex.EncodeToString(m.Sum(nil))
}

// Mask returns a normalised number as the UI may show it: the country code and
// at most the last 4 digits, the rest as bullets in groups of three
// ("+1 ••• ••• 0142"). Numbers of fewer than 8 digits show at most half of
// their digits ("•••45"); alphanumeric senders show their first character only
// ("v•••••"). It never fails; "" gives "".
func Mask(number string) string {
	switch {
	case number == "":
		return ""
	case isE164(number):
		cc, national := splitCountryCode(number[1:])
		return "+" + cc + " " + maskDigits(national, true)
	case strings.TrimPrefix(number, "+") != "" && keepDigits(number) == strings.TrimPrefix(number, "+"):
		return maskDigits(strings.TrimPrefix(number, "+"), false)
	default:
		r := []rune(number)
		n := len(r) - 1
		if n > 6 {
			n = 6
		}
		return string(r[0]) + strings.Repeat("•", n)
	}
}

// maskDigits hides all but the last min(4, len/2) digits; grouped puts the
// hidden part in groups of three separated by spaces.
func maskDigits(d string, grouped bool) string {
	show := len(d) / 2
	if show > 4 {
		show = 4
	}
	hidden := len(d) - show
	var b strings.Builder
	for i := 0; i < hidden; i++ {
		if grouped && i > 0 && i%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteString("•")
	}
	if grouped && hidden > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(d[hidden:])
	return b.String()
}

// splitCountryCode splits E.164 digits into a country calling code (ITU codes
// are prefix-free, so the first known prefix of 1-3 digits is the code) and
// the national number.
func splitCountryCode(d string) (cc, national string) {
	for n := 1; n <= 3 && n < len(d); n++ {
		code := 0
		for _, c := range d[:n] {
			code = code*10 + int(c-'0')
		}
		if phonenumbers.GetRegionCodeForCountryCode(code) != "ZZ" {
			return d[:n], d[n:]
		}
	}
	return d[:1], d[1:]
}

// isE164 reports whether s is "+" and 7 to 15 digits, the first not 0.
func isE164(s string) bool {
	if len(s) < 8 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func keepDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func foldAlnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
