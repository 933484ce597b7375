package show

import (
	"time"

	"forkcast/app/story"
)

// StoryChanged takes a new reading of the story file (what a watcher of the
// file parsed): without errors the show goes on with it (see ReloadStory);
// with errors, or when the reload fails, the previous version stays on. The
// edges hear the outcome as a StoryStatus (EventStory), which it returns; a
// failed reload is logged in full and reported with its sentence.
func (e *Engine) StoryChanged(file string, s *story.Story, diags []story.Diagnostic) StoryStatus {
	st := StoryStatus{File: file, Loaded: time.Now(), OK: !story.HasErrors(diags)}
	for _, d := range diags {
		st.Problems = append(st.Problems, d.String())
	}
	if st.OK && s != nil {
		st.Hash = s.Hash
		if err := e.ReloadStory(s); err != nil {
			st.OK = false
			st.Problems = append(st.Problems, "reload: "+ErrorMessage(err))
			e.log.Warn("story reload failed; still showing the previous version", "file", file, "err", err)
		}
	} else {
		e.log.Warn("story changed but has errors; still showing the previous version", "file", file)
	}
	e.notify.Notify(EventStory, st)
	return st
}
