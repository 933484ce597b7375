package vote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// maxParse bounds the bytes ballot parsing looks at: a vote is short, and
// parsing a 10 KB text fully would only cost time.
const maxParse = 400

// fold returns text as ballot parsing compares it: invalid UTF-8 replaced,
// compatibility forms unified (NFKC: full-width ２ and circled ② become 2),
// accents and other combining marks removed (so the keycap 2️⃣ becomes 2),
// case folded, and a few symbols with no decomposition mapped to digits.
// splitKeycaps ends each keycap with a space, so "1️⃣2️⃣" reads as two numbers
// (a fork) rather than 12; without it "1️⃣0️⃣" reads as 10 (a rating).
func fold(text string, splitKeycaps bool) string {
	if isASCII(text) {
		// NFKC and NFKD leave ASCII as it is, and folding its case is ToLower.
		return strings.ToLower(text)
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = norm.NFKD.String(text)
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case r == 0x20E3 && splitKeycaps: // combining enclosing keycap
			b.WriteByte(' ')
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
			// accents, keycap U+20E3, variation selectors, zero-width joiners
		case r >= 0x2776 && r <= 0x277E: // ❶..❾
			b.WriteRune('1' + r - 0x2776)
		case r >= 0x2780 && r <= 0x2788: // ➀..➈
			b.WriteRune('1' + r - 0x2780)
		case r >= 0x278A && r <= 0x2792: // ➊..➒
			b.WriteRune('1' + r - 0x278A)
		case r == 0x277F || r == 0x2789 || r == 0x2793 || r == 0x1F51F: // ❿ ➉ ➓ 🔟
			b.WriteString(" 10 ")
		case r == '’' || r == '‘' || r == 'ʼ':
			b.WriteByte('\'')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFKC.String(cases.Fold().String(b.String()))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tokenKind tells words from numbers and the fraction slash.
type tokenKind int

const (
	tokWord tokenKind = iota
	tokNumber
	tokSlash
)

// token is one unit of a folded text. A number carries its value; Ordinal is
// set for "2nd" and "second", Decimal for "8.5".
type token struct {
	kind    tokenKind
	text    string
	value   float64
	ordinal bool
	decimal bool
}

// tokenize splits a folded text into words, numbers and slashes; every other
// character (punctuation, emoji, spaces) separates tokens. decimalComma says
// whether "8,5" is one number (ratings) or two (choices).
func tokenize(s string, decimalComma bool) []token {
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isDigit(r):
			j, t := scanNumber(rs, i, decimalComma)
			toks = append(toks, t)
			i = j
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '\'') {
				j++
			}
			w := strings.ReplaceAll(string(rs[i:j]), "'", "")
			toks = append(toks, wordToken(w))
			i = j
		case r == '/':
			toks = append(toks, token{kind: tokSlash, text: "/"})
			i++
		default:
			i++
		}
	}
	return toks
}

// scanNumber reads digits at rs[i:], an optional decimal part, and an
// alphabetic suffix: "2nd" is an ordinal, "3am" a word.
func scanNumber(rs []rune, i int, decimalComma bool) (int, token) {
	j := i
	v := 0.0
	for j < len(rs) && isDigit(rs[j]) {
		if v < 1e12 {
			v = v*10 + float64(rs[j]-'0')
		}
		j++
	}
	t := token{kind: tokNumber, text: string(rs[i:j]), value: v}
	if j+1 < len(rs) && (rs[j] == '.' || (decimalComma && rs[j] == ',')) && isDigit(rs[j+1]) {
		k, frac, scale := j+1, 0.0, 1.0
		for k < len(rs) && isDigit(rs[k]) {
			if scale < 1e12 {
				scale *= 10
				frac = frac*10 + float64(rs[k]-'0')
			}
			k++
		}
		t.value += frac / scale
		t.decimal = true
		t.text = string(rs[i:k])
		j = k
	}
	k := j
	for k < len(rs) && (unicode.IsLetter(rs[k]) || unicode.IsDigit(rs[k])) {
		k++
	}
	if k > j {
		suffix := string(rs[j:k])
		if !t.decimal && (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
			t.ordinal = true
			t.text = string(rs[i:k])
			return k, t
		}
		return k, token{kind: tokWord, text: string(rs[i:k])}
	}
	return j, t
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// numberWords are the English words read as numbers.
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}

// ordinalWords are the English ordinals read as choice numbers.
var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
	"sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}

// wordToken returns a word, or a number token for a number word.
func wordToken(w string) token {
	if n, ok := numberWords[w]; ok {
		return token{kind: tokNumber, text: w, value: float64(n)}
	}
	if n, ok := ordinalWords[w]; ok {
		return token{kind: tokNumber, text: w, value: float64(n), ordinal: true}
	}
	return token{kind: tokWord, text: w}
}

// pronounBefore are words after which "one" is a pronoun ("the second one",
// "that one"), not the number 1.
var pronounBefore = map[string]bool{
	"the": true, "this": true, "that": true, "which": true, "other": true,
	"last": true, "a": true, "any": true, "every": true, "each": true,
	"no": true, "some": true, "same": true, "good": true, "best": true,
}

// dropPronounOne removes "one" where it is a pronoun.
func dropPronounOne(toks []token) []token {
	out := toks[:0:0]
	for i, t := range toks {
		if t.kind == tokNumber && t.text == "one" && i > 0 {
			p := toks[i-1]
			if p.ordinal || (p.kind == tokWord && pronounBefore[p.text]) {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}
