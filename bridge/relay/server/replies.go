package server

import (
	"strings"

	"forkcast/app/vote"
	"forkcast/bridge/relay"
)

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
func chooseReply(p relay.Policy, body string, kw keyword) string {
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
	// The poll's parser (the story's languages, letters), as the engine counts.
	var b vote.Ballot
	if p.Poll.Kind == vote.PollRating {
		lo, hi := p.Poll.Min, p.Poll.Max
		if lo == 0 && hi == 0 {
			lo, hi = 1, 10
		}
		b = p.Poll.Parser.Rating(body, lo, hi)
	} else {
		b = p.Poll.Parser.Choice(body, p.Poll.Choices)
	}
	switch b.Kind {
	case vote.BallotChoice:
		return p.Replies.Accepted
	case vote.BallotRating:
		return p.Replies.Rating
	}
	return p.Replies.Invalid
}
