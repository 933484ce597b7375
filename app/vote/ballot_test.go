package vote

import (
	"fmt"
	"strings"
	"testing"
)

// forkChoices is the fork the table reads texts against.
var forkChoices = []Choice{
	{Number: 1, Label: "Security breach", Keywords: []string{"breach", "security"}},
	{Number: 2, Label: "Traffic surge", Keywords: []string{"surge", "traffic"}},
	{Number: 3, Label: "DNS outage", Keywords: []string{"dns", "name server"}},
}

// describe renders a ballot compactly: "c2" choice 2, "r9" rating 9,
// "STOP" a command, "x" invalid.
func describe(b Ballot) string {
	switch b.Kind {
	case BallotChoice:
		return fmt.Sprintf("c%d", b.Choice)
	case BallotRating:
		return fmt.Sprintf("r%d", b.Rating)
	case BallotCommand:
		return b.Command
	case BallotInvalid:
		return "x"
	}
	return "?" + string(b.Kind)
}

func TestParseChoice(t *testing.T) {
	tests := []struct{ text, want string }{
		// plain digits and their decorations
		{"1", "c1"}, {"2", "c2"}, {" 2 ", "c2"}, {"#2", "c2"}, {"2.", "c2"}, {"2!", "c2"},
		{"(2)", "c2"}, {"2)", "c2"}, {"#1!", "c1"}, {"2\n", "c2"}, {"\t3\t", "c3"}, {"+2", "c2"},
		{"-1", "c1"}, {"2\u00a0", "c2"}, {"3\u200b", "c3"}, {"¡2!", "c2"}, {"2 👍", "c2"},
		{"#2 #2 #2", "c2"}, {"2 2", "c2"}, {"1 1", "c1"}, {"02", "c2"},
		// phrases around a number
		{"option 2", "c2"}, {"Option 2", "c2"}, {"vote 2", "c2"}, {"I vote 2", "c2"},
		{"vote: 2", "c2"}, {"Vote:2", "c2"}, {"vote=2", "c2"}, {"Number 2", "c2"}, {"no. 2", "c2"},
		{"Option #2 please!!", "c2"}, {"I'd go with 1", "c1"}, {"I’d go with 1", "c1"},
		{"definitely 3", "c3"}, {"3 please", "c3"}, {"help me choose 2", "c2"}, {"stop 2", "c2"},
		// Unicode forms of digits
		{"2️⃣", "c2"}, {"2⃣", "c2"}, {"２", "c2"}, {"２ ", "c2"}, {"２️⃣", "c2"}, {"①", "c1"},
		{"⑵", "c2"}, {"⒉", "c2"}, {"❷", "c2"}, {"➋", "c2"}, {"➁", "c2"}, {"𝟐", "c2"},
		{"2️⃣ please!", "c2"}, {"1️⃣2️⃣", "x"}, {"\xff2", "c2"},
		// number words and ordinals
		{"two", "c2"}, {"Two!", "c2"}, {"TWO", "c2"}, {"TwO", "c2"}, {"tWo.", "c2"}, {"ｔｗｏ", "c2"},
		{"#TWO", "c2"}, {"Two please", "c2"}, {"three", "c3"}, {"one", "c1"}, {"One", "c1"},
		{"option one", "c1"}, {"one 1", "c1"}, {"1 one", "c1"}, {"1st", "c1"}, {"2nd option", "c2"},
		{"second", "c2"}, {"the first one", "c1"}, {"the second one", "c2"}, {"Third!", "c3"},
		// keywords
		{"breach", "c1"}, {"BREACH!!", "c1"}, {"#breach", "c1"}, {"Security", "c1"},
		{"security please", "c1"}, {"Sécurity", "c1"}, {"surge", "c2"}, {"Surge 🚀", "c2"},
		{"traffic", "c2"}, {"#Traffic", "c2"}, {"dns", "c3"}, {"DNS!", "c3"}, {"name server", "c3"},
		{"Name  Server!", "c3"}, {"1 vote for breach", "c1"}, {"1 - security breach", "c1"},
		{"2 (traffic)", "c2"}, {"2 surge", "c2"}, {"2 because traffic is fun", "c2"},
		// ambiguous
		{"1 2", "x"}, {"1 or 2", "x"}, {"1,2", "x"}, {"1/2", "x"}, {"1&2", "x"}, {"breach surge", "x"},
		{"1 surge", "x"}, {"2 - security", "x"}, {"DNS!!!1", "x"}, {"2 because security is boring", "x"},
		{"3:15", "x"},
		// out of range or not whole
		{"12", "x"}, {"4", "x"}, {"0", "x"}, {"9", "x"}, {"nine", "x"}, {"222", "x"}, {"2.5", "x"},
		{"99999999999999999999", "x"},
		// not votes
		{"", "x"}, {"   ", "x"}, {"hello", "x"}, {"what's the wifi password", "x"}, {"👍", "x"},
		{"❤️", "x"}, {"won", "x"}, {"to", "x"}, {"II", "x"}, {"Option B", "x"}, {"yes", "x"},
		{"3am", "x"}, {"nameserver", "x"}, {"this one", "x"}, {"the last one", "x"}, {"Sécurité", "x"},
		{"I think we should go with option 2 because traffic surges are way more fun to debug", "x"},
		{strings.Repeat("2", 500), "x"}, {"\x00\x01\x02", "x"},
		// commands, never votes
		{"STOP", "STOP"}, {"stop", "STOP"}, {"Stop.", "STOP"}, {"STOP!", "STOP"}, {" stop ", "STOP"},
		{"UNSUBSCRIBE", "STOP"}, {"stopall", "STOP"}, {"STOP ALL", "STOP"}, {"cancel", "STOP"},
		{"end", "STOP"}, {"Quit", "STOP"}, {"opt out", "STOP"}, {"START", "START"}, {"unstop", "START"},
		{"HELP", "HELP"}, {"help!", "HELP"}, {"info", "HELP"}, {"Ｓｔｏｐ", "STOP"},
	}
	if len(tests) < 100 {
		t.Fatalf("table has %d cases, want at least 100", len(tests))
	}
	for _, tt := range tests {
		b := ParseChoice(tt.text, forkChoices)
		if got := describe(b); got != tt.want {
			t.Errorf("ParseChoice(%q) = %s (%s), want %s", tt.text, got, b.Reason, tt.want)
		}
		if b.Kind == BallotInvalid && b.Reason == "" {
			t.Errorf("ParseChoice(%q) is invalid without a reason", tt.text)
		}
	}
}

func TestParseRating(t *testing.T) {
	tests := []struct{ text, want string }{
		{"10", "r10"}, {"ten", "r10"}, {"Ten!", "r10"}, {"10/10", "r10"}, {"7 out of 10", "r7"},
		{"7/10", "r7"}, {"7 / 10", "r7"}, {"8 of 10", "r8"}, {"Nine out of ten", "r9"}, {"ten/10", "r10"},
		{"8.5", "r9"}, {"8,5", "r9"}, {"7.4", "r7"}, {"7.5/10", "r8"}, {"9.99", "r10"}, {"0.5", "r1"},
		{"11/10", "r10"}, {"11", "x"}, {"0", "x"}, {"10.5", "x"}, {"4/5", "x"}, {"100", "x"},
		{"100%", "x"}, {"🔟", "r10"}, {"1️⃣0️⃣", "r10"}, {"１０", "r10"}, {"a solid 8!", "r8"},
		{"8 stars", "r8"}, {"9!!!", "r9"}, {"nine", "r9"}, {"1", "r1"}, {"5 5", "r5"},
		{"10 thanks!", "r10"}, {"-5", "r5"}, {"7 or 8", "x"}, {"7-8", "x"}, {"great talk", "x"},
		{"", "x"}, {"STOP", "STOP"}, {"help", "HELP"},
	}
	for _, tt := range tests {
		b := ParseRating(tt.text, 1, 10)
		if got := describe(b); got != tt.want {
			t.Errorf("ParseRating(%q) = %s (%s), want %s", tt.text, got, b.Reason, tt.want)
		}
		if b.Kind == BallotInvalid && b.Reason == "" {
			t.Errorf("ParseRating(%q) is invalid without a reason", tt.text)
		}
	}
}

func TestParseRatingOtherScale(t *testing.T) {
	tests := []struct{ text, want string }{
		{"5", "r5"}, {"4/5", "r4"}, {"6", "x"}, {"8/10", "x"}, {"0", "x"},
	}
	for _, tt := range tests {
		if got := describe(ParseRating(tt.text, 1, 5)); got != tt.want {
			t.Errorf("ParseRating(%q, 1, 5) = %s, want %s", tt.text, got, tt.want)
		}
	}
}

func TestAmbiguousReasonNamesChoices(t *testing.T) {
	b := ParseChoice("1 or 2", forkChoices)
	if !strings.Contains(b.Reason, "1 and 2") {
		t.Errorf("reason=%q, want it to name 1 and 2", b.Reason)
	}
	b = ParseChoice("7", forkChoices)
	if !strings.Contains(b.Reason, "1-3") {
		t.Errorf("reason=%q, want it to give the range 1-3", b.Reason)
	}
}
