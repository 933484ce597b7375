package vote

import (
	"strconv"
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
// every other decimal digit (Unicode Nd: ٢ ۲ २ ২ ๒ ...) written as its ASCII
// digit, case folded, a few symbols with no decomposition mapped to digits
// or letters, and the Arabic letters people write interchangeably unified.
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
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r == 0x20E3 && splitKeycaps: // combining enclosing keycap
			b.WriteByte(' ')
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || r == 0x0640:
			// accents, keycap U+20E3, variation selectors, zero-width joiners, Arabic tatweel
		case unicode.Is(unicode.Nd, r):
			b.WriteRune('0' + rune(digitValue(r)))
		default:
			writeSymbol(&b, r)
		}
	}
	return norm.NFKC.String(cases.Fold().String(b.String()))
}

// writeSymbol writes r, or what it stands for when it is a digit or letter
// symbol NFKD leaves alone.
func writeSymbol(b *strings.Builder, r rune) {
	switch {
	case r >= 0x2776 && r <= 0x277E: // ❶..❾
		b.WriteRune('1' + r - 0x2776)
	case r >= 0x2780 && r <= 0x2788: // ➀..➈
		b.WriteRune('1' + r - 0x2780)
	case r >= 0x278A && r <= 0x2792: // ➊..➒
		b.WriteRune('1' + r - 0x278A)
	case r >= 0x24F5 && r <= 0x24FD: // ⓵..⓽ double circled
		b.WriteRune('1' + r - 0x24F5)
	case r >= 0x24EB && r <= 0x24F4: // ⓫..⓴ negative circled 11-20
		b.WriteString(" " + strconv.Itoa(11+int(r-0x24EB)) + " ")
	case r == 0x24FF || r == 0x1F10B || r == 0x1F10C: // ⓿ 🄋 🄌
		b.WriteByte('0')
	case r == 0x277F || r == 0x2789 || r == 0x2793 || r == 0x24FE || r == 0x1F51F: // ❿ ➉ ➓ ⓾ 🔟
		b.WriteString(" 10 ")
	case r >= 0x1F150 && r <= 0x1F169: // 🅐..🅩 negative circled letters
		b.WriteRune('a' + r - 0x1F150)
	case r >= 0x1F170 && r <= 0x1F189: // 🅰..🆉 negative squared letters
		b.WriteRune('a' + r - 0x1F170)
	case r == '’' || r == '‘' || r == 'ʼ':
		b.WriteByte('\'')
	case r == 'ى' || r == 'ی': // alef maksura and Farsi yeh are written for yeh
		b.WriteRune('ي')
	case r == 'ة': // teh marbuta is often written heh
		b.WriteRune('ه')
	case r == 'ک': // Farsi keheh for kaf
		b.WriteRune('ك')
	default:
		b.WriteRune(r)
	}
}

// digitValue returns the value of a decimal digit (category Nd). Unicode
// encodes each script's digits as a run of ten from zero, and the ranges of
// unicode.Nd start at a zero and hold whole runs (TestDigitValues checks
// both), so the value is the offset in the range modulo 10.
func digitValue(r rune) int {
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// cjkNumerals are the CJK numerals: digits (一 二 三, financial 壹 貳/贰,
// Japanese 壱 弐) and multipliers (十 百 and their financial forms).
var cjkNumerals = map[rune]int{
	'〇': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
	'壹': 1, '壱': 1, '貳': 2, '贰': 2, '弐': 2, '參': 3, '叁': 3, '肆': 4, '伍': 5, '陸': 6, '陆': 6,
	'柒': 7, '捌': 8, '玖': 9,
	'十': -10, '拾': -10, '百': -100, '佰': -100, // negative: a multiplier
}

func isCJKNumeral(r rune) bool { _, ok := cjkNumerals[r]; return ok }

// cjkValue reads a run of CJK numerals: 二 is 2, 十 10, 十二 12, 二十一 21,
// 一〇 10 (digit by digit), 百二 102.
func cjkValue(rs []rune) float64 {
	total, cur := 0.0, -1.0
	for _, r := range rs {
		v := cjkNumerals[r]
		switch {
		case v >= 0 && cur >= 0:
			cur = min(cur*10+float64(v), 1e12)
		case v >= 0:
			cur = float64(v)
		default:
			total += max(cur, 1) * float64(-v)
			cur = -1
		}
	}
	if cur >= 0 {
		total += cur
	}
	return min(total, 1e12)
}

// spaceless reports whether r belongs to a script written without spaces
// between words (or with particles attached): a number is not glued to
// such letters ("2番", "2に", "2번" are 2).
func spaceless(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai,
		unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// tokenKind tells words from numbers and the fraction slash.
type tokenKind int

const (
	tokWord tokenKind = iota
	tokNumber
	tokSlash
)

// token is one unit of a folded text. A number carries its value; ordinal is
// set for "2nd" and "second", decimal for "8.5", article for a word that is
// also "a" (French "une").
type token struct {
	kind    tokenKind
	text    string
	value   float64
	ordinal bool
	decimal bool
	article bool
}

// isWordRune reports whether r continues a word: letters, digits inside a
// word, and the spacing vowel signs of Indic scripts (दो).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// tokenize splits a folded text into words, numbers and slashes; every other
// character (punctuation, emoji, spaces) separates tokens. decimalComma says
// whether "8,5" is one number (ratings) or two (choices). lx gives the
// number words.
func tokenize(s string, decimalComma bool, lx lexicon) []token {
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isDigit(r):
			j, t := scanNumber(rs, i, decimalComma)
			toks = append(toks, t)
			i = j
		case isCJKNumeral(r):
			j := i
			for j < len(rs) && isCJKNumeral(rs[j]) {
				j++
			}
			toks = append(toks, token{kind: tokNumber, text: string(rs[i:j]), value: cjkValue(rs[i:j])})
			i = j
		case isWordRune(r):
			j := i
			for j < len(rs) && (isWordRune(rs[j]) || rs[j] == '\'') && !isCJKNumeral(rs[j]) {
				j++
			}
			w := strings.ReplaceAll(string(rs[i:j]), "'", "")
			toks = append(toks, wordToken(w, lx))
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

// ordinalSuffixes follow a digit to make an ordinal: English 2nd, French 2e
// 2eme 1er 1re, Spanish/Portuguese/Italian 2o 2a 2do 1ro (º and ª fold to o
// and a), German 2te, Dutch 2de 8ste.
var ordinalSuffixes = map[string]bool{
	"st": true, "nd": true, "rd": true, "th": true,
	"e": true, "eme": true, "ieme": true, "er": true, "ere": true, "re": true,
	"o": true, "a": true, "do": true, "da": true, "ro": true, "ra": true, "to": true, "ta": true,
	"mo": true, "ma": true, "vo": true, "va": true, "no": true, "na": true,
	"te": true, "ter": true, "ten": true, "tes": true, "de": true, "ste": true,
}

// scanNumber reads digits at rs[i:], an optional decimal part, and an
// alphabetic suffix: "2nd" is an ordinal, "3am" a word, "2番" a number
// followed by a word.
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
	for k < len(rs) && isWordRune(rs[k]) && !spaceless(rs[k]) && !isCJKNumeral(rs[k]) {
		k++
	}
	if k > j {
		suffix := string(rs[j:k])
		if !t.decimal && ordinalSuffixes[suffix] {
			t.ordinal = true
			t.text = string(rs[i:k])
			return k, t
		}
		return k, token{kind: tokWord, text: string(rs[i:k])}
	}
	return j, t
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// wordToken returns a word, or a number token for a number word of lx.
func wordToken(w string, lx lexicon) token {
	if info, ok := lx[w]; ok {
		return token{kind: tokNumber, text: w, value: float64(info.value), ordinal: info.ordinal, article: info.article}
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

// dropPronounOne removes "one" where it is a pronoun, and words that are
// both "one" and "a" (French "une", German "eine") when the text holds
// another number: "je vote pour une option: 2" is 2.
func dropPronounOne(toks []token) []token {
	other := false
	for _, t := range toks {
		other = other || (t.kind == tokNumber && !t.article)
	}
	out := toks[:0:0]
	for i, t := range toks {
		if t.kind == tokNumber && t.article && other {
			continue
		}
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
