package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestPurgeCommand(t *testing.T) {
	path := seedDB(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"purge", "--db", path, "--all-numbers"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("purge exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Removed 1 phone numbers, 1 raw PDUs") {
		t.Fatalf("purge said %q", stdout.String())
	}
	stdout.Reset()
	if code := run([]string{"purge", "--db", path, "--older-than", "0d"}, nil, &stdout, &stderr); code != exitOK ||
		!strings.Contains(stdout.String(), "1 sessions (1 texts)") {
		t.Fatalf("purge --older-than exit %d: %q", code, stdout.String())
	}
	if code := run([]string{"purge", "--db", path, "--older-than", "soon"}, nil, &stdout, &stderr); code != exitUsage {
		t.Errorf("bad duration: exit %d, want %d", code, exitUsage)
	}
	if code := run([]string{"purge", "--db", filepath.Join(t.TempDir(), "none.db")}, nil, &stdout, &stderr); code != exitFailed {
		t.Errorf("missing database: exit %d, want %d", code, exitFailed)
	}
	if p, err := defaultDBPath(); err != nil || !strings.HasSuffix(p, filepath.Join("forkcast", "forkcast.db")) {
		t.Errorf("defaultDBPath() = %q, %v", p, err)
	}
}

// TestPurgeOddDBPath: --db paths with '#', '?', '%20' and spaces name the
// file they say, so its numbers can be purged (issue 21, item 7).
func TestPurgeOddDBPath(t *testing.T) {
	path := seedDBAt(t, filepath.Join(t.TempDir(), "Talk #3", "a?b e%20f.db"))
	var stdout, stderr bytes.Buffer
	if code := run([]string{"purge", "--db", path, "--all-numbers"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("purge --db %q: exit %d: %s", path, code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Removed 1 phone numbers") || !strings.Contains(stdout.String(), path) {
		t.Errorf("purge said %q, want 1 number removed from %s", stdout.String(), path)
	}
	if code := run([]string{"export", "--db", path, "--last"}, nil, &stdout, &stderr); code != exitOK {
		t.Errorf("export --db %q: exit %d: %s", path, code, stderr.String())
	}
}
