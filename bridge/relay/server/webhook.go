package server

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// webhookBody runs the checks every provider's webhook starts with: the rate
// (429), the content type (415) and the size (413). It answers the request and
// returns false when one fails.
func (s *Server) webhookBody(w http.ResponseWriter, r *http.Request, ip string, now time.Time, mediaType string) ([]byte, bool) {
	if s.failures.blocked(ip, now) || !s.webhooks.allow(now) {
		w.Header().Set("Retry-After", "1")
		httpError(w, http.StatusTooManyRequests, "rate limited")
		return nil, false
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != mediaType {
		httpError(w, http.StatusUnsupportedMediaType, "want "+mediaType)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpError(w, http.StatusRequestEntityTooLarge, "body too large")
		} else {
			httpError(w, http.StatusBadRequest, "read body")
		}
		return nil, false
	}
	return body, true
}

// handleTwilio is Twilio's inbound SMS webhook. Order of the checks: rate
// (429), content type (415), size (413), signature (403), then the text is
// stored and answered with TwiML.
func (s *Server) handleTwilio(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now()
	ip := clientIP(r, s.cfg.TrustProxy)
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(now.Add(30 * time.Second))
	rc.SetWriteDeadline(now.Add(30 * time.Second))
	body, ok := s.webhookBody(w, r, ip, now, "application/x-www-form-urlencoded")
	if !ok {
		return
	}
	params, err := url.ParseQuery(string(body))
	if err != nil {
		s.refuse(w, ip, http.StatusBadRequest, "malformed form body")
		return
	}
	fullURL := s.publicURL + r.URL.RequestURI()
	if !ValidTwilio(s.cfg.TwilioAuthToken, fullURL, params, r.Header.Get("X-Twilio-Signature")) {
		s.refuse(w, ip, http.StatusForbidden, "bad or missing X-Twilio-Signature")
		return
	}
	sid := params.Get("MessageSid")
	if sid == "" {
		sid = params.Get("SmsSid")
	}
	if sid == "" {
		httpError(w, http.StatusBadRequest, "no MessageSid")
		return
	}
	t := text{Provider: "twilio", ProviderID: sid, From: params.Get("From"), To: params.Get("To"),
		Body: params.Get("Body"), ReceivedAt: now.UTC()}
	reply, err := s.accept(r.Context(), t, params.Get("OptOutType"))
	if err != nil {
		s.log.Error("webhook: store text", "sid", sid, "err", err)
		httpError(w, http.StatusInternalServerError, "could not store the text")
		return
	}
	writeTwiML(w, reply)
}

// refuse answers a request that failed authentication and counts it
// against the client address. Nothing was stored.
func (s *Server) refuse(w http.ResponseWriter, ip string, code int, msg string) {
	s.failures.allow(ip, s.cfg.Now())
	s.log.Warn("webhook refused", "client", ip, "status", code, "reason", msg)
	httpError(w, code, msg)
}

// accept stores t durably and returns the reply to send, "" for none. The
// reply is decided after the commit: a text the relay failed to store gets
// no answer but an error, so the provider may retry it.
func (s *Server) accept(ctx context.Context, t text, optOutType string) (string, error) {
	id, dup, err := s.store.Put(ctx, t)
	if err != nil {
		return "", err
	}
	if s.log.Enabled(ctx, slog.LevelDebug) {
		s.log.Debug("text stored", "id", id, "sid", t.ProviderID, "from", maskNumber(t.From), "dup", dup)
	}
	kw := classifyKeyword(t.Body, optOutType)
	if kw == kwStop || kw == kwStart {
		hash := numberHash(s.numberKey, t.From)
		if err := s.store.SetOptOut(ctx, hash, kw == kwStop, t.ReceivedAt); err != nil {
			s.log.Error("record opt-out", "from", maskNumber(t.From), "err", err)
		}
		return "", nil
	}
	reply := chooseReply(*s.policy.Load(), t.Body, kw)
	if reply == "" || t.From == "" {
		return "", nil
	}
	hash := numberHash(s.numberKey, t.From)
	if out, err := s.store.OptedOut(ctx, hash); err != nil || out {
		return "", nil
	}
	if !s.replyRate.allow(hash, s.cfg.Now()) {
		s.log.Debug("reply rate-limited", "from", maskNumber(t.From))
		return "", nil
	}
	return reply, nil
}

// writeTwiML answers with <Response/> or one <Message>.
func writeTwiML(w http.ResponseWriter, reply string) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	var b strings.Builder
	b.WriteString(xml.Header)
	if reply == "" {
		b.WriteString("<Response/>\n")
	} else {
		b.WriteString("<Response><Message>")
		xml.EscapeText(&b, []byte(reply))
		b.WriteString("</Message></Response>\n")
	}
	io.WriteString(w, b.String())
}
