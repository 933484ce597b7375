package server

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// telnyxTolerance is how far a Telnyx signature's timestamp may be from now
// (replay protection).
const telnyxTolerance = 5 * time.Minute

// parseTelnyxKey decodes the account's public key as Telnyx shows it (base64).
func parseTelnyxKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("the Telnyx public key must be the base64 key from Mission Control (32 bytes)")
	}
	return ed25519.PublicKey(b), nil
}

// ValidTelnyx reports whether sig (base64, header telnyx-signature-ed25519)
// is the Ed25519 signature of timestamp + "|" + body under key, and the
// timestamp (Unix seconds, header telnyx-timestamp) is within 5 minutes of
// now. It returns false for anything malformed.
func ValidTelnyx(key ed25519.PublicKey, timestamp string, body []byte, sig string, now time.Time) bool {
	if len(key) != ed25519.PublicKeySize {
		return false
	}
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	if d := now.Sub(time.Unix(ts, 0)); d > telnyxTolerance || d < -telnyxTolerance {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || len(raw) != ed25519.SignatureSize {
		return false
	}
	msg := make([]byte, 0, len(timestamp)+1+len(body))
	msg = append(append(append(msg, timestamp...), '|'), body...)
	return ed25519.Verify(key, msg, raw)
}

// telnyxEvent is the part of Telnyx's message webhook the relay reads.
type telnyxEvent struct {
	Data struct {
		EventType string `json:"event_type"`
		Payload   struct {
			ID        string `json:"id"`
			Direction string `json:"direction"`
			Text      string `json:"text"`
			From      struct {
				PhoneNumber string `json:"phone_number"`
			} `json:"from"`
			To []struct {
				PhoneNumber string `json:"phone_number"`
			} `json:"to"`
		} `json:"payload"`
	} `json:"data"`
}

// handleTelnyx is Telnyx's inbound message webhook: the same checks as
// Twilio's (415, 413, 403, 429), then the text is stored (503 when it
// cannot be). Telnyx cannot take a reply in the answer, so none is sent;
// opt-outs are still recorded.
func (s *Server) handleTelnyx(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now()
	ip := clientIP(r, s.cfg.TrustProxy)
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(10 * time.Second))
	rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	body, ok := s.webhookBody(w, r, ip, "application/json")
	if !ok {
		return
	}
	if !ValidTelnyx(s.telnyxKey, r.Header.Get("Telnyx-Timestamp"), body, r.Header.Get("Telnyx-Signature-Ed25519"), now) {
		s.refuse(w, ip, http.StatusForbidden, "bad, missing or stale Telnyx signature")
		return
	}
	if !s.signedWebhook(w, r, now) {
		return
	}
	var ev telnyxEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		httpError(w, http.StatusBadRequest, "malformed event")
		return
	}
	p := ev.Data.Payload
	if ev.Data.EventType != "message.received" {
		writeJSON(w, http.StatusOK, map[string]string{"ignored": ev.Data.EventType})
		return
	}
	if p.ID == "" {
		httpError(w, http.StatusBadRequest, "no message id")
		return
	}
	t := text{Provider: "telnyx", ProviderID: p.ID, From: p.From.PhoneNumber, Body: p.Text, ReceivedAt: now.UTC()}
	if len(p.To) > 0 {
		t.To = p.To[0].PhoneNumber
	}
	if _, err := s.accept(r.Context(), t, ""); err != nil {
		s.storeFailed(w, "telnyx", p.ID, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"stored": fmt.Sprint("telnyx:", p.ID)})
}
