package vote

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

// BallotKind says what a text turned out to be.
type BallotKind string

// Ballot kinds.
const (
	BallotInvalid BallotKind = "invalid" // not a vote; Reason says why
	BallotChoice  BallotKind = "choice"  // a fork choice; Choice is set
	BallotRating  BallotKind = "rating"  // a rating; Rating is set
	BallotCommand BallotKind = "command" // STOP, START or HELP; Command is set
)

// Commands a text can carry; they are never votes.
const (
	CommandStop  = "STOP"
	CommandStart = "START"
	CommandHelp  = "HELP"
)

// Ballot is what a text says: a choice, a rating, a command, or nothing usable
// with the reason, in a sentence a speaker can read.
type Ballot struct {
	Kind    BallotKind `json:"kind"`
	Choice  int        `json:"choice,omitempty"`
	Rating  int        `json:"rating,omitempty"`
	Command string     `json:"command,omitempty"`
	Reason  string     `json:"reason,omitempty"`
}

// commandWords map a whole text (after folding, punctuation dropped) to a
// command: the opt-out, opt-in and help words carriers honour (CTIA).
var commandWords = map[string]string{
	"stop": CommandStop, "stopall": CommandStop, "stop all": CommandStop,
	"unsubscribe": CommandStop, "cancel": CommandStop, "end": CommandStop,
	"quit": CommandStop, "optout": CommandStop, "opt out": CommandStop,
	"revoke": CommandStop,
	"start":  CommandStart, "unstop": CommandStart,
	"help": CommandHelp, "info": CommandHelp,
}

// maxWords bounds how many words a vote may have: "I vote 2 please" is a vote,
// a paragraph that mentions a number is not.
const maxWords = 12

// Parser reads ballots the way a story asks: the number words of its
// languages, and letters A, B, C... when it turns letter ballots on. The
// zero Parser reads English words and no letters. A Parser is a value:
// copy it freely, use it from any goroutine.
type Parser struct {
	// Languages are ISO 639-1 codes with number words (see Languages);
	// empty means English. Unknown codes are ignored.
	Languages []string `json:"languages,omitempty"`
	// Letters reads a single letter A-I as choice 1-9 (see Parser.Choice).
	Letters bool `json:"letters,omitempty"`
}

// ParseChoice reads text as a vote with the zero Parser (English words, no
// letters); see Parser.Choice.
func ParseChoice(text string, choices []Choice) Ballot { return Parser{}.Choice(text, choices) }

// ParseRating reads text as a rating with the zero Parser; see Parser.Rating.
func ParseRating(text string, min, max int) Ballot { return Parser{}.Rating(text, min, max) }

// Choice reads text as a vote on a fork with choices. A text picks choice
// n when it holds exactly one number, n, and no keyword of another choice, or
// a keyword of exactly one choice and no number: "2", "#2", "(2)", "2.",
// "option 2", "vote 2!", "2️⃣", "２", "٢", "二", "two", "the second one",
// "SSL please". A number is written in digits of any script (Unicode Nd),
// CJK numerals, keycap and enclosed forms, or as a number word or ordinal
// of the parser's languages; with Letters, a lone letter ("B", "option b")
// is a choice too. Matching ignores case, accents and punctuation. Two
// different numbers ("1 or 2"), keywords of two choices, a number not on
// the fork, a decimal, a text of more than 12 words and a text without a
// number or keyword are invalid, with the reason. STOP, UNSUBSCRIBE, START,
// HELP and the other carrier words are commands, whatever the fork's
// keywords. It never fails and never panics; the text itself is not changed.
func (p Parser) Choice(text string, choices []Choice) Ballot {
	if b, ok := preParse(text); ok {
		return b
	}
	toks := dropPronounOne(tokenize(fold(text, true), false, lexiconFor(p.Languages)))
	if b, ok := command(toks); ok {
		return b
	}
	if countWords(toks) > maxWords {
		return invalid("Too long to read as a vote.")
	}
	nums, decimal := wholeNumbers(toks)
	if decimal != "" {
		return invalid(fmt.Sprintf("%q is not a choice number.", decimal))
	}
	if p.Letters {
		if b, ok := letterChoice(toks, nums, choices); ok {
			return b
		}
	}
	kw := keywordChoices(toks, choices)
	switch {
	case len(nums) > 1:
		return invalid(fmt.Sprintf("Two different numbers (%s): which one?", joinInts(nums)))
	case len(nums) == 1 && nums[0] >= 1e6:
		return invalid(fmt.Sprintf("That number is not a choice (%s).", choiceRange(choices)))
	case len(nums) == 1 && !hasChoice(choices, nums[0]):
		return invalid(fmt.Sprintf("There is no choice %d on this fork (%s).", nums[0], choiceRange(choices)))
	case len(nums) == 1 && (len(kw) == 0 || (len(kw) == 1 && kw[0] == nums[0])):
		return Ballot{Kind: BallotChoice, Choice: nums[0]}
	case len(nums) == 1:
		return invalid(fmt.Sprintf("Number %d and a keyword of choice %s disagree.", nums[0], joinInts(kw)))
	case len(kw) == 1:
		return Ballot{Kind: BallotChoice, Choice: kw[0]}
	case len(kw) > 1:
		return invalid(fmt.Sprintf("Keywords of different choices (%s): which one?", joinInts(kw)))
	}
	return invalid(fmt.Sprintf("No choice number or keyword (%s).", choiceRange(choices)))
}

// Rating reads text as a rating from min to max: "8", "eight", "8/10",
// "8 out of 10", "a solid 8!", "🔟", "٨", "八", and the number words of the
// parser's languages ("huit"). A decimal rounds half up ("8.5" is 9,
// "7.4" is 7; "8,5" reads as 8.5); a fraction over max counts as max
// ("11/10" is 10) but a fraction over another scale ("4/5") is invalid, as are
// two different numbers, a number out of range, and a text without a number.
// Letters are never ratings. Commands are read as in Choice. It never fails
// and never panics.
func (p Parser) Rating(text string, min, max int) Ballot {
	if b, ok := preParse(text); ok {
		return b
	}
	toks := dropPronounOne(tokenize(fold(text, false), true, lexiconFor(p.Languages)))
	if b, ok := command(toks); ok {
		return b
	}
	if countWords(toks) > maxWords {
		return invalid("Too long to read as a rating.")
	}
	scale := fmt.Sprintf("Ratings go from %d to %d.", min, max)
	var vals []float64
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokNumber {
			continue
		}
		if d, n, ok := denominator(toks, i); ok {
			if d != float64(max) {
				return invalid(fmt.Sprintf("Out of %g? %s", d, scale))
			}
			vals = append(vals, math.Min(t.value, float64(max)))
			i = n
			continue
		}
		vals = append(vals, t.value)
	}
	vals = distinctFloats(vals)
	switch {
	case len(vals) == 0:
		return invalid("No rating number. " + scale)
	case len(vals) > 1:
		return invalid(fmt.Sprintf("Two different ratings (%s): which one?", joinFloats(vals)))
	}
	r := int(math.Floor(vals[0] + 0.5))
	if r < min || r > max {
		if vals[0] > 1e6 {
			return invalid("That number is out of range. " + scale)
		}
		return invalid(fmt.Sprintf("%s is out of range. %s", trimFloat(vals[0]), scale))
	}
	return Ballot{Kind: BallotRating, Rating: r}
}

// leadWords introduce a letter: "option B", "choix b", "Antwort C".
var leadWords = map[string]bool{
	"option": true, "choice": true, "answer": true, "letter": true, "vote": true, "pick": true,
	"choix": true, "reponse": true, "lettre": true, "opcion": true, "respuesta": true, "letra": true,
	"opcao": true, "resposta": true, "opzione": true, "risposta": true, "lettera": true,
	"antwort": true, "buchstabe": true, "wahl": true, "optie": true, "antwoord": true, "keuze": true,
	"opcja": true, "odpowiedz": true, "litera": true,
}

// weakLetters are single letters that are also words ("a", "I", Spanish
// "y" and "o", Italian "e"): they are choices only alone, after a lead
// word, last in the text, or before another letter or a conjunction
// ("A or B" is two letters; "I vote B" and "a lot" are not).
var weakLetters = map[string]bool{"a": true, "e": true, "i": true, "o": true, "u": true, "y": true}

// conjunctions join two letters: "A or B", "A ou B", "A oder B".
var conjunctions = map[string]bool{
	"or": true, "and": true, "ou": true, "et": true, "o": true, "y": true, "oder": true, "und": true,
	"of": true, "en": true, "lub": true, "albo": true, "i": true, "e": true, "ed": true,
}

// weakLetterCounts applies the weakLetters rule to toks[i].
func weakLetterCounts(toks []token, i int) bool {
	if i == len(toks)-1 || (i > 0 && toks[i-1].kind == tokWord && leadWords[toks[i-1].text]) {
		return true
	}
	next := toks[i+1]
	return next.kind == tokWord && (len(next.text) == 1 || conjunctions[next.text])
}

// letterChoice reads a letter ballot: a single Latin letter, A for choice 1.
// It reports false when the text holds no letter that picks a choice, and
// the ballot (a choice or why not) otherwise.
func letterChoice(toks []token, nums []int, choices []Choice) (Ballot, bool) {
	var letters []int
	for i, t := range toks {
		if t.kind != tokWord || len(t.text) != 1 || t.text[0] < 'a' || t.text[0] > 'z' {
			continue
		}
		n := int(t.text[0]-'a') + 1
		switch {
		case len(toks) == 1 && !hasChoice(choices, n):
			return invalid(fmt.Sprintf("There is no choice %s on this fork (%s).", letterOf(n), letterRange(choices))), true
		case !hasChoice(choices, n), weakLetters[t.text] && !weakLetterCounts(toks, i):
			continue
		}
		letters = appendDistinct(letters, n)
	}
	switch {
	case len(letters) == 0:
		return Ballot{}, false
	case len(letters) > 1:
		s := make([]string, len(letters))
		for i, n := range letters {
			s[i] = letterOf(n)
		}
		return invalid(fmt.Sprintf("Two different letters (%s): which one?", strings.Join(s, " and "))), true
	case len(nums) > 1:
		return Ballot{}, false // two numbers: said by the number rules
	case len(nums) == 1 && nums[0] != letters[0]:
		return invalid(fmt.Sprintf("Letter %s and number %d disagree.", letterOf(letters[0]), nums[0])), true
	}
	kw := keywordChoices(toks, choices)
	if len(kw) > 1 || (len(kw) == 1 && kw[0] != letters[0]) {
		return invalid(fmt.Sprintf("Letter %s and a keyword of choice %s disagree.", letterOf(letters[0]), joinInts(kw))), true
	}
	return Ballot{Kind: BallotChoice, Choice: letters[0]}, true
}

// letterOf returns choice n's letter: 1 is "A".
func letterOf(n int) string {
	if n < 1 || n > 26 {
		return fmt.Sprint(n)
	}
	return string(rune('A' + n - 1))
}

// letterRange describes the valid letters: "A-C".
func letterRange(choices []Choice) string {
	if len(choices) == 0 {
		return "no choices"
	}
	lo, hi := choices[0].Number, choices[0].Number
	for _, c := range choices {
		lo, hi = min(lo, c.Number), max(hi, c.Number)
	}
	return letterOf(lo) + "-" + letterOf(hi)
}

// preParse rejects what is not worth folding: empty and oversized texts.
func preParse(text string) (Ballot, bool) {
	switch {
	case strings.TrimSpace(text) == "":
		return invalid("Empty text."), true
	case len(text) > maxParse:
		// A command is a short text; a long one is neither vote nor command.
		return invalid("Too long to read as a vote."), true
	}
	return Ballot{}, false
}

// command reports whether the whole text is a carrier command word.
func command(toks []token) (Ballot, bool) {
	if len(toks) == 0 || len(toks) > 2 {
		return Ballot{}, false
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		if t.kind != tokWord {
			return Ballot{}, false
		}
		words[i] = t.text
	}
	c, ok := commandWords[strings.Join(words, " ")]
	if !ok {
		return Ballot{}, false
	}
	return Ballot{Kind: BallotCommand, Command: c}, true
}

// denominator reports whether the number at toks[i] is followed by "/ d",
// "out of d" or "of d", returning d and the index of d's token.
func denominator(toks []token, i int) (float64, int, bool) {
	at := func(k int, kind tokenKind, text string) bool {
		return k < len(toks) && toks[k].kind == kind && (text == "" || toks[k].text == text)
	}
	switch {
	case at(i+1, tokSlash, "") && at(i+2, tokNumber, ""):
		return toks[i+2].value, i + 2, true
	case at(i+1, tokWord, "out") && at(i+2, tokWord, "of") && at(i+3, tokNumber, ""):
		return toks[i+3].value, i + 3, true
	case at(i+1, tokWord, "of") && at(i+2, tokNumber, ""):
		return toks[i+2].value, i + 2, true
	}
	return 0, 0, false
}

// wholeNumbers returns the distinct numbers of toks in order, or the text of
// the first decimal.
func wholeNumbers(toks []token) ([]int, string) {
	var out []int
	for _, t := range toks {
		if t.kind != tokNumber {
			continue
		}
		if t.decimal {
			return nil, t.text
		}
		n := int(t.value)
		if t.value > 1e6 {
			n = 1e6
		}
		out = appendDistinct(out, n)
	}
	return out, ""
}

// keywordChoices returns the distinct choices with a keyword in toks, a
// keyword matching as a whole run of words.
func keywordChoices(toks []token, choices []Choice) []int {
	var out []int
	for _, c := range choices {
		for _, k := range c.Keywords {
			kt := keywordTokens(k)
			if len(kt) > 0 && containsRun(toks, kt) {
				out = appendDistinct(out, c.Number)
				break
			}
		}
	}
	sort.Ints(out)
	return out
}

// keywordCache holds folded keywords: a story has a few dozen, and folding
// them again for every text would cost more than the text itself.
var keywordCache struct {
	sync.RWMutex
	m map[string][]token
}

// keywordTokens returns keyword k folded and split into tokens.
func keywordTokens(k string) []token {
	keywordCache.RLock()
	kt, ok := keywordCache.m[k]
	keywordCache.RUnlock()
	if ok {
		return kt
	}
	kt = tokenize(fold(k, true), false, nil)
	keywordCache.Lock()
	if keywordCache.m == nil || len(keywordCache.m) > 4096 {
		keywordCache.m = map[string][]token{}
	}
	keywordCache.m[k] = kt
	keywordCache.Unlock()
	return kt
}

func containsRun(toks, run []token) bool {
	for i := 0; i+len(run) <= len(toks); i++ {
		ok := true
		for j, r := range run {
			if toks[i+j].text != r.text {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func countWords(toks []token) int {
	n := 0
	for _, t := range toks {
		if t.kind != tokSlash {
			n++
		}
	}
	return n
}

func hasChoice(choices []Choice, n int) bool {
	for _, c := range choices {
		if c.Number == n {
			return true
		}
	}
	return false
}

// choiceRange describes the valid numbers: "1-3".
func choiceRange(choices []Choice) string {
	if len(choices) == 0 {
		return "no choices"
	}
	lo, hi := choices[0].Number, choices[0].Number
	for _, c := range choices {
		lo, hi = min(lo, c.Number), max(hi, c.Number)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

func invalid(reason string) Ballot { return Ballot{Kind: BallotInvalid, Reason: reason} }

func appendDistinct(xs []int, x int) []int {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func distinctFloats(xs []float64) []float64 {
	var out []float64
	for _, x := range xs {
		dup := false
		for _, y := range out {
			dup = dup || y == x
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, " and ")
}

func joinFloats(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = trimFloat(x)
	}
	return strings.Join(s, " and ")
}

func trimFloat(x float64) string { return fmt.Sprintf("%g", x) }
