package show

import (
	"fmt"
	"time"

	"forkcast/app/story"
	"forkcast/app/vote"
)

// decision is what a text means for the poll, before it is stored.
type decision struct {
	ballot   vote.Ballot
	command  string
	vote     *VoteRecord  // the vote row to store, nil when the text is not for a poll
	replaced *CountedVote // the voter's earlier vote this one replaces
	invalid  bool         // counts in the poll's invalid number
	kind     vote.PollKind
}

// judge decides what rec means for the current poll and fills its result,
// choice and reason. The rules:
//   - a text its source could not read is "unreadable", kept raw, never a vote;
//   - a command (STOP, START, HELP) is never a vote;
//   - with no poll in this scene, a text is "no-poll";
//   - a poll accepts texts while open, and after closing for its grace window
//     those its source received before the close; other texts are "late";
//   - an unreadable text or one without a sender is "invalid";
//   - a voter's first valid vote counts; a later different one replaces it
//     ("changed") under last-wins and is "ignored" under first-wins; the
//     same vote again is "ignored". "Later" is by the provider's time: a
//     text sent before the counted one but arriving after it is
//     "superseded" under last-wins, and replaces it under first-wins.
func (b *batch) judge(rec *MessageRecord, pre *prep) decision {
	p := b.poll
	var d decision
	if pre.unreadable {
		rec.Result, rec.Reason = ResultUnreadable, "Unreadable text kept: its raw PDU is stored and exported."
		return d
	}
	switch {
	case p == nil && pre.poll == 0, p != nil && pre.poll == p.rec.ID:
		d.ballot = pre.ballot
	case p == nil:
		d.ballot = vote.ParseChoice(rec.Text, nil)
	default:
		d.ballot = parse(&p.rec, rec.Text)
	}
	if p != nil {
		d.kind = p.rec.Kind
	}
	if d.ballot.Kind == vote.BallotCommand {
		d.command = d.ballot.Command
		rec.Result, rec.Reason = ResultCommand, commandReason(d.command)
		return d
	}
	if p == nil {
		rec.Result, rec.Reason = ResultNoPoll, "No poll was open."
		return d
	}
	rec.Poll = p.rec.ID
	value := d.ballot.Choice + d.ballot.Rating
	rec.Choice = value
	d.vote = &VoteRecord{Poll: p.rec.ID, Voter: rec.Voter, Choice: value}
	switch {
	case !b.accepting(rec.ReceivedAt):
		rec.Result, rec.Reason = ResultLate, lateReason(&p.rec, rec.ReceivedAt)
	case d.ballot.Kind == vote.BallotInvalid:
		rec.Result, rec.Reason, rec.Choice, d.invalid = ResultInvalid, d.ballot.Reason, 0, true
	case rec.Voter == "":
		rec.Result, rec.Reason, d.invalid = ResultInvalid, "No sender number: one vote per phone cannot be checked.", true
	default:
		b.count1(rec, &d, value)
	}
	d.vote.Reason = rec.Reason
	if rec.Result == ResultInvalid {
		d.vote.Choice = 0
	}
	return d
}

// count1 applies one-vote-per-voter and the poll's policy to a valid vote.
// A voter's texts are ordered by when the provider took them (ReceivedAt),
// not by when they reach the engine: with two relays, or after any outage, an
// older text can arrive after a newer one, and it must not undo the newer.
func (b *batch) count1(rec *MessageRecord, d *decision, value int) {
	prev, had := b.counted(rec.Voter)
	older := had && rec.ReceivedAt.Before(prev.Sent)
	firstWins := b.poll.rec.Policy == string(story.FirstWins)
	switch {
	case !had:
		rec.Result, d.vote.Counted = ResultCounted, true
	case older && !firstWins:
		rec.Result = ResultSuperseded
		rec.Reason = fmt.Sprintf("Sent %s before the vote that counts (%d): the newer text wins.",
			prev.Sent.Sub(rec.ReceivedAt).Round(time.Millisecond), prev.Choice)
	case prev.Choice == value:
		rec.Result, rec.Reason = ResultIgnored, "Same vote as before."
		if !firstWins && rec.ReceivedAt.After(prev.Sent) {
			// The vote that counts was confirmed later: a text sent before
			// this one must not undo it (the store reads it back the same way).
			prev.Sent = rec.ReceivedAt
			b.votes[rec.Voter] = prev
		}
	case older:
		// First-wins counts the first text sent: this one, though it came late.
		rec.Result, d.vote.Counted, d.replaced = ResultChanged, true, &prev
		rec.Reason = fmt.Sprintf("Sent before the vote for %d, which arrived first: the first vote counts.", prev.Choice)
	case firstWins:
		rec.Result, rec.Reason = ResultIgnored, fmt.Sprintf("Already voted %d: the first vote counts.", prev.Choice)
	default:
		rec.Result, d.vote.Counted, d.replaced = ResultChanged, true, &prev
		rec.Reason = fmt.Sprintf("Changed from %d.", prev.Choice)
	}
}

// counted returns the vote that counts for voter, this batch's changes first.
func (b *batch) counted(voter string) (CountedVote, bool) {
	if v, ok := b.votes[voter]; ok {
		return v, true
	}
	v, ok := b.poll.votes[voter]
	return v, ok
}

// accepting reports whether the poll counts a text its source received at
// received and that is being stored now.
func (b *batch) accepting(received time.Time) bool {
	r := &b.poll.rec
	if r.State == PollOpen {
		return true
	}
	if r.ClosedAt.IsZero() || received.After(r.ClosedAt) {
		return false
	}
	return b.now.Before(r.ClosedAt.Add(r.Grace))
}

// parse reads text as a ballot for poll r.
func parse(r *PollRecord, text string) vote.Ballot {
	if r.Kind == vote.PollRating {
		return r.Parser.Rating(text, r.Min, r.Max)
	}
	return r.Parser.Choice(text, r.Choices)
}

func lateReason(r *PollRecord, received time.Time) string {
	if r.ClosedAt.IsZero() {
		return "The poll had closed."
	}
	if d := received.Sub(r.ClosedAt); d > 0 {
		return fmt.Sprintf("Sent %s after the poll closed.", d.Round(100*time.Millisecond))
	}
	return fmt.Sprintf("Arrived after the %s grace window.", r.Grace)
}

func commandReason(c string) string {
	switch c {
	case vote.CommandStop:
		return "STOP: no text will be sent to this number."
	case vote.CommandStart:
		return "START: replies allowed again."
	}
	return "HELP asked."
}
