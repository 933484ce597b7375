package web

import (
	"context"
	"net/http"

	"forkcast/app/show"
)

// The talk clock's routes (POST /api/clock/start, POST /api/clock/reset).
// They need a controller that also implements show.ClockControl (the engine
// does); any other answers 409.

func (s *Server) startClock(w http.ResponseWriter, r *http.Request) {
	s.clockAction(w, r, func(c show.ClockControl, ctx context.Context) error { return c.StartClock(ctx) })
}

func (s *Server) resetClock(w http.ResponseWriter, r *http.Request) {
	s.clockAction(w, r, func(c show.ClockControl, ctx context.Context) error { return c.ResetClock(ctx) })
}

func (s *Server) clockAction(w http.ResponseWriter, r *http.Request, fn func(show.ClockControl, context.Context) error) {
	c, ok := s.cfg.Controller.(show.ClockControl)
	if !ok {
		s.writeError(w, r, show.Errorf(show.ECONFLICT, "This show has no talk clock to control."))
		return
	}
	s.act(w, r, fn(c, r.Context()))
}
