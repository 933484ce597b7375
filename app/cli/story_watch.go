package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"

	"github.com/fsnotify/fsnotify"
)

// Watching the story file: the edge that needs it. A new reading goes to
// the engine (show.Engine.StoryChanged), which decides what to do with it.

// watchStory watches the story at path until ctx ends and hands each new
// reading to e; a folder that cannot be watched is logged (the show goes
// on without live reload).
func watchStory(ctx context.Context, path string, e *show.Engine, log *slog.Logger) {
	err := watchFile(ctx, path, func(s *story.Story, diags []story.Diagnostic) { e.StoryChanged(path, s, diags) })
	if err != nil && !errors.Is(err, context.Canceled) {
		log.Warn("watch story", "err", err)
	}
}

// watchDebounce is how long watchFile waits after the last change before it
// reloads: editors write a file in several steps.
var watchDebounce = 150 * time.Millisecond

// watchFile reloads the story at path whenever it (or a file beside it, such as
// an image) changes, and calls onChange from one goroutine with the new story
// and its diagnostics; it skips reloads that change nothing. It watches the
// folder, so editors that save by writing a new file and renaming it over the
// old one still trigger. While the file is missing (mid-rename) it waits; when
// it cannot be read for another reason, onChange gets a nil story and one
// error diagnostic. watchFile returns nil when ctx ends, and an error only when
// the folder cannot be watched.
func watchFile(ctx context.Context, path string, onChange func(*story.Story, []story.Diagnostic)) error {
	sw, err := newStoryWatcher(path)
	if err != nil {
		return err
	}
	return sw.run(ctx, onChange)
}

// storyWatcher is watchFile in two steps: newStoryWatcher returns once the
// folder is watched and the first reading taken, so a change made after it
// returns is seen; run reloads until ctx ends.
type storyWatcher struct {
	path  string
	w     *fsnotify.Watcher
	hash  string
	diags []story.Diagnostic
	// readings counts the readings taken after a change, reported or
	// skipped: a test's proof that a change was looked at.
	readings atomic.Int64
}

// newStoryWatcher watches the folder of the story at path; it fails when the
// folder cannot be watched.
func newStoryWatcher(path string) (*storyWatcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch story %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("watch story folder %s: %w", dir, err)
	}
	sw := &storyWatcher{path: path, w: w}
	if s, ds, err := story.ParseFile(path); err == nil {
		sw.hash, sw.diags = s.Hash, ds
	}
	return sw, nil
}

// run reloads the story after each relevant change until ctx ends (see
// watchFile); it closes the watcher and returns nil.
func (sw *storyWatcher) run(ctx context.Context, onChange func(*story.Story, []story.Diagnostic)) error {
	defer sw.w.Close()
	base := filepath.Base(sw.path)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-sw.w.Events:
			if !ok {
				return nil
			}
			if relevant(filepath.Base(ev.Name), base) {
				timer.Reset(watchDebounce)
			}
		case _, ok := <-sw.w.Errors:
			if !ok {
				return nil
			}
			timer.Reset(watchDebounce) // an overflow may have hidden a change
		case <-timer.C:
			sw.reload(onChange)
			sw.readings.Add(1)
		}
	}
}

// reload reads the story again and reports it unless nothing changed.
func (sw *storyWatcher) reload(onChange func(*story.Story, []story.Diagnostic)) {
	s, ds, err := story.ParseFile(sw.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return
	case err != nil:
		sw.hash, sw.diags = "", nil
		onChange(nil, []story.Diagnostic{{Pos: story.Pos{File: sw.path, Line: 1, Col: 1}, Severity: story.SevError, Message: err.Error()}})
		return
	case s.Hash == sw.hash && slices.Equal(ds, sw.diags):
		return
	}
	sw.hash, sw.diags = s.Hash, ds
	onChange(s, ds)
}

// relevant reports whether a change to name, beside the story file base,
// may change the story: the file itself or an asset, not an editor's swap,
// backup or hidden file.
func relevant(name, base string) bool {
	if name == base {
		return true
	}
	return !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "#") && !strings.HasSuffix(name, "~") &&
		!strings.HasSuffix(name, ".swp") && !strings.HasSuffix(name, ".swx") && !strings.HasSuffix(name, ".tmp")
}
