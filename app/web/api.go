package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"forkcast/app/show"
)

// maxBody bounds a POST body.
const maxBody = 64 << 10

// Inbox limits: the default page and the most one request may ask for.
const (
	defaultInbox = 100
	maxInbox     = 1000
)

func (s *Server) getState(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.cfg.Controller.State())
}

func (s *Server) getStory(w http.ResponseWriter, r *http.Request) {
	b, err := s.storyJSON()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

func (s *Server) getInbox(w http.ResponseWriter, r *http.Request) {
	limit := defaultInbox
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.writeError(w, r, show.Errorf(show.EINVALID, "limit must be a positive number."))
			return
		}
		limit = min(n, maxInbox)
	}
	entries, err := s.cfg.Controller.Inbox(r.Context(), limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if entries == nil {
		entries = []show.InboxEntry{}
	}
	writeJSON(w, http.StatusOK, entries)
}

// act runs a control action and answers the state after it.
func (s *Server) act(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.cfg.Controller.State())
}

func (s *Server) next(w http.ResponseWriter, r *http.Request) {
	s.act(w, r, s.cfg.Controller.Next(r.Context()))
}

func (s *Server) prev(w http.ResponseWriter, r *http.Request) {
	s.act(w, r, s.cfg.Controller.Prev(r.Context()))
}

func (s *Server) openPoll(w http.ResponseWriter, r *http.Request) {
	s.act(w, r, s.cfg.Controller.OpenPoll(r.Context()))
}

func (s *Server) closePoll(w http.ResponseWriter, r *http.Request) {
	s.act(w, r, s.cfg.Controller.ClosePoll(r.Context()))
}

func (s *Server) gotoScene(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Scene string `json:"scene"`
	}
	if err := readJSON(r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.Scene == "" {
		s.writeError(w, r, show.Errorf(show.EINVALID, `Say which scene: {"scene": "id"}.`))
		return
	}
	s.act(w, r, s.cfg.Controller.Goto(r.Context(), body.Scene))
}

func (s *Server) pick(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Choice  *int   `json:"choice"`
		Reason  string `json:"reason"`
		Private bool   `json:"private"` // keep the reason off the stage
	}
	if err := readJSON(r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.Choice == nil {
		s.writeError(w, r, show.Errorf(show.EINVALID, `Say which choice: {"choice": 2, "reason": "..."}.`))
		return
	}
	if body.Private {
		s.act(w, r, s.cfg.Controller.PickPrivate(r.Context(), *body.Choice, body.Reason))
		return
	}
	s.act(w, r, s.cfg.Controller.Pick(r.Context(), *body.Choice, body.Reason))
}

func (s *Server) blank(w http.ResponseWriter, r *http.Request) {
	var body struct {
		On *bool `json:"on"`
	}
	if err := readJSON(r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.On == nil {
		s.writeError(w, r, show.Errorf(show.EINVALID, `Say whether to blank: {"on": true}.`))
		return
	}
	s.act(w, r, s.cfg.Controller.SetBlank(r.Context(), *body.On))
}

// readJSON decodes a small JSON body into v; an empty body leaves v as it is.
func readJSON(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return fmt.Errorf("read request body: %w", err)
	}
	if len(b) > maxBody {
		return show.Errorf(show.EINVALID, "The request body is too large.")
	}
	if len(b) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return show.Errorf(show.EINVALID, "Field %q has the wrong type.", te.Field)
		}
		return show.Errorf(show.EINVALID, "The request body is not valid JSON.")
	}
	return nil
}
