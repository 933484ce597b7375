package web

import (
	"context"
	"net/http"

	"forkcast/app/rehearse"
	"forkcast/app/show"
)

// Time-aware forks (#14): what the console shows at a fork (each choice's
// time to an ending against the time left, the spokes that still fit) and
// the speaker's one-key "wrap up" that takes the fork's exit.

// exitTaker is the engine's TakeExit (*show.Engine); a Controller without it
// answers POST /api/exit with a conflict.
type exitTaker interface {
	TakeExit(ctx context.Context) error
}

var errNoExit = show.Errorf(show.ECONFLICT, "This show cannot take a fork's exit.")

// forkFinish answers GET /api/finish: rehearse.FinishNow for the current
// scene (null off a fork).
func (s *Server) forkFinish(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), ReportTimeout)
	defer cancel()
	var tools rehearse.Tools
	if s.cfg.Rehearsal != nil {
		tools = s.cfg.Rehearsal
	}
	f, err := rehearse.FinishNow(ctx, s.cfg.Story(), s.cfg.Controller.State(), tools)
	s.answer(w, r, f, err)
}

// takeExit answers POST /api/exit: the speaker's "wrap up".
func (s *Server) takeExit(w http.ResponseWriter, r *http.Request) {
	x, ok := s.cfg.Controller.(exitTaker)
	if !ok {
		s.writeError(w, r, errNoExit)
		return
	}
	s.act(w, r, x.TakeExit(r.Context()))
}
