package server

import (
	"net/netip"
	"strings"
	"testing"
)

// FuzzAddrGroup feeds the address grouping what X-Forwarded-For or a peer
// address can hold. Properties: no panic; a key of bounded size; a valid
// address lands in the group of its IPv4 address or IPv6 /64 (so every
// address of a /64 shares one key, and the next /64 does not).
func FuzzAddrGroup(f *testing.F) {
	for _, s := range []string{"192.0.2.1", "2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", "::ffff:192.0.2.1",
		"fe80::1%eth0", "::", "::1", "127.1", "01.02.03.04", "1.2.3.4:80", "[2001:db8::1]", " 2001:db8::1 ", "",
		"2001:db8::1, 192.0.2.1", strings.Repeat("a", 1000), "1.2.3.4\x00", "ｆｅ８０::1", "2001:db8::/64"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := addrGroup(s)
		if len(k) > 65 {
			t.Fatalf("addrGroup(%q) = a key of %d bytes", s, len(k))
		}
		a, err := netip.ParseAddr(strings.TrimSpace(s))
		if err != nil {
			if !strings.HasPrefix(k, "?") {
				t.Fatalf("addrGroup(%q) = %q: not an address, want a key apart from addresses", s, k)
			}
			return
		}
		a = a.Unmap().WithZone("")
		if a.Is4() {
			if k != a.String() {
				t.Fatalf("addrGroup(%q) = %q, want the IPv4 address %s", s, k, a)
			}
			return
		}
		b := a.As16()
		for i := 8; i < 16; i++ {
			b[i] ^= 0xa5 // another address of the same /64
		}
		if other := addrGroup(netip.AddrFrom16(b).String()); other != k {
			t.Fatalf("%s and %s share a /64 but group as %q and %q", a, netip.AddrFrom16(b), k, other)
		}
		b[7] ^= 1 // the next /64
		if other := addrGroup(netip.AddrFrom16(b).String()); other == k {
			t.Fatalf("%s and %s are in different /64s but share the group %q", a, netip.AddrFrom16(b), k)
		}
	})
}

// FuzzBearerToken feeds the Authorization parser arbitrary headers.
// Properties: no panic; a token only for the Bearer scheme (any case) and
// never empty or padded; "Bearer " + a token round-trips in any case.
func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"Bearer abc", "bearer abc", "BEARER  abc ", "Bearer", "Bearer ", "Bearer\tabc",
		"Basic YWJj", "Bearerabc", "Bеarer abc" /* Cyrillic e */, "Bearer a b", "Bearer \x00", " Bearer abc", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		tok, ok := bearerToken(h)
		if !ok {
			if tok != "" {
				t.Fatalf("bearerToken(%q) = %q, false: a token with a refusal", h, tok)
			}
			return
		}
		if tok == "" || strings.Trim(tok, " \t") != tok {
			t.Fatalf("bearerToken(%q) = %q: empty or padded", h, tok)
		}
		scheme, _, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "bearer") {
			t.Fatalf("bearerToken(%q) accepted the scheme %q", h, scheme)
		}
		for _, sc := range []string{"Bearer ", "bearer ", "BEARER "} {
			if again, ok := bearerToken(sc + tok); !ok || again != tok {
				t.Fatalf("bearerToken(%q) = %q, %v; want %q back", sc+tok, again, ok, tok)
			}
		}
	})
}
