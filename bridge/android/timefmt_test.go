package android

import (
	"encoding/json"
	"testing"
	"time"
)

func TestAppTimeReadsEveryFormTheAppWrites(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		json string
		want time.Time
	}{
		// The docs' webhook example (Android 7+, Gson "yyyy-MM-dd'T'HH:mm:ss.SSSXXX").
		{`"2024-06-22T15:46:11.000+07:00"`, at("2024-06-22T08:46:11Z")},
		// The inbox docs' example, UTC.
		{`"2020-01-01T00:00:00Z"`, at("2020-01-01T00:00:00Z")},
		// A phone-clock stamp with milliseconds.
		{`"2026-05-29T14:01:46.475+02:00"`, at("2026-05-29T12:01:46.475Z")},
		// No milliseconds (a user's capture in the app's issue #310).
		{`"2026-01-19T21:11:52+01:00"`, at("2026-01-19T20:11:52Z")},
		// Android 6 and older build the offset by hand: -05:00 comes out as +-5:00.
		{`"2024-03-01T10:00:00.000+-5:00"`, at("2024-03-01T15:00:00Z")},
		// ... and -03:30 as +-3:-30.
		{`"2024-03-01T10:00:00.250+-3:-30"`, at("2024-03-01T13:30:00.250Z")},
		// ... and +05:30 correctly.
		{`"2024-03-01T10:00:00.000+05:30"`, at("2024-03-01T04:30:00Z")},
		// Milliseconds since 1970.
		{`1719046571000`, at("2024-06-22T08:56:11Z")},
		{`null`, time.Time{}},
	}
	for _, c := range cases {
		var got appTime
		if err := json.Unmarshal([]byte(c.json), &got); err != nil {
			t.Errorf("%s: %v", c.json, err)
			continue
		}
		if !got.Equal(c.want) {
			t.Errorf("%s = %s, want %s", c.json, got.Time, c.want)
		}
	}
	for _, bad := range []string{`"2024-06-22"`, `"yesterday"`, `"2024-06-22T15:46:11.000+99:00"`, `"2024-06-22T15:46:11.000+-5"`,
		`"2024-06-22T15:46:11+0700"`, `true`, `"2024-06-22T15:46:11.000+-5:xx"`, `12.5`} {
		var got appTime
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s parsed as %s, want an error", bad, got.Time)
		}
	}
}

func TestFormatAppTimeHasExactlyThreeFractionDigits(t *testing.T) {
	got := formatAppTime(time.Date(2026, 3, 4, 5, 6, 7, 891234567, time.FixedZone("", 3600)))
	if want := "2026-03-04T04:06:07.891Z"; got != want {
		t.Fatalf("formatAppTime = %q, want %q (the app's DateTimeParser takes .SSS only)", got, want)
	}
}
