package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/vote"
)

// seedDB runs a one-fork show on a new database and returns its path.
func seedDB(t *testing.T) string {
	t.Helper()
	return seedDBAt(t, filepath.Join(t.TempDir(), "forkcast.db"))
}

// seedDBAt is seedDB at path.
func seedDBAt(t *testing.T, path string) string {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	o := story.VoteOptions{Policy: story.LastWins, Ties: story.TiesPresenter, Open: story.OpenOnArrive}
	st := &story.Story{File: "t.md", Hash: "h", Title: "T", Start: "f", Vote: o, Replies: story.Replies{Accepted: "ok"},
		Scenes: []*story.Scene{{ID: "f", Vote: o, Slides: []*story.Slide{{}}, Fork: &story.Fork{Choices: []*story.Choice{
			{Number: 1, Label: "A", Target: "a"}, {Number: 2, Label: "B", Target: "a"}}}},
			{ID: "a", Vote: o, Slides: []*story.Slide{{}}, Next: story.End}}}
	e, err := show.New(context.Background(), show.Config{Story: st, Store: db, Mode: show.Live, Region: "US"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	err = e.Ingest(context.Background(), []vote.Message{{Source: "modem", ProviderID: "x", Sender: "+15035550142",
		Text: "2", PDU: "0791", ReceivedAt: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExportCommand(t *testing.T) {
	path := seedDB(t)
	out := filepath.Join(t.TempDir(), "r.json")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"export", "--db", path, "--last", "--format", "json", "--out", out}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("export exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r show.Report
	if err := json.Unmarshal(b, &r); err != nil || len(r.Votes) != 1 || r.Votes[0].Sender != "+1 ••• ••• 0142" {
		t.Fatalf("report %v %+v", err, r.Votes)
	}
	stdout.Reset()
	if code := run([]string{"export", "--db", path, "--session", "1"}, nil, &stdout, &stderr); code != exitOK ||
		!strings.HasPrefix(stdout.String(), "session\n") {
		t.Fatalf("csv export exit %d: %q %s", code, stdout.String(), stderr.String())
	}
	for _, args := range [][]string{{"--format", "xml"}, {"--last", "--session", "2"}, {"extra"}} {
		if code := run(append([]string{"export", "--db", path}, args...), nil, &stdout, &stderr); code != exitUsage {
			t.Errorf("export %v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code := run([]string{"export", "--db", path, "--session", "9"}, nil, &stdout, &stderr); code != exitFailed {
		t.Errorf("export of a missing session: exit %d, want %d", code, exitFailed)
	}
	if code := run([]string{"export", "-h"}, nil, &stdout, &stderr); code != exitOK {
		t.Errorf("export -h: exit %d", code)
	}
}
