package web

import (
	"context"
	"net/http"
	"time"

	"forkcast/app/rehearse"
	"forkcast/app/show"
)

// ReportTimeout bounds the work of one GET /api/rehearse/report; the work
// also stops when the client leaves and when the server shuts down.
const ReportTimeout = 30 * time.Second

// errNoRehearsal answers the rehearsal routes in a live show.
var errNoRehearsal = show.Errorf(show.ECONFLICT, "This is a live show: the rehearsal tools are off.")

// Audience is the body of GET and POST /api/rehearse/audience.
type Audience struct {
	Bias string `json:"bias"` // "60/40", "2:80", "breach:70"; "" = even
}

// rehearsal returns the rehearsal tools, or answers 409 and nil in a live show.
func (s *Server) rehearsal(w http.ResponseWriter, r *http.Request) rehearse.Tools {
	if s.cfg.Rehearsal == nil {
		s.writeError(w, r, errNoRehearsal)
		return nil
	}
	return s.cfg.Rehearsal
}

// answer writes v, or the error.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) timingReport(w http.ResponseWriter, r *http.Request) {
	if t := s.rehearsal(w, r); t != nil {
		ctx, cancel := context.WithTimeout(r.Context(), ReportTimeout)
		defer cancel()
		go func() {
			select {
			case <-s.closing: // Shutdown, as on SIGTERM: do not make it wait
				cancel()
			case <-ctx.Done():
			}
		}()
		rep, err := t.TimingReport(ctx)
		s.answer(w, r, rep, err)
	}
}

func (s *Server) walk(w http.ResponseWriter, r *http.Request) {
	if t := s.rehearsal(w, r); t != nil {
		cov, err := t.Walk(r.Context())
		s.answer(w, r, cov, err)
	}
}

func (s *Server) getAudience(w http.ResponseWriter, r *http.Request) {
	if t := s.rehearsal(w, r); t != nil {
		writeJSON(w, http.StatusOK, Audience{Bias: t.Audience()})
	}
}

func (s *Server) setAudience(w http.ResponseWriter, r *http.Request) {
	t := s.rehearsal(w, r)
	if t == nil {
		return
	}
	var body struct {
		Bias *string `json:"bias"`
	}
	if err := readJSON(r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.Bias == nil {
		s.writeError(w, r, show.Errorf(show.EINVALID, `Say how the audience leans: {"bias": "60/40"} ("" = even).`))
		return
	}
	if err := t.SetAudience(r.Context(), *body.Bias); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Audience{Bias: t.Audience()})
}

func (s *Server) resetRehearsal(w http.ResponseWriter, r *http.Request) {
	if t := s.rehearsal(w, r); t != nil {
		s.act(w, r, t.Reset(r.Context()))
	}
}
