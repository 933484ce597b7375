package show

import "forkcast/app/story"

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
		return StoryDoc{}, Errorf(ENOTFOUND, "No story is loaded.")
	}
	return StoryDoc{Story: s, Graph: story.Graph(s), CSS: story.ChromaCSS()}, nil
}
