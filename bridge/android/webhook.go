package android

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxWebhookBody bounds a webhook body: one SMS event is a few hundred bytes.
const maxWebhookBody = 64 << 10

// Why a webhook is refused with 403 (logged; the answer says only "forbidden").
var (
	errNoKey        = errors.New("webhooks are off: no signing key is set (key=)")
	errUnsigned     = errors.New("the webhook is not signed (no X-Signature or X-Timestamp)")
	errBadSignature = errors.New("the webhook's signature does not match the signing key")
	errStale        = errors.New("the webhook's time stamp is too far from the phone's clock")
)

// WebhookHandler returns the handler for the app's webhooks, to be mounted
// at the path of Config.Webhook (DefaultWebhookPath). It checks the
// signature first (HMAC-SHA256 of the raw body and X-Timestamp under the
// signing key, hex in X-Signature) and the time stamp against the phone's
// clock (Config.MaxSkew); a webhook without a key configured, unsigned,
// forged or stale gets 403 and is stored nowhere. While the Source is not
// running or has not yet read the phone once, every webhook gets 503 (the app
// retries the same event later). An sms:received event is answered 200 only
// after the engine committed its text, 400 when it cannot be read. Other
// events get 200 and are ignored.
func (s *Source) WebhookHandler() http.Handler {
	return http.HandlerFunc(s.serveWebhook)
}

func (s *Source) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxWebhookBody+1))
	if err != nil {
		http.Error(w, "cannot read the body", http.StatusBadRequest)
		return
	}
	if len(body) > maxWebhookBody {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	if !s.running.Load() || !s.ready.Load() {
		// Before the first read the phone's clock skew is unknown: let the
		// app retry the same event a little later.
		w.Header().Set("Retry-After", "5")
		http.Error(w, "not receiving yet", http.StatusServiceUnavailable)
		return
	}
	now := s.cfg.Now()
	if err := s.authenticate(body, r.Header, now); err != nil {
		s.h.update(func(f *facts) { f.Stale++ })
		s.log.Warn("android: webhook refused", "from", r.RemoteAddr, "why", err)
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	ev, d, err := parseWebhook(body, now)
	if err != nil {
		s.log.Warn("android: a signed webhook could not be read; the inbox read will find its text", "err", err)
		http.Error(w, "cannot read the event", http.StatusBadRequest)
		return
	}
	if d == nil || (s.cfg.SIM != 0 && d.SIM != 0 && d.SIM != s.cfg.SIM) {
		writeOK(w)
		return
	}
	if err := s.submit(r.Context(), []delivery{*d}); err != nil {
		s.log.Warn("android: webhook text not stored; the phone will retry", "event", ev.ID, "err", err)
		http.Error(w, "not stored; retry", http.StatusServiceUnavailable)
		return
	}
	s.h.update(func(f *facts) { f.NoHook = 0 })
	writeOK(w)
}

func writeOK(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"ok":true}`)
}

// authenticate checks the key, the signature and the time stamp.
func (s *Source) authenticate(body []byte, h http.Header, now time.Time) error {
	if s.cfg.Key == "" {
		return errNoKey
	}
	ts, sig := h.Get("X-Timestamp"), h.Get("X-Signature")
	if err := verifySignature(s.cfg.Key, body, ts, sig); err != nil {
		return err
	}
	sec, _ := strconv.ParseInt(ts, 10, 64) // verifySignature checked the digits
	// The app stamps each attempt with the phone's clock: compare it with the
	// phone's clock as the laptop measures it, so a phone 10 minutes off is
	// not refused, while an old webhook played again is.
	skew, _ := s.api.skew.get()
	if d := time.Unix(sec, 0).Sub(now.Add(skew)); d > s.cfg.MaxSkew || d < -s.cfg.MaxSkew {
		return fmt.Errorf("%w (%s off)", errStale, d.Round(time.Second))
	}
	return nil
}

// verifySignature checks sig, the hex HMAC-SHA256 under key of body followed
// by the decimal timestamp ts, in constant time. It fails when either header
// is missing or malformed or the signature does not match.
func verifySignature(key string, body []byte, ts, sig string) error {
	if ts == "" || sig == "" {
		return errUnsigned
	}
	if len(ts) > 12 || strings.Trim(ts, "0123456789") != "" {
		return fmt.Errorf("%w: X-Timestamp %.20q is not Unix seconds", errBadSignature, ts)
	}
	got, err := hex.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: X-Signature is not hex SHA-256", errBadSignature)
	}
	m := hmac.New(sha256.New, []byte(key))
	m.Write(body)
	m.Write([]byte(ts))
	if !hmac.Equal(got, m.Sum(nil)) {
		return errBadSignature
	}
	return nil
}

// parseWebhook reads an event; for sms:received it returns the text's
// delivery, for other events nil. It fails on a body that is not the app's
// JSON or an sms:received without its text, sender or time stamp.
func parseWebhook(body []byte, arrived time.Time) (webhookEvent, *delivery, error) {
	var ev webhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return ev, nil, fmt.Errorf("webhook body: %w", err)
	}
	if ev.Event != EventSMSReceived {
		return ev, nil, nil
	}
	var p smsReceived
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		return ev, nil, fmt.Errorf("sms:received payload: %w", err)
	}
	sender := p.Sender
	if sender == "" {
		sender = p.PhoneNumber
	}
	switch {
	case p.Message == nil:
		return ev, nil, errors.New("sms:received payload: no message")
	case sender == "":
		return ev, nil, errors.New("sms:received payload: no sender")
	case p.ReceivedAt.IsZero():
		return ev, nil, errors.New("sms:received payload: no receivedAt")
	}
	sim := 0
	if p.SIMNumber != nil {
		sim = *p.SIMNumber
	}
	return ev, &delivery{Sender: sender, Text: *p.Message, SIM: sim, Stamp: p.ReceivedAt.Time, Arrived: arrived, Via: "webhook"}, nil
}

// webhookID is the id this Source registers its webhook under: re-registering
// replaces it (the app upserts by id) instead of adding another.
func (s *Source) webhookID() string { return "forkcast-" + s.cfg.Name }

// registerWebhook asks the phone to post sms:received to Config.Webhook and
// reports whether it agreed.
func (s *Source) registerWebhook(ctx context.Context) bool {
	err := s.api.registerWebhook(ctx, webhookReg{ID: s.webhookID(), URL: s.cfg.Webhook, Event: EventSMSReceived})
	var ae *APIError
	switch {
	case err == nil:
		state := "on"
		if st, err := s.api.settings(ctx); err == nil && st.Webhooks != nil && st.Webhooks.InternetRequired != nil && *st.Webhooks.InternetRequired {
			state = "registered, but the app waits for internet before sending: turn off Settings > Webhooks > Require Internet connection"
		}
		s.h.update(func(f *facts) { f.Webhook = state })
		return true
	case errors.As(err, &ae) && ae.Status == http.StatusBadRequest:
		msg := "the app refused " + s.cfg.Webhook + ": " + orDefault(ae.Message, "bad request")
		s.log.Warn("android: webhook not registered", "why", msg)
		s.h.update(func(f *facts) { f.Webhook = msg })
	default:
		s.h.update(func(f *facts) { f.Webhook = "not registered yet (" + shortErr(err) + ")" })
	}
	return false
}
