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

// forkFinish answers GET /api/finish: rehearse.Finish for the current
// scene (null when it is not a fork), from the rehearsal report's slide
// times in a rehearsal and from estimates alone in a live show. Without a
// slot in the story nothing is measured against: leftMs is -1, no choice
// fits and no exit is proposed.
func (s *Server) forkFinish(w http.ResponseWriter, r *http.Request) {
	st := s.cfg.Controller.State()
	sto := s.cfg.Story()
	if sto == nil || sto.Scene(st.Scene) == nil || sto.Scene(st.Scene).Fork == nil {
		writeJSON(w, http.StatusOK, nil)
		return
	}
	var rep *rehearse.Report
	if s.cfg.Rehearsal != nil {
		ctx, cancel := context.WithTimeout(r.Context(), ReportTimeout)
		defer cancel()
		var err error
		if rep, err = s.cfg.Rehearsal.TimingReport(ctx); err != nil {
			s.writeError(w, r, err)
			return
		}
	} else {
		rep = rehearse.Timing(sto, nil, rehearse.TimingOptions{})
	}
	left := sto.Slot
	if !st.StartedAt.IsZero() && !st.Now.IsZero() {
		left -= st.Now.Sub(st.StartedAt)
	}
	f := rehearse.Finish(sto, rep, st.Scene, left)
	if sto.Slot <= 0 {
		noSlot(f)
	}
	writeJSON(w, http.StatusOK, f)
}

// noSlot clears what only a slot gives meaning to.
func noSlot(f *rehearse.ForkFinish) {
	f.LeftMs, f.ProposeExit, f.SpokesFit = -1, false, -1
	for i := range f.Choices {
		f.Choices[i].Fits = false
	}
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

