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
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch story %s: %w", path, err)
	}
	defer w.Close()
	dir := filepath.Dir(path)
	if err := w.Add(dir); err != nil {
		return fmt.Errorf("watch story folder %s: %w", dir, err)
	}
	base := filepath.Base(path)
	var last struct {
		hash  string
		diags []story.Diagnostic
	}
	if s, ds, err := story.ParseFile(path); err == nil {
		last.hash, last.diags = s.Hash, ds
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if relevant(filepath.Base(ev.Name), base) {
				timer.Reset(watchDebounce)
			}
		case _, ok := <-w.Errors:
			if !ok {
				return nil
			}
			timer.Reset(watchDebounce) // an overflow may have hidden a change
		case <-timer.C:
			s, ds, err := story.ParseFile(path)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				continue
			case err != nil:
				last.hash, last.diags = "", nil
				onChange(nil, []story.Diagnostic{{Pos: story.Pos{File: path, Line: 1, Col: 1}, Severity: story.SevError, Message: err.Error()}})
				continue
			case s.Hash == last.hash && slices.Equal(ds, last.diags):
				continue
			}
			last.hash, last.diags = s.Hash, ds
			onChange(s, ds)
		}
	}
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
