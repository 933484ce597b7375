package modem

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"forkcast/app/vote"
	"forkcast/bridge/modem/at"
	"forkcast/bridge/modem/pdu"

	"github.com/warthog618/sms"
	"github.com/warthog618/sms/encoding/tpdu"
)

// Errors Reply returns.
var (
	ErrRepliesOff = errors.New("replies are off")
	ErrOptedOut   = errors.New("the recipient texted STOP")
	ErrQueueFull  = errors.New("too many replies waiting")
	ErrNotReady   = errors.New("the modem is not connected")
)

// outgoing is one queued reply.
type outgoing struct {
	to, text string
}

// SetRepliesEnabled turns replies on or off (they start as Config.Replies).
func (b *Bridge) SetRepliesEnabled(on bool) {
	b.replyMu.Lock()
	defer b.replyMu.Unlock()
	b.replyOn = on
	b.health.allowReplies(on)
}

// Reply queues text for to. It fails with ErrRepliesOff unless replies are
// on, ErrOptedOut when to texted STOP, ErrNotReady when the modem is not
// connected, and ErrQueueFull when replies pile up faster than the rate limit
// lets them out. Sending happens between reads, one reply per ReplyInterval.
func (b *Bridge) Reply(ctx context.Context, to, text string) error {
	b.replyMu.Lock()
	on := b.replyOn
	b.replyMu.Unlock()
	if !on {
		return ErrRepliesOff
	}
	if strings.TrimSpace(text) == "" {
		return errors.New("reply: empty text")
	}
	if !isPhoneNumber(to) {
		return fmt.Errorf("reply: %q is not a phone number (an alphanumeric sender cannot be answered)", to)
	}
	if b.optout.has(ctx, to) {
		return ErrOptedOut
	}
	if st := b.Health().State; st != vote.HealthOK && st != vote.HealthDegraded {
		return ErrNotReady
	}
	select {
	case b.replies <- outgoing{to: to, text: text}:
		return nil
	default:
		return ErrQueueFull
	}
}

// sendReply sends one reply as one or more concatenated SMS-SUBMIT PDUs.
// A reply that fails is dropped after logging: replies are best effort.
func (s *session) sendReply(ctx context.Context, r outgoing) error {
	if s.b.optout.has(ctx, r.to) {
		return nil
	}
	// Default alphabet, else UCS-2: warthog618/sms v0.3.0 writes national
	// language headers under the wrong identifiers, so those tables are not used.
	pdus, err := s.b.encoder.Encode([]byte(r.text), sms.WithTemplateOption(tpdu.WithDA(pdu.Address(r.to))))
	if err != nil {
		s.b.log.Warn("modem: cannot encode reply", "err", err)
		return nil
	}
	for i, p := range pdus {
		bin, err := p.MarshalBinary()
		if err != nil {
			s.b.log.Warn("modem: cannot encode reply", "err", err)
			return nil
		}
		// "00": no SMSC address, the modem uses the SIM's.
		_, err = s.exec(ctx, at.Request{Cmd: fmt.Sprintf("AT+CMGS=%d", len(bin)), Prefix: "+CMGS:",
			Body: "00" + strings.ToUpper(hex.EncodeToString(bin)), Timeout: 60 * time.Second})
		if err != nil {
			s.b.log.Warn("modem: reply not sent", "part", i+1, "of", len(pdus), "err", err)
			return answered(err)
		}
	}
	return nil
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

// stopWords and startWords follow the carriers' usual opt-out keywords.
var (
	stopWords  = map[string]bool{"STOP": true, "STOPALL": true, "UNSUBSCRIBE": true, "CANCEL": true, "END": true, "QUIT": true}
	startWords = map[string]bool{"START": true, "UNSTOP": true}
)

// keyword folds a text to its letters, upper case.
func keyword(text string) string {
	return strings.ToUpper(strings.TrimFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }))
}

// watchOptOut records STOP and START texts so replies honour them.
func (b *Bridge) watchOptOut(ctx context.Context, m vote.Message) {
	switch k := keyword(m.Text); {
	case stopWords[k]:
		b.optout.set(ctx, m.Sender, true, b.now())
		b.log.Info("modem: a sender opted out of replies")
	case startWords[k]:
		b.optout.set(ctx, m.Sender, false, b.now())
	}
}

// OptOuts is implemented by a PartsStore that also remembers opt-outs across
// restarts (SQLiteStore does).
type OptOuts interface {
	// SetOptOut records number as opted out (out) or back in; it fails when the store does.
	SetOptOut(ctx context.Context, number string, out bool, at time.Time) error
	// OptedOut reports whether number opted out; it fails when the store does.
	OptedOut(ctx context.Context, number string) (bool, error)
}

// optOuts keeps opt-outs in memory and, when it can, in the parts store.
type optOuts struct {
	mu    sync.Mutex
	mem   map[string]bool
	store OptOuts
}

func newOptOuts(p PartsStore) *optOuts {
	o := &optOuts{mem: map[string]bool{}}
	if s, ok := p.(OptOuts); ok {
		o.store = s
	}
	return o
}

func (o *optOuts) set(ctx context.Context, number string, out bool, at time.Time) {
	o.mu.Lock()
	o.mem[normalizeNumber(number)] = out
	o.mu.Unlock()
	if o.store != nil {
		_ = o.store.SetOptOut(ctx, number, out, at)
	}
}

// has reports an opt-out; when the store cannot answer it says yes, since a
// reply wrongly withheld costs less than one sent after STOP.
func (o *optOuts) has(ctx context.Context, number string) bool {
	o.mu.Lock()
	v, known := o.mem[normalizeNumber(number)]
	o.mu.Unlock()
	if known || o.store == nil {
		return v
	}
	out, err := o.store.OptedOut(ctx, number)
	return out || err != nil
}
