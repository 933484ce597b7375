package web

import (
	"encoding/json"
	"fmt"

	"forkcast/app/show"
)

// storyJSON returns the encoded show.StoryDoc of the current story, cached until the story changes.
func (s *Server) storyJSON() ([]byte, error) {
	st := s.cfg.Story()
	s.docMu.Lock()
	defer s.docMu.Unlock()
	if st != nil && st == s.docFor {
		return s.docBytes, nil
	}
	doc, err := show.NewStoryDoc(st)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode story %s: %w", st.File, err)
	}
	s.docFor, s.docBytes = st, append(b, '\n')
	return s.docBytes, nil
}
