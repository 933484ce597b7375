package android

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// appTime is a time stamp as the app writes it. Gson formats dates with
// "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" ("2024-06-22T15:46:11.000+07:00", "Z" for
// UTC) on Android 7 and later; on older phones the app builds the offset by
// hand and writes negative offsets as "+-5:00" or "+-5:-30". Both are read,
// with or without milliseconds, as is a number of milliseconds since 1970.
type appTime struct{ time.Time }

// UnmarshalJSON reads a string or a number; null leaves the zero time.
func (t *appTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] != '"' {
		ms, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return fmt.Errorf("time stamp %.40s: not a string or milliseconds", b)
		}
		t.Time = time.UnixMilli(ms)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := parseAppTime(s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

var errTimeFormat = errors.New("want yyyy-MM-ddTHH:mm:ss[.SSS] and a zone")

// parseAppTime parses one of the app's time stamps (see appTime).
func parseAppTime(s string) (time.Time, error) {
	if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return v, nil
	}
	// The hand-built offset of Android 6 and older: "+" then a signed hour
	// ("-5", "05", "-10") then ":" then signed minutes ("00", "-30").
	i := strings.LastIndexByte(s, '+')
	if i < 19 || !strings.Contains(s[i:], ":") {
		return time.Time{}, fmt.Errorf("time stamp %.40q: %w", s, errTimeFormat)
	}
	local, err := time.Parse("2006-01-02T15:04:05.999999999", s[:i])
	if err != nil {
		return time.Time{}, fmt.Errorf("time stamp %.40q: %w", s, errTimeFormat)
	}
	hs, ms, _ := strings.Cut(s[i+1:], ":")
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < -14 || h > 14 || m < -59 || m > 59 || len(hs) > 3 || len(ms) > 3 {
		return time.Time{}, fmt.Errorf("time stamp %.40q: bad zone offset", s)
	}
	off := h*3600 + m*60
	return time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(),
		local.Nanosecond(), time.FixedZone("", off)), nil
}

// formatAppTime writes t as the app's from/to query parameters accept it
// (DateTimeParser: "yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX": exactly three digits).
func formatAppTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}
