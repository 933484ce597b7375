package show

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strconv"
	"time"

	"forkcast/app/vote"
)

// maxBatch bounds the messages one group commit stores.
const maxBatch = 1000

// ingestReq is one Ingest call waiting for the group commit that stores it.
type ingestReq struct {
	msgs  []vote.Message
	preps []prep
	done  chan error
}

// prep is the work on a message that needs no lock: it is done by the
// calling goroutine, in parallel with the commit in progress, so the writer
// only stores and counts.
type prep struct {
	number, voter, sender, providerID string
	poll                              int64 // the poll ballot was read for (0: none)
	ballot                            vote.Ballot
	unreadable                        bool // the source kept it raw: never a ballot
}

// prepare normalises, hashes and masks the sender and reads the ballot for
// the poll open now (the writer reads it again if another poll is current
// by the time it stores the text).
func (e *Engine) prepare(msgs []vote.Message) []prep {
	e.mu.RLock()
	var rec *PollRecord
	if e.poll != nil {
		r := e.poll.rec
		rec = &r
	}
	e.mu.RUnlock()
	out := make([]prep, len(msgs))
	for i := range msgs {
		m := &msgs[i]
		p := &out[i]
		p.number, p.voter, p.sender = e.senders.get(m.Sender, e.cfg.Region, e.secret)
		p.providerID = providerID(m)
		if p.unreadable = m.Unreadable; p.unreadable {
			continue
		}
		if rec != nil {
			p.poll, p.ballot = rec.ID, parse(rec, m.Text)
		} else {
			p.ballot = vote.ParseChoice(m.Text, nil)
		}
	}
	return out
}

// Ingest stores msgs, parses them against the open poll and counts them, all
// in one transaction shared with concurrent callers (group commit). It returns
// nil only after that transaction has committed: the caller may then
// acknowledge the texts to their provider. A redelivered text (same Source and
// ProviderID) is a no-op. It fails when the store fails, the engine is closed
// (ErrClosed) or ctx ends; the texts may or may not be stored then, and the
// source must deliver them again.
func (e *Engine) Ingest(ctx context.Context, msgs []vote.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	req := &ingestReq{msgs: msgs, preps: e.prepare(msgs), done: make(chan error, 1)}
	select {
	case e.ingestq <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-e.stop:
		return ErrClosed
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-e.stop:
		return ErrClosed
	}
}

// commitLoop takes every request waiting when the previous commit ends into
// the next one: the busier the sources, the bigger each commit.
func (e *Engine) commitLoop() {
	defer e.wg.Done()
	last := 0 // texts in the previous commit
	for {
		var first *ingestReq
		select {
		case first = <-e.ingestq:
		case <-e.stop:
			return
		}
		reqs := e.gather(first, &last)
		e.commitRequests(reqs)
	}
}

// linger is the longest a commit waits for more texts when the previous
// commit was larger: far below anything a speaker sees, long enough for the
// callers the previous commit just acknowledged to send their next texts.
const linger = 500 * time.Microsecond

// gather takes first and the requests queued behind it, up to maxBatch
// texts. Under load (the previous commit held last texts) it waits up to
// linger for half as many, since one commit for all costs far less than
// one each; alone, a text goes at once.
func (e *Engine) gather(first *ingestReq, last *int) []*ingestReq {
	reqs, n := []*ingestReq{first}, len(first.msgs)
	take := func(r *ingestReq) {
		reqs = append(reqs, r)
		n += len(r.msgs)
	}
	for yields := 0; n < maxBatch && yields < 2; {
		select {
		case r := <-e.ingestq:
			take(r)
		default:
			runtime.Gosched()
			yields++
		}
	}
	if n < *last/2 {
		t := time.NewTimer(linger)
	wait:
		for n < *last/2 && n < maxBatch {
			select {
			case r := <-e.ingestq:
				take(r)
			case <-t.C:
				break wait
			}
		}
		t.Stop()
	}
	*last = n
	return reqs
}

// commitRequests stores reqs in one transaction. When it fails, each request
// is retried alone, so one bad batch cannot hold the others back.
func (e *Engine) commitRequests(reqs []*ingestReq) {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	// Not cancellable on purpose: the driver watches a cancellable context
	// with a goroutine per statement. Lock waits are bounded by busy_timeout.
	ctx := context.Background()
	err := e.ingest(ctx, reqs)
	if err != nil && len(reqs) > 1 {
		for _, r := range reqs {
			r.done <- e.ingest(ctx, []*ingestReq{r})
		}
		return
	}
	for _, r := range reqs {
		r.done <- err
	}
}

// ingest runs one group commit; the caller holds wmu.
func (e *Engine) ingest(ctx context.Context, reqs []*ingestReq) error {
	now := e.now()
	if err := e.advance(ctx, now); err != nil {
		return err
	}
	b := e.newBatch(now)
	err := e.write(ctx, func(tx Tx) error {
		for _, r := range reqs {
			for i := range r.msgs {
				if err := b.add(ctx, tx, &r.msgs[i], &r.preps[i]); err != nil {
					return err
				}
			}
		}
		return b.flush(ctx, tx)
	})
	if err != nil {
		e.log.Error("store texts", "texts", b.count, "err", err)
		return err
	}
	b.apply()
	e.events.messages(b.entries, b.tally)
	e.sendReplies(b.replies)
	return nil
}

// batch is one group commit in progress: what it will change once committed.
type batch struct {
	e       *Engine
	now     time.Time
	poll    *pollRun
	votes   map[string]CountedVote // changes to poll.votes
	pending []VoteRecord           // vote rows, inserted at flush
	at      map[int64]int          // pending index by vote id
	delta   map[int]int
	invalid int
	optOut  map[string]bool
	numbers map[string]string
	entries []InboxEntry
	replies []reply
	last    int64
	count   int
	tally   bool
	keepRaw bool // the story turns replies on: keep raw numbers
}

func (e *Engine) newBatch(now time.Time) *batch {
	return &batch{e: e, now: now, poll: e.poll, votes: map[string]CountedVote{}, delta: map[int]int{},
		optOut: map[string]bool{}, numbers: map[string]string{}, at: map[int64]int{}, keepRaw: e.repliesOn()}
}

// add stores one message and its vote.
func (b *batch) add(ctx context.Context, tx Tx, m *vote.Message, p *prep) error {
	e := b.e
	b.count++
	number := p.number
	rec := MessageRecord{
		Session: e.ses.ID, Source: m.Source, ProviderID: p.providerID, Voter: p.voter, Sender: p.sender,
		Text: m.Text, PDU: m.PDU, Partial: m.Partial, ReceivedAt: m.ReceivedAt, StoredAt: b.now,
	}
	if rec.ReceivedAt.IsZero() {
		rec.ReceivedAt = b.now
	}
	d := b.judge(&rec, p)
	ok, err := tx.AddMessage(ctx, &rec)
	if err != nil {
		return err
	}
	if !ok {
		b.entries = append(b.entries, InboxEntry{Source: rec.Source, Sender: rec.Sender, Text: rec.Text,
			ReceivedAt: rec.ReceivedAt, StoredAt: b.now, Result: ResultDuplicate, Reason: "Already stored (delivered twice)."})
		return nil
	}
	b.last = rec.ID
	if err := b.record(ctx, tx, &rec, d, number); err != nil {
		return err
	}
	b.entries = append(b.entries, entryOf(&rec))
	if text := b.replyText(&rec, d); text != "" {
		b.replies = append(b.replies, reply{source: m.Source, to: m.Sender, voter: rec.Voter, text: text})
	}
	return nil
}

// record writes what judging a stored message decided.
func (b *batch) record(ctx context.Context, tx Tx, rec *MessageRecord, d decision, number string) error {
	if d.vote != nil {
		v := *d.vote
		v.ID, v.Inbox, v.At = rec.ID, rec.ID, b.now
		if r := d.replaced; r != nil {
			// Uncount first: the store allows one counted vote per voter.
			if i, ok := b.at[r.Vote]; ok {
				b.pending[i].Counted, b.pending[i].Reason = false, ReasonChanged
			} else if err := tx.Uncount(ctx, r.Vote, ReasonChanged); err != nil {
				return err
			}
			b.delta[r.Choice]--
		}
		b.at[v.ID] = len(b.pending)
		b.pending = append(b.pending, v)
		if v.Counted {
			b.votes[v.Voter] = CountedVote{Voter: v.Voter, Vote: v.ID, Choice: v.Choice, Sent: rec.ReceivedAt}
			b.delta[v.Choice]++
			b.tally = true
		}
		if d.invalid {
			b.invalid++
			b.tally = true
		}
	}
	if rec.Voter != "" && (d.command == vote.CommandStop || d.command == vote.CommandStart) {
		out := d.command == vote.CommandStop
		if err := tx.SetOptOut(ctx, rec.Voter, out, b.now); err != nil {
			return err
		}
		b.optOut[rec.Voter] = out
	}
	if b.keepRaw && rec.Voter != "" && !b.e.numbers[rec.Voter] && b.numbers[rec.Voter] == "" {
		if err := tx.SaveNumber(ctx, rec.Voter, number, b.now); err != nil {
			return err
		}
		b.numbers[rec.Voter] = number
	}
	return nil
}

// flush writes the batch's votes and tally changes.
func (b *batch) flush(ctx context.Context, tx Tx) error {
	if err := tx.AddVotes(ctx, b.pending); err != nil {
		return err
	}
	if b.poll == nil || (len(b.delta) == 0 && b.invalid == 0) {
		return nil
	}
	return tx.AddTally(ctx, b.poll.rec.ID, b.delta, b.invalid)
}

// apply makes a committed batch part of the engine's state.
func (b *batch) apply() {
	e := b.e
	e.mu.Lock()
	defer e.mu.Unlock()
	if p := b.poll; p != nil && p == e.poll {
		for k, v := range b.votes {
			p.votes[k] = v
		}
		for c, d := range b.delta {
			p.counts[c] += d
		}
		p.rec.Invalid += b.invalid
	}
	for k, v := range b.optOut {
		if v {
			e.optOut[k] = true
		} else {
			delete(e.optOut, k)
		}
	}
	for k := range b.numbers {
		e.numbers[k] = true
	}
	if b.last > e.seq {
		e.seq = b.last
	}
	e.version++
}

// providerID returns m's provider id; a message without one gets a hash of
// its sender, time and text, so a redelivery still dedupes.
func providerID(m *vote.Message) string {
	if m.ProviderID != "" {
		return m.ProviderID
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", m.Sender, strconv.FormatInt(m.ReceivedAt.UnixNano(), 10))
	h.Write([]byte(m.Text))
	return "sha256:" + hex.EncodeToString(h.Sum(nil)[:16])
}

func entryOf(r *MessageRecord) InboxEntry {
	return InboxEntry{ID: r.ID, Source: r.Source, Sender: r.Sender, Text: r.Text, ReceivedAt: r.ReceivedAt,
		StoredAt: r.StoredAt, Poll: r.Poll, Result: r.Result, Choice: r.Choice, Reason: r.Reason}
}
