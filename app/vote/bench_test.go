package vote

import "testing"

// BenchmarkParseChoice measures one ballot on the engine's ingest path: a
// plain digit, and texts in other scripts with every language declared.
func BenchmarkParseChoice(b *testing.B) {
	cases := []struct {
		name string
		p    Parser
		text string
	}{
		{"ascii-digit", Parser{}, "2"},
		{"ascii-phrase", Parser{}, "Option #2 please!!"},
		{"arabic-indic", Parser{}, "٢"},
		{"all-languages-word", Parser{Languages: Languages(), Letters: true}, "la deuxième"},
		{"all-languages-cjk", Parser{Languages: Languages(), Letters: true}, "我选第二个"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if c.p.Choice(c.text, forkChoices).Kind != BallotChoice {
					b.Fatalf("%q did not read as a choice", c.text)
				}
			}
		})
	}
}
