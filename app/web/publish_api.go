package web

import (
	"context"
	"net/http"

	"forkcast/app/show"
)

// Published is the answer of POST /api/publish: where the running
// session's site and report were written, as paths on the machine that
// runs the show.
type Published struct {
	Site   string `json:"site"`   // the site's index.html
	Report string `json:"report"` // its report.html
	Files  int    `json:"files"`
}

// Publisher writes the running session's site and report (app/cli wires
// app/publish in, as the adapters never import it). It fails with a coded
// error the console can show.
type Publisher func(ctx context.Context) (Published, error)

var errNoPublisher = show.Errorf(show.ECONFLICT, "Publishing is not available in this show.")

func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Publish == nil {
		s.writeError(w, r, errNoPublisher)
		return
	}
	p, err := s.cfg.Publish(r.Context())
	s.answer(w, r, p, err)
}
