package vote

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// The number words a story may turn on with `languages:`. No maintained Go
// library ships CLDR's spell-out data (golang.org/x/text has none; the RBNF
// ports read CLDR's XML files at run time and only format), and spell-out
// rules give one written form per gender and case, not what people text.
// So this is a table, written by hand: the cardinals 1-10 of each
// language's CLDR spell-out rules (spellout-cardinal, every gender and case
// variant of 1 and 2), their ordinals (spellout-ordinal, masculine and
// feminine), and the spellings people use in texts (German "zwo",
// "fuenf"). Entries are folded as texts are (accents and case dropped), so
// "première" and "premiere", "fünf" and "funf" are one entry. docs/voting.md
// lists them. Every language's table is checked by TestWordTables: 1 to 10
// each have a cardinal and an ordinal (Chinese and Japanese write both with
// the CJK numerals, read in every language), and no folded word has two
// values.

// wordTable is one language's words: value -> words.
type wordTable struct {
	cardinals map[int][]string
	ordinals  map[int][]string
	// articles are words that are also "a"/"an" (French "un", German
	// "eine"): they count as 1 only in a text with no other number, so
	// "je vote pour une option: 2" is 2.
	articles []string
}

// languages holds the tables by ISO 639-1 code.
var languages = map[string]wordTable{
	"en": {
		cardinals: map[int][]string{0: {"zero"}, 1: {"one"}, 2: {"two"}, 3: {"three"}, 4: {"four"}, 5: {"five"},
			6: {"six"}, 7: {"seven"}, 8: {"eight"}, 9: {"nine"}, 10: {"ten"}},
		ordinals: map[int][]string{1: {"first"}, 2: {"second"}, 3: {"third"}, 4: {"fourth"}, 5: {"fifth"},
			6: {"sixth"}, 7: {"seventh"}, 8: {"eighth"}, 9: {"ninth"}, 10: {"tenth"}},
	},
	"fr": {
		cardinals: map[int][]string{0: {"zéro"}, 1: {"un", "une"}, 2: {"deux"}, 3: {"trois"}, 4: {"quatre"},
			5: {"cinq"}, 6: {"six"}, 7: {"sept"}, 8: {"huit"}, 9: {"neuf"}, 10: {"dix"}},
		ordinals: map[int][]string{1: {"premier", "première", "premiere"}, 2: {"deuxième", "second", "seconde", "deuxieme"},
			3: {"troisième"}, 4: {"quatrième"}, 5: {"cinquième"}, 6: {"sixième"}, 7: {"septième"},
			8: {"huitième"}, 9: {"neuvième"}, 10: {"dixième"}},
		articles: []string{"un", "une"},
	},
	"es": {
		cardinals: map[int][]string{0: {"cero"}, 1: {"uno", "una", "un"}, 2: {"dos"}, 3: {"tres"}, 4: {"cuatro"},
			5: {"cinco"}, 6: {"seis"}, 7: {"siete"}, 8: {"ocho"}, 9: {"nueve"}, 10: {"diez"}},
		ordinals: map[int][]string{1: {"primero", "primera", "primer"}, 2: {"segundo", "segunda"},
			3: {"tercero", "tercera", "tercer"}, 4: {"cuarto", "cuarta"}, 5: {"quinto", "quinta"},
			6: {"sexto", "sexta"}, 7: {"séptimo", "séptima", "sétimo"}, 8: {"octavo", "octava"},
			9: {"noveno", "novena"}, 10: {"décimo", "décima"}},
		articles: []string{"un", "una"},
	},
	"de": {
		cardinals: map[int][]string{0: {"null"}, 1: {"eins", "ein", "eine", "einen", "einer", "einem", "eines"},
			2: {"zwei", "zwo"}, 3: {"drei"}, 4: {"vier"}, 5: {"fünf", "fuenf"}, 6: {"sechs"}, 7: {"sieben"},
			8: {"acht"}, 9: {"neun"}, 10: {"zehn"}},
		ordinals: map[int][]string{
			1: germanOrdinal("erst"), 2: germanOrdinal("zweit"), 3: germanOrdinal("dritt"), 4: germanOrdinal("viert"),
			5: append(germanOrdinal("fünft"), germanOrdinal("fuenft")...), 6: germanOrdinal("sechst"),
			7: append(germanOrdinal("siebt"), germanOrdinal("siebent")...), 8: germanOrdinal("acht"),
			9: germanOrdinal("neunt"), 10: germanOrdinal("zehnt")},
		articles: []string{"ein", "eine", "einen", "einer", "einem", "eines"},
	},
	"pt": {
		cardinals: map[int][]string{0: {"zero"}, 1: {"um", "uma"}, 2: {"dois", "duas"}, 3: {"três"}, 4: {"quatro"},
			5: {"cinco"}, 6: {"seis"}, 7: {"sete"}, 8: {"oito"}, 9: {"nove"}, 10: {"dez"}},
		ordinals: map[int][]string{1: {"primeiro", "primeira"}, 2: {"segundo", "segunda"}, 3: {"terceiro", "terceira"},
			4: {"quarto", "quarta"}, 5: {"quinto", "quinta"}, 6: {"sexto", "sexta"}, 7: {"sétimo", "sétima"},
			8: {"oitavo", "oitava"}, 9: {"nono", "nona"}, 10: {"décimo", "décima"}},
		articles: []string{"um", "uma"},
	},
	"it": {
		cardinals: map[int][]string{0: {"zero"}, 1: {"uno", "una", "un"}, 2: {"due"}, 3: {"tre"}, 4: {"quattro"},
			5: {"cinque"}, 6: {"sei"}, 7: {"sette"}, 8: {"otto"}, 9: {"nove"}, 10: {"dieci"}},
		ordinals: map[int][]string{1: {"primo", "prima"}, 2: {"secondo", "seconda"}, 3: {"terzo", "terza"},
			4: {"quarto", "quarta"}, 5: {"quinto", "quinta"}, 6: {"sesto", "sesta"}, 7: {"settimo", "settima"},
			8: {"ottavo", "ottava"}, 9: {"nono", "nona"}, 10: {"decimo", "decima"}},
		articles: []string{"un", "una"},
	},
	"nl": {
		cardinals: map[int][]string{0: {"nul"}, 1: {"één", "een"}, 2: {"twee"}, 3: {"drie"}, 4: {"vier"}, 5: {"vijf"},
			6: {"zes"}, 7: {"zeven"}, 8: {"acht"}, 9: {"negen"}, 10: {"tien"}},
		ordinals: map[int][]string{1: {"eerste"}, 2: {"tweede"}, 3: {"derde"}, 4: {"vierde"}, 5: {"vijfde"},
			6: {"zesde"}, 7: {"zevende"}, 8: {"achtste"}, 9: {"negende"}, 10: {"tiende"}},
		articles: []string{"een"},
	},
	"pl": {
		cardinals: map[int][]string{0: {"zero"}, 1: {"jeden", "jedna", "jedno"}, 2: {"dwa", "dwie", "dwoje"},
			3: {"trzy"}, 4: {"cztery"}, 5: {"pięć"}, 6: {"sześć"}, 7: {"siedem"}, 8: {"osiem"},
			9: {"dziewięć"}, 10: {"dziesięć"}},
		ordinals: map[int][]string{1: polishOrdinal("pierwsz"), 2: {"drugi", "druga", "drugie"},
			3: {"trzeci", "trzecia", "trzecie"}, 4: polishOrdinal("czwart"), 5: polishOrdinal("piąt"),
			6: polishOrdinal("szóst"), 7: polishOrdinal("siódm"), 8: polishOrdinal("ósm"),
			9: polishOrdinal("dziewiąt"), 10: polishOrdinal("dziesiąt")},
	},
	"ar": {
		cardinals: map[int][]string{0: {"صفر"}, 1: {"واحد", "واحدة"}, 2: {"اثنان", "اثنين", "إثنان", "إثنين", "اثنتان", "اثنتين"},
			3: {"ثلاثة", "ثلاث"}, 4: {"أربعة", "أربع"}, 5: {"خمسة", "خمس"}, 6: {"ستة", "ست"}, 7: {"سبعة", "سبع"},
			8: {"ثمانية", "ثماني", "ثمان"}, 9: {"تسعة", "تسع"}, 10: {"عشرة", "عشر"}},
		ordinals: map[int][]string{1: {"الأول", "أول", "الأولى", "أولى"}, 2: arabicOrdinal("ثاني"), 3: arabicOrdinal("ثالث"),
			4: arabicOrdinal("رابع"), 5: arabicOrdinal("خامس"), 6: arabicOrdinal("سادس"), 7: arabicOrdinal("سابع"),
			8: arabicOrdinal("ثامن"), 9: arabicOrdinal("تاسع"), 10: arabicOrdinal("عاشر")},
	},
	"hi": {
		cardinals: map[int][]string{0: {"शून्य"}, 1: {"एक"}, 2: {"दो"}, 3: {"तीन"}, 4: {"चार"}, 5: {"पाँच", "पांच"},
			6: {"छह", "छः", "छे"}, 7: {"सात"}, 8: {"आठ"}, 9: {"नौ"}, 10: {"दस"}},
		ordinals: map[int][]string{1: {"पहला", "पहली", "पहले"}, 2: {"दूसरा", "दूसरी", "दूसरे"}, 3: {"तीसरा", "तीसरी", "तीसरे"},
			4: {"चौथा", "चौथी", "चौथे"}, 5: hindiOrdinal("पाँच"), 6: {"छठा", "छठी", "छठे"}, 7: hindiOrdinal("सात"),
			8: hindiOrdinal("आठ"), 9: hindiOrdinal("नौ"), 10: hindiOrdinal("दस")},
	},
	// Japanese and Chinese write numbers with the CJK numerals (一 二 三,
	// 第二 "the second", 二番 "number two"), which every story reads; these are
	// the kana readings (katakana too, see fold) and 两, Chinese "two of".
	"ja": {
		cardinals: map[int][]string{1: {"いち", "ひとつ"}, 2: {"に", "ふたつ"}, 3: {"さん", "みっつ"}, 4: {"よん", "し", "よっつ"},
			5: {"ご", "いつつ"}, 6: {"ろく", "むっつ"}, 7: {"なな", "しち", "ななつ"}, 8: {"はち", "やっつ"},
			9: {"きゅう", "く", "ここのつ"}, 10: {"じゅう", "とお"}},
		ordinals: map[int][]string{1: {"いちばん", "ひとつめ"}, 2: {"にばん", "ふたつめ"}, 3: {"さんばん", "みっつめ"},
			4: {"よんばん", "よっつめ"}, 5: {"ごばん", "いつつめ"}, 6: {"ろくばん", "むっつめ"}, 7: {"ななばん", "ななつめ"},
			8: {"はちばん", "やっつめ"}, 9: {"きゅうばん", "ここのつめ"}, 10: {"じゅうばん"}},
	},
	"zh": {
		cardinals: map[int][]string{2: {"两", "兩", "俩", "倆"}},
	},
}

func germanOrdinal(stem string) []string {
	return []string{stem + "e", stem + "er", stem + "es", stem + "en", stem + "em"}
}

func polishOrdinal(stem string) []string {
	return []string{stem + "y", stem + "a", stem + "e"}
}

func arabicOrdinal(stem string) []string {
	return []string{"ال" + stem, stem, "ال" + stem + "ة", stem + "ة"}
}

func hindiOrdinal(stem string) []string {
	return []string{stem + "वाँ", stem + "वां", stem + "वीं", stem + "वें"}
}

// Languages returns the codes a story may list in `languages:`, sorted.
func Languages() []string {
	out := make([]string, 0, len(languages))
	for k := range languages {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// wordInfo is what a folded word means.
type wordInfo struct {
	value   int
	ordinal bool
	article bool
}

// lexicon is the folded words of a set of languages.
type lexicon map[string]wordInfo

// lexicons caches a lexicon per set of languages ("en,fr").
var lexicons sync.Map

// defaultLanguages is what a story that declares none reads.
var defaultLanguages = []string{"en"}

// lexiconFor returns the words of langs (English when empty). A word two of
// the languages read as different numbers is left out: it is no number.
// Unknown codes are skipped (the story checker reports them).
func lexiconFor(langs []string) lexicon {
	if len(langs) == 0 {
		langs = defaultLanguages
	}
	key := strings.Join(langs, ",")
	if lx, ok := lexicons.Load(key); ok {
		return lx.(lexicon)
	}
	lx := lexicon{}
	clash := map[string]bool{}
	add := func(w string, info wordInfo) {
		for _, f := range foldedWord(w) {
			if old, ok := lx[f]; ok && old.value != info.value {
				clash[f] = true
			}
			if old, ok := lx[f]; ok {
				info.article = info.article || old.article
				info.ordinal = info.ordinal && old.ordinal
			}
			lx[f] = info
		}
	}
	for _, code := range langs {
		t, ok := languages[code]
		if !ok {
			continue
		}
		for v, ws := range t.cardinals {
			for _, w := range ws {
				add(w, wordInfo{value: v, article: slices.Contains(t.articles, w)})
			}
		}
		for v, ws := range t.ordinals {
			for _, w := range ws {
				add(w, wordInfo{value: v, ordinal: true})
			}
		}
	}
	for w := range clash {
		delete(lx, w)
	}
	if lexiconCount(&lexicons) < 256 {
		lexicons.Store(key, lx)
	}
	return lx
}

// foldedWord returns w as a text folds it, and its katakana form for
// hiragana words.
func foldedWord(w string) []string {
	f := fold(w, false)
	out := []string{f}
	if k := toKatakana(f); k != f {
		out = append(out, k)
	}
	return out
}

// toKatakana maps hiragana to katakana (the same readings, U+3041-3096 to
// U+30A1-30F6).
func toKatakana(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x3041 && r <= 0x3096 {
			return r + 0x60
		}
		return r
	}, s)
}

func lexiconCount(m *sync.Map) int {
	n := 0
	m.Range(func(_, _ any) bool { n++; return true })
	return n
}
