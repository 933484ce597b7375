package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/sqlite"
)

const timedStory = "../rehearse/testdata/timed.md"

func rehearseRun(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(append([]string{"rehearse"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestRehearseUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"help", []string{"-h"}, exitOK},
		{"no mode", nil, exitUsage},
		{"two modes", []string{"--walk", timedStory, "--report", timedStory}, exitUsage},
		{"argument", []string{"--walk", timedStory, "extra"}, exitUsage},
		{"stream without db", []string{"--record-stream", "1"}, exitUsage},
		{"bad session ids", []string{"--record-stream", "x", "--db", "f.db"}, exitUsage},
		{"bad sim spec", []string{"--walk", timedStory, "--sim", "audience=lots"}, exitUsage},
		{"bad flag", []string{"--nope"}, exitUsage},
		{"source not sim", []string{"--walk", timedStory, "--source", "modem:/dev/ttyUSB0"}, exitUsage},
		{"source sim, bad spec", []string{"--walk", timedStory, "--source", "sim:audience=lots"}, exitUsage},
	}
	for _, tt := range tests {
		code, _, stderr := rehearseRun(tt.args...)
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d (stderr %q)", tt.name, code, tt.code, stderr)
		}
	}
	_, _, help := rehearseRun("-h")
	for _, want := range []string{"--walk", "--report", "--record-stream", "audience=300", "bias=60/40", "--sim KEY=VALUE", "Example: --sim audience="} {
		if !strings.Contains(help, want) {
			t.Errorf("rehearse -h does not mention %q", want)
		}
	}
	if strings.Contains(help, "Example: --source") {
		t.Errorf("rehearse -h shows serve's --source example as its own:\n%s", help)
	}
}

// TestRehearseWalkSourceSpelling: serve's spelling --source sim:SPEC walks
// like --sim SPEC, and the walk prints counts as words, not Go maps.
func TestRehearseWalkSourceSpelling(t *testing.T) {
	code, viaSim, stderr := rehearseRun("--walk", timedStory, "--sim", "audience=80,seed=2")
	if code != exitOK {
		t.Fatalf("--sim: exit %d, stderr %q", code, stderr)
	}
	code, viaSource, stderr := rehearseRun("--walk", timedStory, "--source", "sim:audience=80,seed=2")
	if code != exitOK {
		t.Fatalf("--source sim: exit %d, stderr %q", code, stderr)
	}
	if viaSim != viaSource {
		t.Errorf("the two spellings walk differently:\n--sim:\n%s\n--source:\n%s", viaSim, viaSource)
	}
	if strings.Contains(viaSim, "map[") || !strings.Contains(viaSim, "choice 1: ") {
		t.Errorf("walk output prints counts as a Go map or not at all:\n%s", viaSim)
	}
}

func TestRehearseWalk(t *testing.T) {
	code, out, stderr := rehearseRun("--walk", timedStory, "--sim", "audience=80,seed=2")
	if code != exitOK || !strings.Contains(out, "2 of 2 fork choices covered (100.0%)") {
		t.Fatalf("walk: exit %d, out %q, stderr %q; want 0 and 100%%", code, out, stderr)
	}
	code, out, _ = rehearseRun("--walk", timedStory, "--sim", "audience=10,turnout=0", "--json")
	var cov struct {
		Percent  float64  `json:"percent"`
		Problems []string `json:"problems"`
	}
	if err := json.Unmarshal([]byte(out), &cov); err != nil {
		t.Fatalf("walk --json: %v in %q", err, out)
	}
	if code != exitFailed || len(cov.Problems) == 0 {
		t.Errorf("walk with a silent audience: exit %d, problems %v; want 1 and problems", code, cov.Problems)
	}
	if code, _, _ := rehearseRun("--walk", "no-such-story.md"); code != exitFailed {
		t.Errorf("walk of a missing file: exit %d, want 1", code)
	}
}

func TestRehearseReport(t *testing.T) {
	code, out, _ := rehearseRun("--report", timedStory)
	if code != exitOK || !strings.Contains(out, "estimates only") || !strings.Contains(out, "intro > pick(2) > long") {
		t.Fatalf("report: exit %d, out %q", code, out)
	}
	code, out, _ = rehearseRun("--report", timedStory, "--json", "--wpm", "60")
	var r struct {
		WPM   int               `json:"wpm"`
		Paths []json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitOK || r.WPM != 60 || len(r.Paths) != 2 {
		t.Errorf("report --json: exit %d, err %v, wpm %d, %d paths; want 0, 60 wpm, 2 paths", code, err, r.WPM, len(r.Paths))
	}
	db := filepath.Join(t.TempDir(), "f.db")
	if code, _, _ := rehearseRun("--report", timedStory, "--db", db); code != exitFailed {
		t.Errorf("report with a missing database: exit %d, want 1", code)
	}
	d, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if code, out, _ := rehearseRun("--report", timedStory, "--db", db); code != exitOK || !strings.Contains(out, "estimates only") {
		t.Errorf("report with an empty database: exit %d, out %q; want 0, estimates only", code, out)
	}
	if code, _, stderr := rehearseRun("--record-stream", "7", "--db", db); code != exitFailed {
		t.Errorf("stream of a missing session: exit %d (stderr %q), want 1", code, stderr)
	}
}
