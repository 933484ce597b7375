package web

import (
	"encoding/json"
	"fmt"

	"forkcast/app/show"
	"forkcast/app/story"
)

// StoryDoc is the story as the frontend loads it: the parsed story with its
// rendered slides, its graph, and the CSS of highlighted code.
type StoryDoc struct {
	Story *story.Story    `json:"story"`
	Graph story.GraphData `json:"graph"`
	CSS   string          `json:"css"`
}

// NewStoryDoc builds the document for s. It fails when s is nil.
func NewStoryDoc(s *story.Story) (StoryDoc, error) {
	if s == nil {
		return StoryDoc{}, show.Errorf(show.ENOTFOUND, "No story is loaded.")
	}
	return StoryDoc{Story: s, Graph: story.Graph(s), CSS: story.ChromaCSS()}, nil
}

// storyJSON returns the encoded StoryDoc of the current story, cached until the story changes.
func (s *Server) storyJSON() ([]byte, error) {
	st := s.cfg.Story()
	s.docMu.Lock()
	defer s.docMu.Unlock()
	if st != nil && st == s.docFor {
		return s.docBytes, nil
	}
	doc, err := NewStoryDoc(st)
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
