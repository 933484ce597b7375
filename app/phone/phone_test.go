package phone

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ sender, region, want string }{
		{"+15035550142", "US", "+15035550142"},
		{"+1 503 555 0142", "US", "+15035550142"},
		{"(503) 555-0142", "US", "+15035550142"},
		{"503.555.0142", "US", "+15035550142"},
		{"1-503-555-0142", "US", "+15035550142"},
		{"+44 20 7946 0018", "US", "+442079460018"},
		{"020 7946 0018", "GB", "+442079460018"},
		{"0044 20 7946 0018", "FR", "+442079460018"},
		{"06 12 34 56 78", "FR", "+33612345678"},
		{"+33 6 12 34 56 78", "", "+33612345678"},
		{"＋１５０３５５５０１４２", "", "+15035550142"},
		{"5035550142", "", "5035550142"},
		{"12345", "US", "12345"},
		{"Vodafone", "US", "vodafone"},
		{" VODA FONE ", "", "vodafone"},
		{"", "US", ""},
		{"  ", "US", ""},
		{strings.Repeat("(1)", 30), "US", strings.Repeat("1", 30)}, // junk, not parsed
	}
	for _, tt := range tests {
		if got := Normalize(tt.sender, tt.region); got != tt.want {
			t.Errorf("Normalize(%q, %q) = %q, want %q", tt.sender, tt.region, got, tt.want)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ number, want string }{
		{"+15035550142", "+1 ••• ••• 0142"},
		{"+442079460018", "+44 ••• ••• 0018"},
		{"+33612345678", "+33 ••• •• 5678"},
		{"+8613812345678", "+86 ••• ••• • 5678"},
		{"+3545512345", "+354 ••• • 345"},
		{"12345", "•••45"},
		{"5035550142", "••••••0142"},
		{"vodafone", "v••••••"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Mask(tt.number); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.number, got, tt.want)
		}
	}
}

// TestMaskShowsAtMostFourDigits checks the privacy rule on many lengths:
// beyond the country code, never more than the last 4 digits are visible.
func TestMaskShowsAtMostFourDigits(t *testing.T) {
	for n := 1; n <= 15; n++ {
		d := strings.Repeat("7", n)
		for _, number := range []string{d, "+1" + d} {
			m := Mask(number)
			national := m
			if strings.HasPrefix(m, "+") {
				national = m[strings.IndexByte(m, ' ')+1:]
			}
			digits := 0
			for _, r := range national {
				if r >= '0' && r <= '9' {
					digits++
				}
			}
			if digits > 4 {
				t.Errorf("Mask(%q) = %q shows %d digits, want at most 4", number, m, digits)
			}
		}
	}
}

func TestKey(t *testing.T) {
	a := Key([]byte("secret"), "+15035550142")
	if len(a) != 64 {
		t.Fatalf("key length %d, want 64 hex chars", len(a))
	}
	if b := Key([]byte("secret"), "+15035550142"); a != b {
		t.Errorf("same number and secret gave %s and %s", a, b)
	}
	if b := Key([]byte("other"), "+15035550142"); a == b {
		t.Errorf("different secrets gave the same key %s", a)
	}
	if b := Key([]byte("secret"), "+15035550143"); a == b {
		t.Errorf("different numbers gave the same key %s", a)
	}
	if strings.Contains(a, "5035550142") {
		t.Errorf("key %s contains the number", a)
	}
	// RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
	if got, want := Key([]byte("Jefe"), "what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"; got != want {
		t.Errorf("Key = %s, want %s", got, want)
	}
}

func FuzzNormalizeMask(f *testing.F) {
	for _, s := range []string{"+15035550142", "(503) 555-0142", "Vodafone", "\xff\xfe", "+", "++1", "+0000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sender string) {
		n := Normalize(sender, "US")
		m := Mask(n)
		if n != "" && m == "" {
			t.Fatalf("Mask(Normalize(%q)) is empty", sender)
		}
	})
}

func TestSplitCountryCode(t *testing.T) {
	tests := []struct{ digits, cc string }{
		{"15035550142", "1"}, {"442079460018", "44"}, {"3545512345", "354"}, {"80012345678", "800"},
		{"8613812345678", "86"}, {"2125551234", "212"},
	}
	for _, tt := range tests {
		if cc, _ := splitCountryCode(tt.digits); cc != tt.cc {
			t.Errorf("splitCountryCode(%q) = %q, want %q", tt.digits, cc, tt.cc)
		}
	}
}
