package token

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, tok string
		want      error // nil, ErrNotUTF8, ErrSpace, or errWeak for a *WeakError
	}{
		{"empty", "", errWeak},
		{"one letter", "a", errWeak},
		{"one letter repeated", strings.Repeat("a", 200), errWeak},
		{"password1234567890 (93 bits)", "password1234567890", errWeak},
		{"32 hex (36-letter alphabet: 165 bits)", "0123456789abcdef0123456789abcdef", nil},
		{"20 hex (103 bits)", "0123456789abcdef0123", errWeak},
		{"48 hex (the app's random token)", "0123456789abcdef0123456789abcdef0123456789abcdef", nil},
		{"43 base64url (the relay's random token)", "Zr4-fi1e_t0ken9QmXc2Lp8sVb7NwKyTd3aB5hJ6gUo", nil},
		{"space", "tok en with spaces and more 0123456789 ABCDEFGH", ErrSpace},
		{"tab", "token\twith-a-tab-0123456789-ABCDEFGHIJKL", ErrSpace},
		{"NUL", "token\x00with-a-nul-0123456789-ABCDEFGHIJKL", ErrSpace},
		{"no-break space", "token\u00a0with-nbsp-0123456789-ABCDEFGHIJKL", ErrSpace},
		{"invalid UTF-8", "\xff\xfe0123456789abcdefghijklmnopqrstuvwxyz", ErrNotUTF8},
		{"nine different, long", strings.Repeat("abcdefghi", 20), errWeak},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.tok)
			var weak *WeakError
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("Check = %v, want strong", err)
			case tc.want == errWeak && !errors.As(err, &weak):
				t.Fatalf("Check = %v, want a *WeakError", err)
			case tc.want != nil && tc.want != errWeak && !errors.Is(err, tc.want):
				t.Fatalf("Check = %v, want %v", err, tc.want)
			}
			if weak != nil && (weak.Chars != utf8.RuneCountInString(tc.tok) || !strings.Contains(weak.Error(), "want 128 bits")) {
				t.Fatalf("WeakError %+v (%q): wrong count or message", weak, weak)
			}
		})
	}
}

var errWeak = errors.New("weak")

// FuzzCheck feeds the strength check arbitrary tokens. Properties: no
// panic; the error never quotes the token; a token that passes is valid
// UTF-8 with at least MinDistinct different characters and no space or
// control character.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "a", strings.Repeat("a", 200), "relay-token-0123456789abcdef", "password1234567890",
		"Zr4-file-token_9QmXc2Lp8sVb7NwKyTd3", "tok en with spaces and more", "\xff\xfe", "tøkén-ünïcödé-ñ-123456789",
		"0123456789abcdef0123456789abcdef", "abcdefghij" + strings.Repeat("k", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		err := Check(tok)
		if err != nil {
			if len(tok) >= 8 && strings.Contains(err.Error(), tok) {
				t.Fatalf("the error quotes the token: %v", err)
			}
			return
		}
		distinct := map[rune]bool{}
		for _, r := range tok {
			distinct[r] = true
			if r <= ' ' || r == 0x7f {
				t.Fatalf("Check(%q) passed a token with a space or control character", tok)
			}
		}
		if !utf8.ValidString(tok) || len(distinct) < MinDistinct {
			t.Fatalf("Check(%q) passed: %d different characters", tok, len(distinct))
		}
	})
}
