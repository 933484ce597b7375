package vote

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// all12 declares every language the issue asks for.
var all12 = Parser{Languages: []string{"en", "fr", "es", "de", "pt", "it", "nl", "pl", "ar", "hi", "ja", "zh"}}

// TestParseChoiceScripts reads the forms an international room texts, on
// the three-choice fork of TestParseChoice.
func TestParseChoiceScripts(t *testing.T) {
	fr := Parser{Languages: []string{"fr"}}
	es := Parser{Languages: []string{"es"}}
	de := Parser{Languages: []string{"de"}}
	pt := Parser{Languages: []string{"pt"}}
	it := Parser{Languages: []string{"it"}}
	nl := Parser{Languages: []string{"nl"}}
	pl := Parser{Languages: []string{"pl"}}
	ar := Parser{Languages: []string{"ar"}}
	hi := Parser{Languages: []string{"hi"}}
	ja := Parser{Languages: []string{"ja"}}
	zh := Parser{Languages: []string{"zh"}}
	en := Parser{}
	letters := Parser{Letters: true}
	tests := []struct {
		p          Parser
		text, want string
	}{
		// digits of every script, with no language declared
		{en, "٢", "c2"}, {en, "۲", "c2"}, {en, "२", "c2"}, {en, "২", "c2"}, {en, "੨", "c2"}, {en, "૨", "c2"},
		{en, "௨", "c2"}, {en, "౨", "c2"}, {en, "೨", "c2"}, {en, "൨", "c2"}, {en, "๒", "c2"}, {en, "໒", "c2"},
		{en, "༢", "c2"}, {en, "၂", "c2"}, {en, "២", "c2"}, {en, "᠒", "c2"}, {en, "߂", "c2"}, {en, "꧒", "c2"},
		{en, "𑁨", "c2"}, {en, "𝟚", "c2"}, {en, "٣", "c3"}, {en, "۱", "c1"}, {en, "صوت ٢", "c2"},
		{en, "٢!", "c2"}, {en, "#٢", "c2"}, {en, "(२)", "c2"}, {en, "٢ ٢", "c2"},
		{en, "٤", "x"}, {en, "١ ٢", "x"}, {en, "١٢", "x"}, {en, "٢.٥", "x"}, {en, "1 ٢", "x"},
		// CJK numerals, always read
		{en, "二", "c2"}, {en, "一", "c1"}, {en, "三", "c3"}, {en, "第二", "c2"}, {en, "二番", "c2"},
		{en, "二番目", "c2"}, {en, "２番", "c2"}, {en, "2番", "c2"}, {en, "2に投票", "c2"}, {en, "2번", "c2"},
		{en, "我选二", "c2"}, {en, "貳", "c2"}, {en, "贰", "c2"}, {en, "壹", "c1"}, {en, "叁", "c3"}, {en, "弐", "c2"},
		{en, "㊁", "c2"}, {en, "㈡", "c2"}, {en, "四", "x"}, {en, "十", "x"}, {en, "十二", "x"}, {en, "一二", "x"},
		{en, "一 二", "x"}, {en, "二 2", "c2"}, {en, "二 ٢ 2️⃣", "c2"},
		// keycaps and enclosed forms
		{en, "2️⃣", "c2"}, {en, "②", "c2"}, {en, "⑵", "c2"}, {en, "⒉", "c2"}, {en, "➋", "c2"}, {en, "⓶", "c2"},
		{en, "❸", "c3"}, {en, "➀", "c1"}, {en, "⓿", "x"}, {en, "⓫", "x"}, {en, "🄂", "c1"}, {en, "²", "c2"},
		{en, "₂", "c2"}, {en, "🔟", "x"},
		// ordinal digits
		{en, "2e", "c2"}, {en, "2ème", "c2"}, {en, "1er", "c1"}, {en, "1re", "c1"}, {en, "2º", "c2"},
		{en, "2ª", "c2"}, {en, "2°", "c2"}, {en, "2do", "c2"}, {en, "3te", "c3"}, {en, "2de", "c2"},
		// number words and ordinals in the declared languages
		{fr, "deux", "c2"}, {fr, "Deux!", "c2"}, {fr, "la deuxième", "c2"}, {fr, "deuxieme", "c2"},
		{fr, "Première", "c1"}, {fr, "trois", "c3"}, {fr, "une", "c1"}, {fr, "je vote pour une option: 2", "c2"},
		{fr, "un ou deux", "c2"}, {fr, "deux ou trois", "x"}, {fr, "quatre", "x"},
		{es, "dos", "c2"}, {es, "Segunda", "c2"}, {es, "uno", "c1"}, {es, "tercera opción", "c3"}, {es, "tres", "c3"},
		{de, "zwei", "c2"}, {de, "zwo", "c2"}, {de, "ZWEI", "c2"}, {de, "die zweite", "c2"}, {de, "Eins", "c1"},
		{de, "dritter", "c3"}, {de, "eine Stimme für 2", "c2"},
		{pt, "dois", "c2"}, {pt, "duas", "c2"}, {pt, "Três", "c3"}, {pt, "terceira", "c3"}, {pt, "um", "c1"},
		{it, "due", "c2"}, {it, "tre", "c3"}, {it, "seconda", "c2"}, {it, "il primo", "c1"},
		{nl, "twee", "c2"}, {nl, "één", "c1"}, {nl, "derde", "c3"}, {nl, "tweede", "c2"},
		{pl, "dwa", "c2"}, {pl, "dwie", "c2"}, {pl, "trzy", "c3"}, {pl, "druga", "c2"}, {pl, "pierwszy", "c1"},
		{ar, "اثنان", "c2"}, {ar, "إثنين", "c2"}, {ar, "ثلاثة", "c3"}, {ar, "ثلاثه", "c3"}, {ar, "الثاني", "c2"},
		{ar, "الثانى", "c2"}, {ar, "واحد", "c1"}, {ar, "الأول", "c1"}, {ar, "اربعة", "x"},
		{hi, "दो", "c2"}, {hi, "तीन", "c3"}, {hi, "एक", "c1"}, {hi, "दूसरा", "c2"}, {hi, "तीसरी", "c3"}, {hi, "दस", "x"},
		{ja, "に", "c2"}, {ja, "さん", "c3"}, {ja, "ふたつ", "c2"}, {ja, "ニ", "c2"}, {ja, "にばん", "c2"}, {ja, "二つ目", "c2"},
		{zh, "两", "c2"}, {zh, "第三", "c3"},
		// a word of a language the story does not declare is no number
		{en, "deux", "x"}, {en, "zwei", "x"}, {en, "dos", "x"}, {fr, "two", "x"}, {en, "اثنان", "x"}, {en, "दो", "x"},
		// several languages at once
		{all12, "two", "c2"}, {all12, "deux", "c2"}, {all12, "zwei", "c2"}, {all12, "dos", "c2"}, {all12, "dwa", "c2"},
		{all12, "due", "c2"}, {all12, "twee", "c2"}, {all12, "dois", "c2"}, {all12, "दो", "c2"}, {all12, "اثنين", "c2"},
		{all12, "deux 2", "c2"}, {all12, "deux three", "x"}, {all12, "eine 2", "c2"}, {all12, "une", "c1"},
		// letters, when the story turns them on
		{letters, "A", "c1"}, {letters, "B", "c2"}, {letters, "b", "c2"}, {letters, "B!", "c2"}, {letters, "(C)", "c3"},
		{letters, "option B", "c2"}, {letters, "Option b please", "c2"}, {letters, "B please", "c2"},
		{letters, "Ⓑ", "c2"}, {letters, "🅑", "c2"}, {letters, "🅱️", "c2"}, {letters, "Ｂ", "c2"}, {letters, "B 2", "c2"},
		{letters, "a", "c1"}, {letters, "I vote B", "c2"}, {letters, "a or b", "x"}, {letters, "A B", "x"},
		{letters, "B 1", "x"}, {letters, "D", "x"}, {letters, "b surge", "c2"}, {letters, "b breach", "x"},
		{letters, "2", "c2"}, {letters, "surge", "c2"}, {letters, "I think a lot", "x"},
		{en, "B", "x"}, {en, "option B", "x"},
	}
	for _, tt := range tests {
		b := tt.p.Choice(tt.text, forkChoices)
		if got := describe(b); got != tt.want {
			t.Errorf("%v.Choice(%q) = %s (%s), want %s", tt.p, tt.text, got, b.Reason, tt.want)
		}
		if b.Kind == BallotInvalid && b.Reason == "" {
			t.Errorf("%v.Choice(%q) is invalid without a reason", tt.p, tt.text)
		}
	}
	if len(tests) < 60 {
		t.Fatalf("table has %d cases, want at least 60", len(tests))
	}
}

func TestAmbiguousScriptsKeepTheirReason(t *testing.T) {
	tests := []struct {
		p          Parser
		text, want string
	}{
		{Parser{}, "١ ٢", "Two different numbers (1 and 2): which one?"},
		{Parser{}, "一 二", "Two different numbers (1 and 2): which one?"},
		{Parser{Languages: []string{"fr"}}, "deux ou trois", "Two different numbers (2 and 3): which one?"},
		{Parser{}, "٤", "There is no choice 4 on this fork (1-3)."},
		{Parser{Letters: true}, "A B", "Two different letters (A and B): which one?"},
		{Parser{Letters: true}, "B 1", "Letter B and number 1 disagree."},
		{Parser{Letters: true}, "D", "There is no choice D on this fork (A-C)."},
		{Parser{Letters: true}, "b breach", "Letter B and a keyword of choice 1 disagree."},
	}
	for _, tt := range tests {
		if got := tt.p.Choice(tt.text, forkChoices).Reason; got != tt.want {
			t.Errorf("Choice(%q).Reason = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseRatingScripts(t *testing.T) {
	fr := Parser{Languages: []string{"fr", "de"}}
	tests := []struct {
		p          Parser
		text, want string
	}{
		{Parser{}, "٨", "r8"}, {Parser{}, "١٠", "r10"}, {Parser{}, "१०", "r10"}, {Parser{}, "八", "r8"},
		{Parser{}, "十", "r10"}, {Parser{}, "٩/١٠", "r9"}, {Parser{}, "⑩", "r10"}, {Parser{}, "⓾", "r10"},
		{Parser{}, "十一", "x"}, {fr, "huit", "r8"}, {fr, "neun", "r9"}, {fr, "dix sur 10", "r10"},
		{Parser{Letters: true}, "B", "x"},
	}
	for _, tt := range tests {
		b := tt.p.Rating(tt.text, 1, 10)
		if got := describe(b); got != tt.want {
			t.Errorf("Rating(%q) = %s (%s), want %s", tt.text, got, b.Reason, tt.want)
		}
	}
}

// TestDigitValues checks digitValue's premise on the Unicode tables Go
// ships: every range of Nd starts at a digit zero and holds whole runs of
// ten, and where NFKD maps a digit to ASCII both agree.
func TestDigitValues(t *testing.T) {
	zeros := []rune{'0', 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
		0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xA9D0, 0xFF10, 0x11066, 0x1D7CE, 0x1D7D8}
	for _, z := range zeros {
		for v := 0; v < 10; v++ {
			if got := digitValue(z + rune(v)); got != v {
				t.Errorf("digitValue(%U) = %d, want %d", z+rune(v), got, v)
			}
		}
	}
	n := 0
	check := func(lo, hi rune, stride int) {
		if stride != 1 || (hi-lo+1)%10 != 0 {
			t.Errorf("Nd range %U-%U (stride %d) is not whole runs of ten", lo, hi, stride)
		}
		for r := lo; r <= hi; r++ {
			n++
			d := norm.NFKD.String(string(r))
			if len(d) == 1 && d[0] >= '0' && d[0] <= '9' && int(d[0]-'0') != digitValue(r) {
				t.Errorf("digitValue(%U) = %d, NFKD says %s", r, digitValue(r), d)
			}
			if got := ParseRating(strings.Repeat(string(r), 1), 0, 9); got.Kind != BallotRating || got.Rating != digitValue(r) {
				t.Errorf("ParseRating(%U) = %+v, want %d", r, got, digitValue(r))
			}
		}
	}
	for _, rg := range unicode.Nd.R16 {
		check(rune(rg.Lo), rune(rg.Hi), int(rg.Stride))
	}
	for _, rg := range unicode.Nd.R32 {
		check(rune(rg.Lo), rune(rg.Hi), int(rg.Stride))
	}
	if n < 600 {
		t.Errorf("checked %d Nd digits, want the whole table (over 600)", n)
	}
}

// TestWordTables checks the hand-written tables: every language has 1-10
// as cardinals and ordinals, every word reads as its value in its own
// language, and no folded word means two numbers.
func TestWordTables(t *testing.T) {
	choices := make([]Choice, 10)
	for i := range choices {
		choices[i] = Choice{Number: i + 1}
	}
	for _, code := range []string{"en", "fr", "es", "de", "pt", "it", "nl", "pl", "ar", "hi", "ja", "zh"} {
		tbl, ok := languages[code]
		if !ok {
			t.Errorf("no table for %s", code)
			continue
		}
		p := Parser{Languages: []string{code}}
		for v := 1; v <= 10; v++ {
			cjk := code == "zh" // Chinese numbers are the CJK numerals
			if len(tbl.cardinals[v]) == 0 && !cjk {
				t.Errorf("%s has no cardinal for %d", code, v)
			}
			if len(tbl.ordinals[v]) == 0 && !cjk {
				t.Errorf("%s has no ordinal for %d", code, v)
			}
		}
		seen := map[string]int{}
		for _, group := range []map[int][]string{tbl.cardinals, tbl.ordinals} {
			for v, ws := range group {
				for _, w := range ws {
					f := fold(w, false)
					if old, dup := seen[f]; dup && old != v {
						t.Errorf("%s: %q folds to %q, already %d, now %d", code, w, f, old, v)
					}
					seen[f] = v
					if v == 0 {
						continue
					}
					if b := p.Rating(w, 1, 10); b.Kind != BallotRating || b.Rating != v {
						t.Errorf("%s: Rating(%q) = %s (%s), want r%d", code, w, describe(b), b.Reason, v)
					}
					if b := p.Choice(w, choices); b.Kind != BallotChoice || b.Choice != v {
						t.Errorf("%s: Choice(%q) = %s (%s), want c%d", code, w, describe(b), b.Reason, v)
					}
				}
			}
		}
	}
	if got := fmt.Sprint(Languages()); !strings.Contains(got, "hi") || !strings.Contains(got, "zh") {
		t.Errorf("Languages() = %s", got)
	}
}

// TestLanguagesClash: a word two declared languages read differently is
// no number (none among the twelve today; the rule is what keeps it so).
func TestLanguagesClash(t *testing.T) {
	saved := languages["xx"]
	languages["xx"] = wordTable{cardinals: map[int][]string{3: {"due"}}}
	defer func() {
		if saved.cardinals == nil {
			delete(languages, "xx")
		} else {
			languages["xx"] = saved
		}
	}()
	if b := (Parser{Languages: []string{"it", "xx"}}).Choice("due", forkChoices); b.Kind != BallotInvalid {
		t.Errorf("a word meaning 2 and 3 = %s, want invalid", describe(b))
	}
	if b := (Parser{Languages: []string{"it"}}).Choice("due", forkChoices); b.Choice != 2 {
		t.Errorf("Italian due = %s, want c2", describe(b))
	}
}
