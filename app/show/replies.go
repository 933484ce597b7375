package show

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"forkcast/app/vote"
)

// ReplyGap is the least time between two replies to the same voter: a phone
// that texts ten times in a minute gets at most a few answers.
const ReplyGap = 20 * time.Second

// reply is a text to send back through the source that received the vote.
type reply struct {
	source, to, voter, text string
}

// replyLimiter remembers when each voter was last answered.
type replyLimiter struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// allow reports whether voter may be answered at now, and records it.
func (l *replyLimiter) allow(voter string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last == nil {
		l.last = map[string]time.Time{}
	}
	if t, ok := l.last[voter]; ok && now.Sub(t) < ReplyGap {
		return false
	}
	l.last[voter] = now
	return true
}

// repliesOn reports whether the story turns any reply on (all are off by default).
func (e *Engine) repliesOn() bool {
	r := e.st.Replies
	if r.Accepted != "" || r.Closed != "" || r.Invalid != "" || r.Rating != "" || r.Help != "" {
		return true
	}
	for _, sc := range e.st.Scenes {
		if sc.Rating != nil && sc.Rating.Reply != "" {
			return true
		}
	}
	return false
}

// replyText returns the story's reply to a stored text, "" for none.
// "{choice}" and "{label}" in a reply are replaced by the vote's choice.
func (b *batch) replyText(rec *MessageRecord, d decision) string {
	e := b.e
	r := e.st.Replies
	var text string
	switch {
	case d.command == vote.CommandHelp:
		text = r.Help
	case d.command != "":
		return ""
	case rec.Result == ResultCounted || rec.Result == ResultChanged:
		text = r.Accepted
		if d.kind == vote.PollRating {
			text = r.Rating
			if sc := e.scene(); sc.Rating != nil && sc.Rating.Reply != "" {
				text = sc.Rating.Reply
			}
		}
	case rec.Result == ResultInvalid:
		text = r.Invalid
	case rec.Result == ResultLate || rec.Result == ResultNoPoll:
		text = r.Closed
	}
	if text == "" {
		return ""
	}
	label := ""
	if b.poll != nil {
		for _, c := range b.poll.rec.Choices {
			if c.Number == rec.Choice {
				label = c.Label
			}
		}
	}
	return strings.NewReplacer("{choice}", strconv.Itoa(rec.Choice), "{label}", label).Replace(text)
}

// sendReplies queues committed replies: never to a voter who texted STOP,
// at most one per voter per ReplyGap, and only through a source that can
// reply. A full queue drops the reply (logged): votes matter more.
func (e *Engine) sendReplies(rs []reply) {
	if len(rs) == 0 {
		return
	}
	e.run.mu.Lock()
	defer e.run.mu.Unlock()
	if e.run.replyq == nil {
		return
	}
	now := e.now() // the engine's clock, as for every other time it keeps
	for _, r := range rs {
		e.mu.RLock()
		out := e.optOut[r.voter]
		e.mu.RUnlock()
		if out || r.voter == "" || r.to == "" {
			continue
		}
		if _, ok := e.run.sources[r.source].(vote.Replier); !ok {
			continue
		}
		if !e.run.limiter.allow(r.voter, now) {
			continue
		}
		select {
		case e.run.replyq <- r:
		default:
			e.log.Warn("reply queue full; reply dropped", "source", r.source)
		}
	}
}

// replyLoop sends queued replies one at a time until ctx ends.
func (e *Engine) replyLoop(ctx context.Context, q <-chan reply) {
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-q:
			e.run.mu.Lock()
			rp, ok := e.run.sources[r.source].(vote.Replier)
			e.run.mu.Unlock()
			if !ok {
				continue
			}
			rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			if err := rp.Reply(rctx, r.to, r.text); err != nil {
				e.log.Warn("reply failed", "source", r.source, "err", err)
			}
			cancel()
		}
	}
}

// pushReplyPolicy gives the story's replies to sources that answer texts
// themselves (the relay answers each webhook at once).
func (e *Engine) pushReplyPolicy() {
	e.mu.RLock()
	r := e.st.Replies
	e.mu.RUnlock()
	policy := vote.Replies{Accepted: r.Accepted, Closed: r.Closed, Invalid: r.Invalid, Rating: r.Rating, Help: r.Help}
	e.run.mu.Lock()
	setters := implementers[vote.ReplyPolicySetter](e.run.sources)
	e.run.mu.Unlock()
	for _, ps := range setters {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := ps.SetReplies(ctx, policy); err != nil {
				e.log.Warn("push reply policy", "err", err)
			}
		}()
	}
}
