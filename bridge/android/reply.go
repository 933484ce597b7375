package android

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"forkcast/app/vote"
)

// Errors Reply returns.
var (
	ErrRepliesOff = errors.New("replies are off")
	ErrOptedOut   = errors.New("the recipient texted STOP")
	ErrQueueFull  = errors.New("too many replies waiting")
	ErrNotReady   = errors.New("the phone is not answering")
)

// outgoing is one queued reply.
type outgoing struct {
	to, text string
}

// SetRepliesEnabled turns replies on or off (they start as Config.Replies).
func (s *Source) SetRepliesEnabled(on bool) { s.replyOn.Store(on) }

// Reply queues text for to, sent through the app's send API (POST /message)
// from the phone's own SIM, one reply per ReplyInterval. It fails with
// ErrRepliesOff unless replies are on, ErrOptedOut when to texted STOP,
// ErrNotReady when the phone is not answering, and ErrQueueFull when replies
// pile up faster than they go out. A reply that the phone refuses is logged
// and dropped: replies are best effort.
func (s *Source) Reply(ctx context.Context, to, text string) error {
	if !s.replyOn.Load() {
		return ErrRepliesOff
	}
	if strings.TrimSpace(text) == "" {
		return errors.New("reply: empty text")
	}
	to = normalizeSender(to)
	if !isPhoneNumber(to) {
		return fmt.Errorf("reply: %q is not a phone number (an alphanumeric sender cannot be answered)", maskTail(to))
	}
	if s.optout.has(to) {
		return ErrOptedOut
	}
	if st := s.Health().State; st != vote.HealthOK && st != vote.HealthDegraded {
		return ErrNotReady
	}
	select {
	case s.replies <- outgoing{to: to, text: text}:
		return nil
	default:
		return ErrQueueFull
	}
}

// replyLoop sends queued replies until ctx ends.
func (s *Source) replyLoop(ctx context.Context) {
	var last time.Time
	for {
		var r outgoing
		select {
		case <-ctx.Done():
			return
		case r = <-s.replies:
		}
		if wait := s.cfg.ReplyInterval - s.cfg.Now().Sub(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		last = s.cfg.Now()
		// STOP may have arrived while the reply waited.
		if s.optout.has(r.to) {
			continue
		}
		if err := s.sendReply(ctx, r); err != nil && ctx.Err() == nil {
			s.log.Warn("android: reply not sent", "to", maskTail(r.to), "err", err)
		}
	}
}

// sendReply posts one reply, falling back once to the older body form when
// the app does not know textMessage.
func (s *Source) sendReply(ctx context.Context, r outgoing) error {
	req := sendRequest{PhoneNumbers: []string{r.to}, SIMNumber: s.cfg.SIM}
	if s.legacy.Load() {
		req.Message = r.text
		return s.api.send(ctx, req)
	}
	req.TextMessage = &textMessage{Text: r.text}
	err := s.api.send(ctx, req)
	var ae *APIError
	if errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusInternalServerError) &&
		!strings.Contains(strings.ToLower(ae.Message), "phone") {
		s.legacy.Store(true)
		req.TextMessage, req.Message = nil, r.text
		return s.api.send(ctx, req)
	}
	return err
}

// isPhoneNumber accepts digits with an optional leading +.
func isPhoneNumber(s string) bool {
	s = strings.TrimPrefix(s, "+")
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// maskTail keeps the last two characters of a number for logs.
func maskTail(s string) string {
	if len(s) <= 2 {
		return "••"
	}
	return "•••" + s[len(s)-2:]
}

// stopWords and startWords follow the carriers' usual opt-out keywords (the
// same as the modem's).
var (
	stopWords  = map[string]bool{"STOP": true, "STOPALL": true, "UNSUBSCRIBE": true, "CANCEL": true, "END": true, "QUIT": true}
	startWords = map[string]bool{"START": true, "UNSTOP": true}
)

// keyword folds a text to its letters, upper case.
func keyword(text string) string {
	return strings.ToUpper(strings.TrimFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }))
}

// optOuts remembers who texted STOP, as keyed hashes, in memory and in State.
type optOuts struct {
	mu     sync.Mutex
	keys   map[string]bool
	state  State
	secret []byte
}

func (o *optOuts) key(number string) string {
	m := hmac.New(sha256.New, o.secret)
	m.Write([]byte("optout\x00" + normalizeSender(number)))
	return hex.EncodeToString(m.Sum(nil))
}

// watch records a committed STOP or START text.
func (o *optOuts) watch(ctx context.Context, m vote.Message, now time.Time, log *slog.Logger) {
	k := keyword(m.Text)
	out := stopWords[k]
	if !out && !startWords[k] {
		return
	}
	key := o.key(m.Sender)
	o.mu.Lock()
	if out {
		o.keys[key] = true
	} else {
		delete(o.keys, key)
	}
	o.mu.Unlock()
	if out {
		log.Info("android: a sender opted out of replies")
	}
	if err := o.state.SetOptOut(ctx, key, out, now); err != nil {
		log.Warn("android: opt-out not saved; it holds until the show stops", "err", err)
	}
}

func (o *optOuts) has(number string) bool {
	key := o.key(number)
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.keys[key]
}
