package relay

import (
	"strconv"
	"strings"
	"unicode"

	"forkcast/app/vote"
)

// Policy is what the laptop pushes with PUT /v1/replies: the reply texts for
// what is happening now, and the poll they apply to. Every reply is off
// (empty) by default.
type Policy struct {
	Replies vote.Replies `json:"replies"`
	// Poll is the poll the laptop last reported (open or closed); nil means
	// unknown, and then only HELP is answered.
	Poll *vote.PollInfo `json:"poll,omitempty"`
}

// maxReplyLen bounds one reply text (Twilio's limit for a message body).
const maxReplyLen = 1600

// valid reports the first reply text over the length limit, if any.
func (p Policy) valid() (string, bool) {
	r := p.Replies
	for name, v := range map[string]string{"accepted": r.Accepted, "closed": r.Closed,
		"invalid": r.Invalid, "rating": r.Rating, "help": r.Help} {
		if len([]rune(v)) > maxReplyLen {
			return name, false
		}
	}
	return "", true
}

// keyword is what a text means to the carrier's opt-out rules.
type keyword int

const (
	kwNone keyword = iota
	kwStop
	kwStart
	kwHelp
)

// classifyKeyword follows the keywords carriers and Twilio treat as opt-out,
// opt-in and help. optOutType is Twilio's OptOutType parameter, when sent.
func classifyKeyword(body, optOutType string) keyword {
	switch strings.ToUpper(optOutType) {
	case "STOP":
		return kwStop
	case "START":
		return kwStart
	case "HELP":
		return kwHelp
	}
	switch strings.ToUpper(strings.TrimSpace(strings.Trim(body, " \t\r\n.!"))) {
	case "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE":
		return kwStop
	case "START", "YES", "UNSTOP":
		return kwStart
	case "HELP", "INFO":
		return kwHelp
	}
	return kwNone
}

// chooseReply picks the reply for a text under p; "" means answer nothing.
// It is a best guess made without the engine: the laptop's count is what
// counts, the reply only tells the voter their text arrived.
func chooseReply(p Policy, body string, kw keyword) string {
	switch kw {
	case kwStop, kwStart:
		return "" // the carrier or Twilio sends the confirmation itself
	case kwHelp:
		return p.Replies.Help
	}
	if p.Poll == nil {
		return ""
	}
	if !p.Poll.Open {
		return p.Replies.Closed
	}
	n, ok := guessBallot(body, p.Poll.Choices)
	switch {
	case p.Poll.Kind == vote.PollRating && ok && n >= 1 && n <= 10:
		return p.Replies.Rating
	case p.Poll.Kind != vote.PollRating && ok && hasChoice(p.Poll.Choices, n):
		return p.Replies.Accepted
	}
	return p.Replies.Invalid
}

func hasChoice(cs []vote.Choice, n int) bool {
	for _, c := range cs {
		if c.Number == n {
			return true
		}
	}
	return false
}

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

// guessBallot reads a text as a number (digits, full-width digits, keycap
// emoji, "#2", "two") or one of the choices' keywords.
func guessBallot(body string, choices []vote.Choice) (int, bool) {
	s := foldBallot(body)
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	if n, ok := numberWords[s]; ok {
		return n, true
	}
	for _, c := range choices {
		for _, k := range c.Keywords {
			if s != "" && foldBallot(k) == s {
				return c.Number, true
			}
		}
	}
	return 0, false
}

// foldBallot lower-cases, maps full-width forms to ASCII, drops keycap marks
// and punctuation, and collapses spaces.
func foldBallot(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r >= 'Ａ' && r <= 'Ｚ':
			r = 'a' + (r - 'Ａ')
		case r >= 'ａ' && r <= 'ｚ':
			r = 'a' + (r - 'ａ')
		case r == '\U0001F51F': // keycap ten
			b.WriteString("10")
			continue
		case r == 0xFE0F || r == 0x20E3: // emoji presentation, combining keycap
			continue
		}
		r = unicode.ToLower(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
