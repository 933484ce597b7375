package desktop

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/show"
)

// TestPublishAndOpenReport: the bound methods without a window. Before a
// publish, OpenReport refuses with a sentence; Publish passes the
// publisher's answer and its coded error through; OpenReport hands the
// written report to the opener; a report deleted since is ENOTFOUND; and
// with no opener on the machine (PATH empty, so the real xdg-open is not
// found) the window gets a coded sentence naming the file while the cause
// goes to the log.
func TestPublishAndOpenReport(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "report.html")
	var opened []string
	var logs bytes.Buffer
	fail := error(nil)
	a := New(Config{
		Publish: func(context.Context) (Published, error) {
			if fail != nil {
				return Published{}, fail
			}
			return Published{Site: filepath.Join(dir, "index.html"), Report: report, Files: 3}, os.WriteFile(report, []byte("<!doctype html>"), 0o644)
		},
		OpenFile: func(p string) error { opened = append(opened, p); return nil },
		Logger:   slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err := a.OpenReport(); show.ErrorCode(err) != show.ECONFLICT || !strings.Contains(show.ErrorMessage(err), "Publish the site first") {
		t.Fatalf("OpenReport before a publish: %v, want a conflict saying to publish first", err)
	}
	fail = show.Errorf(show.ENOTFOUND, "There is no session in this database.")
	if _, err := a.Publish(); !errors.Is(err, fail) {
		t.Fatalf("Publish: %v, want the publisher's error %v", err, fail)
	}
	fail = nil
	p, err := a.Publish()
	if err != nil || p.Report != report || p.Files != 3 {
		t.Fatalf("Publish = %+v, %v; want the report %s and 3 files", p, err, report)
	}
	if err := a.OpenReport(); err != nil || len(opened) != 1 || opened[0] != report {
		t.Fatalf("OpenReport: %v, opened %q; want %s opened once", err, opened, report)
	}
	if err := os.Remove(report); err != nil {
		t.Fatal(err)
	}
	if err := a.OpenReport(); show.ErrorCode(err) != show.ENOTFOUND {
		t.Fatalf("OpenReport of a deleted report: %v, want not_found", err)
	}

	sys := New(Config{Publish: a.cfg.Publish, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if _, err := sys.Publish(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir())
	err = sys.OpenReport()
	if show.ErrorCode(err) != show.ECONFLICT || !strings.Contains(show.ErrorMessage(err), report) {
		t.Fatalf("OpenReport with no opener: %v, want a conflict naming %s", err, report)
	}
	if !strings.Contains(logs.String(), "open the report") || !strings.Contains(logs.String(), "xdg-open") {
		t.Errorf("the opener's failure is not logged with its cause:\n%s", logs.String())
	}
	noPub := New(Config{})
	if _, err := noPub.Publish(); show.ErrorCode(err) != show.ECONFLICT {
		t.Errorf("Publish without a publisher: %v, want a conflict", err)
	}
}
