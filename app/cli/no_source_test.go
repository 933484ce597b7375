package cli

import (
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeLiveNeedsASource: a live show with no vote source refuses to
// start, saying which sources exist and how to write one; --no-source starts
// it on purpose; --no-source with a source is a contradiction.
func TestServeLiveNeedsASource(t *testing.T) {
	story := filepath.Join("..", "..", "stories", "demo.md")
	var out, errb strings.Builder
	got := run([]string{"serve", "--live", "--story", story, "--db", filepath.Join(t.TempDir(), "x.db")}, nil, &out, &errb)
	if got != exitUsage {
		t.Fatalf("serve --live with no source = %d, want %d (stderr %q)", got, exitUsage, errb.String())
	}
	for _, want := range []string{"needs a vote source", "--source modem:DEVICE", "--source relay:URL", "--source android:URL", "for example: forkcast serve --live", "--no-source"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("the refusal lacks %q:\n%s", want, errb.String())
		}
	}
	if strings.Contains(out.String(), "stage: ") {
		t.Errorf("the refused show printed its URLs: %q", out.String())
	}

	errb.Reset()
	got = run([]string{"serve", "--live", "--no-source", "--source", "replay:x.jsonl", "--story", story, "--db", filepath.Join(t.TempDir(), "y.db")}, nil, &out, &errb)
	if got != exitUsage || !strings.Contains(errb.String(), "contradict") {
		t.Errorf("--no-source with --source = %d %q, want %d and a contradiction", got, errb.String(), exitUsage)
	}

	s := startE2EShow(t, "--live", "--no-source", "--story", story, "--db", filepath.Join(t.TempDir(), "z.db"))
	if code, _ := s.do(t, http.MethodGet, "/api/state", "", nil); code != http.StatusOK {
		t.Fatalf("GET /api/state of the show started with --no-source = %d", code)
	}
	if st := s.state(t); st.Session.Mode != "live" || len(st.Sources) != 0 {
		t.Errorf("--no-source show: mode %s, sources %v; want live with none", st.Session.Mode, st.Sources)
	}
}

// TestOpenErrorPage: the desktop window shows a usage refusal word for word
// (escaped), and never an internal cause.
func TestOpenErrorPage(t *testing.T) {
	page := string(openErrorPage(errUsage{errNoSource}))
	for _, want := range []string{"The show did not start", "--source modem:DEVICE", "--no-source", "for example: forkcast serve --live"} {
		if !strings.Contains(page, want) {
			t.Errorf("the window's page lacks %q", want)
		}
	}
	page = string(openErrorPage(errUsage{`<script>alert(1)</script>`}))
	if strings.Contains(page, "<script>") {
		t.Errorf("the message is not escaped: %s", page)
	}
	page = string(openErrorPage(errors.New("open /secret/path/forkcast.db: disk I/O error")))
	if strings.Contains(page, "/secret/path") || !strings.Contains(page, "in the log") {
		t.Errorf("an internal cause reached the window: %s", page)
	}
}

// TestDesktopLiveNeedsASource: the desktop app refuses a live show without a
// source like serve does (here without a window system: stderr only).
func TestDesktopLiveNeedsASource(t *testing.T) {
	var out, errb strings.Builder
	got := run([]string{"--live", "--story", filepath.Join("..", "..", "stories", "demo.md"), "--db", filepath.Join(t.TempDir(), "x.db")}, nil, &out, &errb)
	if got != exitUsage || !strings.Contains(errb.String(), "needs a vote source") {
		t.Fatalf("forkcast --live = %d, stderr %q; want 2 and the refusal", got, errb.String())
	}
}
