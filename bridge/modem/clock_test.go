package modem

import (
	"testing"
	"time"
)

func TestReceivedAt(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	b, _ := New(Config{Device: "x", Now: func() time.Time { return now }})
	cases := []struct {
		name string
		scts time.Time
		want time.Time
	}{
		{"zero", time.Time{}, now},
		{"a few seconds ago", now.Add(-4 * time.Second), now.Add(-4 * time.Second)},
		{"sat on the SIM for hours", now.Add(-5 * time.Hour), now.Add(-5 * time.Hour)},
		{"network clock a bit fast", now.Add(time.Minute), now},
		{"far future", now.Add(3 * time.Hour), now},
		{"years ago", now.AddDate(-2, 0, 0), now},
	}
	for _, c := range cases {
		if got := b.receivedAt(c.scts, false); !got.Equal(c.want) {
			t.Errorf("%s: receivedAt=%v, want %v", c.name, got, c.want)
		}
	}
}

// TestClockSkew: a carrier stamping texts an hour off is corrected after two
// live texts agree, and the correction goes when the stamps are right again.
func TestClockSkew(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	b, _ := New(Config{Device: "x", Now: func() time.Time { return now }})
	wrong := now.Add(-time.Hour - 3*time.Second) // a live text, stamped in the wrong zone
	if got := b.receivedAt(wrong, true); !got.Equal(wrong) {
		t.Errorf("first live text: %v, want its stamp (one sighting is not enough)", got)
	}
	if got, want := b.receivedAt(wrong, true), now.Add(-3*time.Second); !got.Equal(want) {
		t.Errorf("second live text: %v, want %v (corrected by an hour)", got, want)
	}
	if got, want := b.receivedAt(now.Add(-2*time.Hour), false), now.Add(-time.Hour); !got.Equal(want) {
		t.Errorf("backlog text: %v, want %v (the correction applies)", got, want)
	}
	delayed := now.Add(-40 * time.Minute) // a delay, not a zone error: ignored
	b.receivedAt(delayed, true)
	b.receivedAt(delayed, true)
	if time.Duration(b.clockSkew.Load()) != time.Hour {
		t.Errorf("skew=%v after delayed texts, want it kept at 1h", time.Duration(b.clockSkew.Load()))
	}
	right := now.Add(-2 * time.Second)
	b.receivedAt(right, true)
	if got := b.receivedAt(right, true); !got.Equal(right) {
		t.Errorf("after right stamps: %v, want %v (correction dropped)", got, right)
	}
}
