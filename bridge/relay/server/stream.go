package server

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"forkcast/bridge/relay"
)

// streamBatch bounds how many texts one read of the store sends.
const streamBatch = 256

// messageID is the id the laptop's engine dedupes on: Twilio's MessageSid
// as is, other providers' ids prefixed with their name.
func messageID(t text) string {
	if t.Provider == "twilio" {
		return t.ProviderID
	}
	return t.Provider + ":" + t.ProviderID
}

// streamAfter reads the resume point: ?after= or Last-Event-ID. A cursor
// from another store (epoch differs) is ignored: ids restart with a new file.
func (s *Server) streamAfter(r *http.Request) int64 {
	q := r.URL.Query()
	if e := q.Get("epoch"); e != "" && e != s.store.epoch {
		return 0
	}
	v := q.Get("after")
	if v == "" {
		v = r.Header.Get("Last-Event-ID")
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// handleStream sends every unacknowledged text after the resume point, then
// each new one as it is committed, and a ping every heartbeat. Each write has
// a deadline, so a peer that stopped reading ends the handler.
func (s *Server) handleStream(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := http.NewResponseController(w)
	after := s.streamAfter(r)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 32<<10)
	pending, _ := s.store.Pending(ctx)
	s.streams.Add(1)
	defer s.streams.Add(-1)
	s.log.Info("laptop connected", "client", clientIP(r, s.cfg.TrustProxy), "after", after, "pending", pending)
	defer func() { s.log.Info("laptop disconnected", "client", clientIP(r, s.cfg.TrustProxy), "last", after) }()

	flush := func() bool { // flush with a deadline
		rc.SetWriteDeadline(time.Now().Add(s.cfg.Heartbeat + 10*time.Second))
		return bw.Flush() == nil && rc.Flush() == nil
	}
	bw.WriteString("retry: 1000\n")
	relay.WriteEvent(bw, "", relay.EventHello, relay.Hello{Epoch: s.store.epoch, Heartbeat: s.cfg.Heartbeat.Milliseconds(),
		After: after, Pending: pending})
	if !flush() {
		return
	}
	beat := time.NewTicker(s.cfg.Heartbeat)
	defer beat.Stop()
	for {
		changed := s.store.Changed()
		texts, err := s.store.After(ctx, after, streamBatch)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error("stream: read texts", "err", err)
			}
			return
		}
		for _, t := range texts {
			relay.WriteEvent(bw, strconv.FormatInt(t.ID, 10), relay.EventText, relay.Text{ID: t.ID, Provider: t.Provider,
				MessageID: messageID(t), From: t.From, To: t.To, Text: t.Body, ReceivedAt: t.ReceivedAt})
			after = t.ID
		}
		if len(texts) > 0 && !flush() {
			return
		}
		if len(texts) == streamBatch {
			select {
			case <-s.closing:
				return
			default:
				continue // more are waiting
			}
		}
		select {
		case <-changed:
		case <-beat.C:
			n, _ := s.store.Pending(ctx)
			relay.WriteEvent(bw, "", relay.EventPing, relay.Ping{Time: s.cfg.Now().UTC(), Pending: n})
			if !flush() {
				return
			}
		case <-ctx.Done():
			return
		case <-s.closing:
			return
		}
	}
}

func (s *Server) handleAck(w http.ResponseWriter, r *http.Request) {
	var req relay.Ack
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&req); err != nil || req.Through < 0 {
		httpError(w, http.StatusBadRequest, `want {"through": ID}`)
		return
	}
	n, err := s.store.Ack(r.Context(), req.Through)
	if err != nil {
		s.log.Error("ack", "through", req.Through, "err", err)
		httpError(w, http.StatusInternalServerError, "could not record the ack")
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"through": req.Through, "acked": n})
}

func (s *Server) handlePutReplies(w http.ResponseWriter, r *http.Request) {
	var p relay.Policy
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&p); err != nil {
		httpError(w, http.StatusBadRequest, "want a reply policy as JSON")
		return
	}
	if name, ok := p.Valid(); !ok {
		httpError(w, http.StatusBadRequest, "reply "+name+" is longer than 1600 characters")
		return
	}
	raw, _ := json.Marshal(p)
	if err := s.store.setMeta(r.Context(), "policy", string(raw)); err != nil {
		s.log.Error("save reply policy", "err", err)
		httpError(w, http.StatusInternalServerError, "could not save the policy")
		return
	}
	s.policy.Store(&p)
	s.log.Info("reply policy set", "poll_known", p.Poll != nil, "poll_open", p.Poll != nil && p.Poll.Open)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleGetReplies(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.policy.Load())
}

// handleStatus reports the queue for the laptop and for operators, and,
// under Serve, the connections: open, trusted (signed webhooks, the
// laptop), waiting for room, and since start how many the guard evicted,
// refused, admitted after a wait, or closed after waiting in vain.
func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	pending, err := s.store.Pending(r.Context())
	if err != nil {
		httpError(w, http.StatusInternalServerError, "could not read the store")
		return
	}
	acked, _ := s.store.meta(r.Context(), "acked")
	ackedN, _ := strconv.ParseInt(acked, 10, 64)
	st := map[string]any{"epoch": s.store.epoch, "pending": pending,
		"ackedThrough": ackedN, "streams": s.streams.Load()}
	if g := s.conns.Load(); g != nil {
		cs := g.stats()
		st["connections"] = map[string]int64{"open": int64(cs.Open), "trusted": int64(cs.Trusted),
			"waiting": int64(cs.Waiting), "evicted": cs.Evicted, "refused": cs.Refused,
			"waited": cs.Waited, "waitExpired": cs.WaitExpired}
	}
	writeJSON(w, http.StatusOK, st)
}
