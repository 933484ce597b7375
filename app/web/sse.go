package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"forkcast/app/show"
)

// sseBuffer is each stream's hub queue size (the hub coalesces snapshots).
const sseBuffer = 64

// sseWriteTimeout drops a client that stops reading.
const sseWriteTimeout = 10 * time.Second

// events streams server-sent events: a retry hint, the full state, then every
// hub event as "event: NAME" + "data: JSON", and a comment line every
// Heartbeat. It unsubscribes when the client goes away or the server shuts down.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	var evs <-chan show.Event
	hubClosed := false
	if s.cfg.Hub != nil {
		// Subscribe before reading the state, so no change falls in between.
		ch, cancel := s.cfg.Hub.Subscribe(sseBuffer)
		defer func() {
			// A closed channel means the hub closed and dropped us already.
			if !hubClosed {
				cancel()
			}
		}()
		evs = ch
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(write func(io.Writer) error) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout))
		if err := write(w); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send(func(w io.Writer) error { _, err := io.WriteString(w, "retry: 1500\n\n"); return err }) {
		return
	}
	if !send(func(w io.Writer) error { return writeEvent(w, show.EventState, s.cfg.Controller.State()) }) {
		return
	}
	beat := time.NewTicker(s.cfg.Heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-beat.C:
			if !send(func(w io.Writer) error { _, err := io.WriteString(w, ": ping\n\n"); return err }) {
				return
			}
		case ev, ok := <-evs:
			if !ok {
				hubClosed = true
				return
			}
			err := error(nil)
			if !send(func(w io.Writer) error { err = writeEvent(w, ev.Name, ev.Payload); return err }) {
				if err != nil && !isWriteErr(err) {
					s.log.Error("sse: encode event", "event", ev.Name, "err", err)
					continue
				}
				return
			}
		}
	}
}

// encodeErr marks a payload that could not be encoded (the stream goes on).
type encodeErr struct{ error }

func isWriteErr(err error) bool {
	_, enc := err.(encodeErr)
	return !enc
}

// writeEvent writes one SSE event. encoding/json never emits a raw newline,
// so the payload fits one data line.
func writeEvent(w io.Writer, name string, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return encodeErr{fmt.Errorf("encode %s: %w", name, err)}
	}
	_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, b)
	return err
}
