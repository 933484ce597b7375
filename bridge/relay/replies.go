package relay

import (
	"strings"

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

// classifyKeyword reads a text as the carrier's opt-out rules do, with the
// engine's own parser (vote.ParseChoice) so relay and laptop agree on what
// STOP is. optOutType is Twilio's OptOutType parameter, when sent; YES is an
// opt-in word for Twilio too.
func classifyKeyword(body, optOutType string) keyword {
	switch strings.ToUpper(optOutType) {
	case "STOP":
		return kwStop
	case "START":
		return kwStart
	case "HELP":
		return kwHelp
	}
	if len(body) > 32 { // every command word is short; skip parsing long texts
		return kwNone
	}
	if strings.EqualFold(strings.Trim(body, " \t\r\n.!"), "YES") {
		return kwStart
	}
	b := vote.ParseChoice(body, nil)
	if b.Kind != vote.BallotCommand {
		return kwNone
	}
	switch b.Command {
	case vote.CommandStop:
		return kwStop
	case vote.CommandStart:
		return kwStart
	case vote.CommandHelp:
		return kwHelp
	}
	return kwNone
}

// chooseReply picks the reply for a text under p; "" means answer nothing.
// It reads the text with the engine's parser against the poll the laptop
// pushed, so the reply matches the count in all but rare cases (a vote
// changed under first-wins, a late text in the grace window).
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
	var b vote.Ballot
	if p.Poll.Kind == vote.PollRating {
		b = vote.ParseRating(body, 1, 10)
	} else {
		b = vote.ParseChoice(body, p.Poll.Choices)
	}
	switch b.Kind {
	case vote.BallotChoice:
		return p.Replies.Accepted
	case vote.BallotRating:
		return p.Replies.Rating
	}
	return p.Replies.Invalid
}
