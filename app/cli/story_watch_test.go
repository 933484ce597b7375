package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"forkcast/app/story"
	"forkcast/app/testkit"
)

type watchResult struct {
	s  *story.Story
	ds []story.Diagnostic
}

func TestWatch(t *testing.T) {
	old := watchDebounce
	watchDebounce = 30 * time.Millisecond
	defer func() { watchDebounce = old }()
	dir := t.TempDir()
	path := filepath.Join(dir, "talk.md")
	write := func(title string) {
		t.Helper()
		if err := os.WriteFile(path, []byte("---\ntitle: "+title+"\n---\n:: a\nx\n-> END\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("one")
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan watchResult, 10)
	done := make(chan error, 1)
	sw, err := newStoryWatcher(path) // watching once it returns
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		done <- sw.run(ctx, func(s *story.Story, ds []story.Diagnostic) { got <- watchResult{s, ds} })
	}()
	next := func(what string) watchResult {
		t.Helper()
		return testkit.Receive(t, got, testkit.Patience, "a reload after a "+what)
	}

	write("two")
	if r := next("write in place"); r.s == nil || r.s.Title != "two" {
		t.Fatalf("after a write, story = %+v", r.s)
	}

	// An editor that writes a new file and renames it over the old one.
	tmp := filepath.Join(dir, ".talk.md.swp")
	if err := os.WriteFile(tmp, []byte("---\ntitle: three\n---\n:: a\nx\n-> nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	r := next("rename over")
	if r.s == nil || r.s.Title != "three" || !story.HasErrors(r.ds) {
		t.Fatalf("after rename, story = %+v, diagnostics %v (want the unknown target)", r.s, r.ds)
	}

	// Touching the file without changing it reloads nothing.
	now := time.Now().Add(time.Second)
	// The touch was looked at (a reading was taken after it), and skipped.
	n := sw.readings.Load()
	if err := os.Chtimes(path, now, now); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, testkit.Patience, "a reading after the touch", func() bool { return sw.readings.Load() > n })
	select {
	case r := <-got:
		t.Fatalf("an unchanged file was reported: %+v", r.s)
	default:
	}

	cancel()
	if err := testkit.Receive(t, done, testkit.Patience, "the watcher to return after cancel"); err != nil {
		t.Fatalf("Watch returned %v, want nil after cancel", err)
	}
}

func TestWatchMissingFolder(t *testing.T) {
	err := watchFile(context.Background(), filepath.Join(t.TempDir(), "nope", "talk.md"), func(*story.Story, []story.Diagnostic) {})
	if err == nil {
		t.Fatal("Watch of a missing folder returned nil, want an error")
	}
}
