package androidtest

import (
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// The app's ids are Java hash codes (receiver/data/InboxMessage.kt): a text's
// hash is 31*super + text.hashCode(), where super combines the address, the
// Date and the nullable subscription id. They are reproduced here so the
// emulator's ids collide exactly where the app's do.

// javaString is String.hashCode: s[0]*31^(n-1) + ... over UTF-16 code units.
func javaString(s string) int32 {
	var h int32
	for _, u := range utf16.Encode([]rune(s)) {
		h = 31*h + int32(u)
	}
	return h
}

// javaDate is Date.hashCode: (int)(ms ^ (ms >>> 32)).
func javaDate(ms int64) int32 {
	return int32(ms ^ int64(uint64(ms)>>32))
}

// textHash is InboxMessage.Text.hashCode.
func textHash(address string, dateMS int64, subscription *int, text string) int32 {
	h := javaString(address)
	h = 31*h + javaDate(dateMS)
	var sub int32
	if subscription != nil {
		sub = int32(*subscription)
	}
	h = 31*h + sub
	return 31*h + javaString(text)
}

// gsonTime formats a Date as the app's Gson does on Android 7 and later:
// "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" in the phone's time zone.
func gsonTime(t time.Time, zone *time.Location) string {
	return t.In(zone).Format("2006-01-02T15:04:05.000Z07:00")
}

// legacyTime formats a Date as the app does on Android 6 and older, building
// the offset by hand: a negative offset comes out as "+-5:00" or "+-5:-30".
func legacyTime(t time.Time, zone *time.Location) string {
	t = t.In(zone)
	_, off := t.Zone()
	base := t.Format("2006-01-02T15:04:05.000")
	if off == 0 {
		return base + "Z"
	}
	h, m := off/3600, (off%3600)/60
	return base + "+" + padStart(strconv.Itoa(h), 2) + ":" + padStart(strconv.Itoa(m), 2)
}

func padStart(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// parseQueryTime is the app's DateTimeParser for from/to:
// "yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX": exactly three fraction digits if any, and
// "Z" or a +hh:mm offset.
func parseQueryTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil && t.Format(layout) == normalizeZ(s) {
			return t, true
		}
	}
	return time.Time{}, false
}

// normalizeZ lets "+00:00" and "Z" both round-trip through time.Format.
func normalizeZ(s string) string {
	if strings.HasSuffix(s, "+00:00") {
		return strings.TrimSuffix(s, "+00:00") + "Z"
	}
	return s
}

// nanoID makes a 21-character id like jnanoid's default.
func nanoID() string {
	const alphabet = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, 21)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[b[i]&63]
	}
	return string(b)
}

// version is a dotted app version, compared part by part.
type version []int

func parseVersion(s string) version {
	var v version
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			break
		}
		v = append(v, n)
	}
	return v
}

func (v version) atLeast(w version) bool {
	for i := range max(len(v), len(w)) {
		a, b := 0, 0
		if i < len(v) {
			a = v[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return a > b
		}
	}
	return true
}

// String writes v dotted.
func (v version) String() string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ".")
}
