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

// webhookBody runs the checks every provider's webhook starts with, before
// its signature: the content type (415) and the size (413). It answers the
// request, counted as a refusal, and returns false when one fails.
func (s *Server) webhookBody(w http.ResponseWriter, r *http.Request, ip string, mediaType string) ([]byte, bool) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != mediaType {
		s.refuse(w, ip, http.StatusUnsupportedMediaType, "want "+mediaType)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.refuse(w, ip, http.StatusRequestEntityTooLarge, "body too large")
		} else {
			s.refuse(w, ip, http.StatusBadRequest, "read body")
		}
		return nil, false
	}
	return body, true
}

// signedWebhook runs the checks after a valid signature: the connection is
// trusted from now on (see connGuard), and the rate of signed webhooks over
// all senders is spent (429 above it). Unsigned requests never reach it, so
// they cannot spend what signed ones need.
func (s *Server) signedWebhook(w http.ResponseWriter, r *http.Request, now time.Time) bool {
	s.trustConn(r)
	if !s.webhooks.allow(now) {
		w.Header().Set("Retry-After", "1")
		httpError(w, http.StatusTooManyRequests, "rate limited")
		return false
	}
	return true
}

// storeFailed answers a webhook whose text could not be stored: 503, so the
// provider retries or turns to its fallback URL.
func (s *Server) storeFailed(w http.ResponseWriter, provider, id string, err error) {
	s.log.Error("webhook: store text", "provider", provider, "id", id, "err", err)
	w.Header().Set("Retry-After", "1")
	httpError(w, http.StatusServiceUnavailable, "could not store the text")
}

// handleTwilio is Twilio's inbound SMS webhook. Order of the checks: content
// type (415), size (413), signature (403, or 429 once the sender's address
// group has too many refusals), the rate of signed webhooks (429), then the
// text is stored (503 when it cannot be) and answered with TwiML.
func (s *Server) handleTwilio(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now()
	ip := clientIP(r, s.cfg.TrustProxy)
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(10 * time.Second))
	rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	body, ok := s.webhookBody(w, r, ip, "application/x-www-form-urlencoded")
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
	if !s.signedWebhook(w, r, now) {
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
		s.storeFailed(w, "twilio", sid, err)
		return
	}
	writeTwiML(w, reply)
}

// refuse answers a request that failed before or at authentication, counts
// it against the client's address group, and closes the connection after
// the answer. Past the group's allowance the answer is 429. Nothing was
// stored.
func (s *Server) refuse(w http.ResponseWriter, ip string, code int, msg string) {
	w.Header().Set("Connection", "close")
	if !s.failures.allow(addrGroup(ip), s.cfg.Now()) {
		w.Header().Set("Retry-After", "2")
		httpError(w, http.StatusTooManyRequests, "too many refused requests")
		return
	}
	s.log.Warn("webhook refused", "client", ip, "status", code, "reason", msg)
	httpError(w, code, msg)
}

// accept stores t durably and returns the reply to send, "" for none. The
// reply is decided after the commit: a text the relay failed to store gets
// no answer but an error, so the provider may retry it.
func (s *Server) accept(ctx context.Context, t text, optOutType string) (string, error) {
	putCtx, cancel := context.WithTimeout(ctx, s.cfg.StoreTimeout)
	id, dup, err := s.store.Put(putCtx, t)
	cancel()
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
