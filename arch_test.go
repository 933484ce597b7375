package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection enforces ARCHITECTURE.md's import rules with go list.
func TestDependencyDirection(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not on PATH")
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}:{{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imps, _ := strings.Cut(line, ":")
		for _, imp := range strings.Fields(imps) {
			if msg := forbidden(pkg, imp); msg != "" {
				t.Errorf("%s imports %s: %s", pkg, imp, msg)
			}
		}
	}
}

func forbidden(pkg, imp string) string {
	isForkcast := strings.HasPrefix(imp, "forkcast/")
	switch {
	case imp == "forkcast/app" && pkg != "forkcast":
		return "only main imports the Wails facade"
	case strings.HasPrefix(imp, "github.com/wailsapp/") && pkg != "forkcast/app" && pkg != "forkcast":
		return "only package app (and main) import Wails"
	case strings.HasPrefix(pkg, "forkcast/app") && strings.HasPrefix(imp, "forkcast/bridge/"):
		return "app never imports a bridge: main passes sources in"
	case strings.HasPrefix(pkg, "forkcast/bridge/") && isForkcast && imp != "forkcast/app/vote" && imp != "forkcast/app/sqlite/dbfile" &&
		!strings.HasPrefix(imp, "forkcast/bridge/"+strings.Split(strings.TrimPrefix(pkg, "forkcast/bridge/"), "/")[0]):
		return "a bridge imports only app/vote, app/sqlite/dbfile and its own packages"
	case (pkg == "forkcast/app/vote" || pkg == "forkcast/app/story") && isForkcast && !strings.HasPrefix(imp, pkg):
		return "vote and story are leaves"
	}
	return ""
}

// TestLeavesAndRelayHaveNoWails checks the transitive dependencies too.
func TestLeavesAndRelayHaveNoWails(t *testing.T) {
	for _, pkg := range []string{"./app/vote", "./app/story", "./bridge/relay/cmd/forkcast-relay"} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		if strings.Contains(string(out), "wailsapp") {
			t.Errorf("go list -deps %s lists a wailsapp package", pkg)
		}
	}
}

func TestForbiddenRules(t *testing.T) {
	tests := []struct {
		pkg, imp string
		bad      bool
	}{
		{"forkcast/app/web", "forkcast/app", true},
		{"forkcast", "forkcast/app", false},
		{"forkcast/app/show", "github.com/wailsapp/wails/v2/pkg/runtime", true},
		{"forkcast/app/show", "forkcast/bridge/sim", true},
		{"forkcast/bridge/sim", "forkcast/app/show", true},
		{"forkcast/bridge/modem/modemtest", "forkcast/bridge/modem", false},
		{"forkcast/bridge/relay", "forkcast/bridge/modem", true},
		{"forkcast/bridge/relay", "forkcast/app/vote", false},
		{"forkcast/app/story", "forkcast/app/vote", true},
		{"forkcast/app/show", "forkcast/app/story", false},
	}
	for _, tt := range tests {
		if got := forbidden(tt.pkg, tt.imp) != ""; got != tt.bad {
			t.Errorf("forbidden(%s, %s) = %v, want %v", tt.pkg, tt.imp, got, tt.bad)
		}
	}
}
