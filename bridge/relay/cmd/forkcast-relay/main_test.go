package main

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The relay binary imports no Wails, no GTK/cgo, and nothing of the app but
// app/vote, the SQLite opener app/sqlite/dbfile and the token check
// app/token (standard library only): it must build static for
// a small cloud host.
func TestDependenciesStayLean(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed %d packages, want the real list", len(deps))
	}
	sawVote := false
	for _, d := range deps {
		switch {
		case strings.Contains(d, "wailsapp"), strings.Contains(d, "gtk"), d == "runtime/cgo":
			t.Errorf("relay binary depends on %s", d)
		case d == "forkcast/app/vote":
			sawVote = true
		case d == "forkcast/app/sqlite/dbfile", d == "forkcast/app/token":
		case strings.HasPrefix(d, "forkcast/app/"), d == "forkcast":
			t.Errorf("relay binary depends on %s; only forkcast/app/vote, forkcast/app/sqlite/dbfile and forkcast/app/token are allowed", d)
		case strings.HasPrefix(d, "forkcast/bridge/") && !strings.HasPrefix(d, "forkcast/bridge/relay"):
			t.Errorf("relay binary depends on another adapter: %s", d)
		}
	}
	if !sawVote {
		t.Errorf("forkcast/app/vote missing from the dependencies: is the list right?")
	}
}

// CGO_ENABLED=0 builds a static ELF (no interpreter, no shared libraries)
// that runs.
func TestBuildsStatic(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ELF check is for linux builds")
	}
	bin := filepath.Join(t.TempDir(), "forkcast-relay")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Fatalf("binary has an ELF interpreter: not static")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Fatalf("binary needs shared libraries %v, want none", libs)
	}
	var out bytes.Buffer
	run := exec.Command(bin, "version")
	run.Stdout = &out
	if err := run.Run(); err != nil || !strings.HasPrefix(out.String(), "forkcast-relay ") {
		t.Fatalf("forkcast-relay version: %v, output %q", err, out.String())
	}
}
