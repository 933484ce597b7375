package vote

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseChoice(f *testing.F) {
	for _, s := range []string{"2", "#2", "two", "2️⃣", "２", "breach", "1 or 2", "STOP", "", "\xff\xfe",
		strings.Repeat("9", 10000), "name server", "the second one", "\x00\x1b[2J", "8.5/10",
		"٢", "۲", "२", "二十一", "貳", "第二", "2番", "deux", "la deuxième", "zwei", "dos", "اثنين", "दूसरा",
		"ふたつ", "B", "option b", "a or b", "⓶", "🅱️", "2ème", "eine 2", "一〇〇〇〇〇〇〇〇〇〇〇〇〇〇"} {
		f.Add(s)
	}
	parsers := []Parser{{}, {Languages: Languages(), Letters: true}, {Languages: []string{"fr", "ja"}}}
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range parsers {
			b := p.Choice(text, forkChoices)
			checkBallot(t, text, b)
			if b.Kind == BallotChoice && !hasChoice(forkChoices, b.Choice) {
				t.Fatalf("%v.Choice(%q) = choice %d, not on the fork", p, text, b.Choice)
			}
			if b.Kind == BallotRating {
				t.Fatalf("%v.Choice(%q) returned a rating", p, text)
			}
			if again := p.Choice(text, forkChoices); again != b {
				t.Fatalf("%v.Choice(%q) is not deterministic: %+v then %+v", p, text, b, again)
			}
		}
	})
}

func FuzzParseRating(f *testing.F) {
	for _, s := range []string{"10", "ten", "10/10", "7 out of 10", "8.5", "8,5", "🔟", "11/10", "4/5",
		"STOP", "", "\xff", strings.Repeat("1/", 3000), "1e309", "0.0000000000000000001",
		"٨", "八", "十", "٩/١٠", "huit", "neun", "⓾"} {
		f.Add(s)
	}
	all := Parser{Languages: Languages(), Letters: true}
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range []Parser{{}, all} {
			b := p.Rating(text, 1, 10)
			checkBallot(t, text, b)
			if b.Kind == BallotRating && (b.Rating < 1 || b.Rating > 10) {
				t.Fatalf("Rating(%q) = %d, out of 1-10", text, b.Rating)
			}
			if b.Kind == BallotChoice {
				t.Fatalf("Rating(%q) returned a choice", text)
			}
		}
	})
}

// checkBallot holds for every ballot: a known kind, the fields of its kind,
// a readable reason when invalid.
func checkBallot(t *testing.T, text string, b Ballot) {
	t.Helper()
	switch b.Kind {
	case BallotInvalid:
		if b.Reason == "" || !utf8.ValidString(b.Reason) {
			t.Fatalf("invalid ballot for %q has reason %q", text, b.Reason)
		}
		if len(b.Reason) > 300 {
			t.Fatalf("reason for %q is %d bytes long", text, len(b.Reason))
		}
	case BallotCommand:
		if b.Command != CommandStop && b.Command != CommandStart && b.Command != CommandHelp {
			t.Fatalf("command %q for %q", b.Command, text)
		}
	case BallotChoice, BallotRating:
	default:
		t.Fatalf("unknown kind %q for %q", b.Kind, text)
	}
}
