package story

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchDebounce is how long Watch waits after the last change before it
// reloads: editors write a file in several steps.
var watchDebounce = 150 * time.Millisecond

// Watch reloads the story at path whenever it (or a file beside it, such as
// an image) changes, and calls onChange from one goroutine with the new story
// and its diagnostics; it skips reloads that change nothing. It watches the
// folder, so editors that save by writing a new file and renaming it over the
// old one still trigger. While the file is missing (mid-rename) it waits; when
// it cannot be read for another reason, onChange gets a nil story and one
// error diagnostic. Watch returns nil when ctx ends, and an error only when
// the folder cannot be watched.
func Watch(ctx context.Context, path string, onChange func(*Story, []Diagnostic)) error {
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
		diags []Diagnostic
	}
	if s, ds, err := ParseFile(path); err == nil {
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
			s, ds, err := ParseFile(path)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				continue
			case err != nil:
				last.hash, last.diags = "", nil
				onChange(nil, []Diagnostic{{Pos: Pos{File: path, Line: 1, Col: 1}, Severity: SevError, Message: err.Error()}})
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
