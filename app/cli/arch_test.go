package cli

// The architecture test: docs/architecture.md's dependency rule, checked on
// every package's imports, test imports included, and on what the two
// binaries link.

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// listed is one package as go list -json describes it.
type listed struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// goList runs go list with args in the module and decodes its JSON stream.
func goList(t *testing.T, args ...string) []listed {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not on PATH")
	}
	out, err := exec.Command("go", append([]string{"list", "-e", "-json=ImportPath,Imports,TestImports,XTestImports"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	var pkgs []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go list %v: %v", args, err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 20 {
		t.Fatalf("go list %v listed %d packages: not the real list", args, len(pkgs))
	}
	return pkgs
}

// TestDependencyDirection checks every import of every package of the
// module, its tests' imports included, against forbidden.
func TestDependencyDirection(t *testing.T) {
	for _, p := range goList(t, "forkcast/...") {
		for _, imp := range p.Imports {
			if msg := forbidden(p.ImportPath, imp, false); msg != "" {
				t.Errorf("%s imports %s: %s", p.ImportPath, imp, msg)
			}
		}
		for _, imp := range slices.Concat(p.TestImports, p.XTestImports) {
			if imp == p.ImportPath {
				continue // an external test package imports the package it tests
			}
			if msg := forbidden(p.ImportPath, imp, true); msg != "" {
				t.Errorf("%s's tests import %s: %s", p.ImportPath, imp, msg)
			}
		}
	}
}

const mod = "forkcast/"

// area returns the top of a Forkcast package: "app/web", "app/story",
// "bridge/relay", "main"; "" for a package of another module.
func area(pkg string) string {
	if pkg == "forkcast" {
		return "main"
	}
	rest, ok := strings.CutPrefix(pkg, mod)
	if !ok {
		return ""
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) < 2 {
		return parts[0]
	}
	return parts[0] + "/" + parts[1]
}

// leaves are the packages any other may import: the ballot domain, phone
// numbers, the SQLite opener, the token strength check. The test helpers
// are for tests only.
var leaves = []string{"forkcast/app/vote", "forkcast/app/phone", "forkcast/app/sqlite/dbfile", "forkcast/app/token"}

// adapters are the edges of the app: none of them imports another.
var adapters = []string{"app/desktop", "app/web", "app/sqlite", "bridge/modem", "bridge/relay", "bridge/sim"}

// forbidden returns why pkg must not import imp ("" when it may); test is
// true for the imports of pkg's tests.
func forbidden(pkg, imp string, test bool) string {
	from, to := area(pkg), area(imp)
	switch {
	case strings.HasPrefix(imp, "github.com/wailsapp/") && from != "app/desktop":
		return "only app/desktop imports Wails"
	case to == "":
		return "" // the standard library and other modules
	case imp == "forkcast/app/testkit" && !test && !strings.HasSuffix(pkg, "test"):
		return "app/testkit is for tests only"
	case pkg == "forkcast/app/testkit" || slices.Contains(leaves, pkg):
		if slices.Contains(leaves, imp) && pkg == "forkcast/app/testkit" || test && imp == "forkcast/app/testkit" {
			return ""
		}
		return "a leaf imports no other Forkcast package"
	case pkg == "forkcast":
		if imp != "forkcast/app/cli" {
			return "package main only calls app/cli"
		}
	case from == "app/cli":
		if imp == "forkcast" {
			return "nothing imports package main"
		}
	case imp == "forkcast/app/cli":
		return "only package main imports app/cli"
	case to == "app/desktop" && from != "app/desktop":
		return "only app/cli imports app/desktop"
	case from == "bridge/relay" && imp == "forkcast/bridge/relay/server" && pkg != "forkcast/bridge/relay/cmd/forkcast-relay" && !test:
		return "the laptop's relay client never links the relay server"
	case strings.HasPrefix(from, "bridge/"):
		if to != from && !slices.Contains(leaves, imp) && imp != "forkcast/app/testkit" {
			return "a bridge imports only app/vote, app/sqlite/dbfile, app/token and its own packages"
		}
	case strings.HasPrefix(to, "bridge/"):
		return "only app/cli imports both app/... and bridge/...: the bridges are passed in as vote sources"
	case from == "stories" && test && imp == "forkcast/app/rehearse":
		return "" // the bundled talks' tests time them with the real estimator
	case from == "app/story" || from == "stories":
		if to != "app/story" && !(test && imp == "forkcast/app/testkit") {
			return "the story format imports nothing of the show, not even a leaf"
		}
	case imp == "forkcast/app/testkit" || slices.Contains(leaves, imp):
	case from != to && slices.Contains(adapters, from) && slices.Contains(adapters, to):
		if test && to == "app/sqlite" {
			return "" // the real store in an adapter's tests
		}
		return "adapters never import each other"
	case from == "app/show":
		if to != "app/story" && !(test && to == "app/sqlite") {
			return "the engine imports the story format and the leaves; tests may use the real store"
		}
	case from == "app/rehearse":
		if to != "app/show" && to != "app/story" && !(test && to == "app/sqlite") {
			return "rehearsal works through the engine's interfaces, never the store"
		}
	case from == "app/publish":
		if to != "app/show" && to != "app/story" && to != "app/rehearse" && !(test && to == "app/sqlite") {
			return "publishing reads a report and a story, never the store or an adapter"
		}
	case from == "app/sqlite" || from == "app/web" || from == "app/desktop":
		if to != "app/show" && to != "app/story" && to != "app/rehearse" && to != from {
			return "an adapter imports the engine, the story format, rehearsal and the leaves"
		}
	}
	return ""
}

func TestForbiddenRules(t *testing.T) {
	tests := []struct {
		pkg, imp string
		test     bool
		bad      bool
	}{
		{"forkcast/app/web", "forkcast/app/desktop", false, true},
		{"forkcast/stories", "forkcast/app/rehearse", true, false},
		{"forkcast/stories", "forkcast/app/rehearse", false, true},
		{"forkcast/app/cli", "forkcast/app/desktop", false, false},
		{"forkcast", "forkcast/app/cli", false, false},
		{"forkcast", "forkcast/app/show", false, true},
		{"forkcast/app/show", "github.com/wailsapp/wails/v2/pkg/runtime", false, true},
		{"forkcast/app/desktop", "github.com/wailsapp/wails/v2/pkg/runtime", false, false},
		{"forkcast/app/cli", "github.com/wailsapp/wails/v2", false, true},
		{"forkcast/app/show", "forkcast/bridge/sim", false, true},
		{"forkcast/app/rehearse", "forkcast/bridge/sim", true, true},
		{"forkcast/app/cli", "forkcast/bridge/sim", false, false},
		{"forkcast/bridge/sim", "forkcast/app/show", false, true},
		{"forkcast/bridge/modem/modemtest", "forkcast/bridge/modem/pdu", false, false},
		{"forkcast/bridge/modem/modemtest", "forkcast/app/testkit", false, false},
		{"forkcast/bridge/relay", "forkcast/bridge/modem", false, true},
		{"forkcast/bridge/relay", "forkcast/bridge/relay/server", false, true},
		{"forkcast/bridge/relay/server", "forkcast/bridge/relay", false, false},
		{"forkcast/bridge/relay", "forkcast/app/vote", false, false},
		{"forkcast/bridge/relay/server", "forkcast/app/sqlite/dbfile", false, false},
		{"forkcast/bridge/relay/server", "forkcast/app/token", false, false},
		{"forkcast/app/web", "forkcast/app/token", false, false},
		{"forkcast/app/token", "forkcast/app/show", false, true},
		{"forkcast/bridge/relay/server", "forkcast/app/sqlite", false, true},
		{"forkcast/bridge/relay/server", "forkcast/app/testkit", true, false},
		{"forkcast/bridge/relay/server", "forkcast/app/testkit", false, true},
		{"forkcast/app/story", "forkcast/app/vote", false, true},
		{"forkcast/app/story/twine", "forkcast/app/story", false, false},
		{"forkcast/app/show", "forkcast/app/story", false, false},
		{"forkcast/app/publish", "forkcast/app/rehearse", false, false},
		{"forkcast/app/publish", "forkcast/app/sqlite", false, true},
		{"forkcast/app/publish", "forkcast/app/web", false, true},
		{"forkcast/app/show", "forkcast/app/sqlite", false, true},
		{"forkcast/app/show", "forkcast/app/sqlite", true, false},
		{"forkcast/app/rehearse", "forkcast/app/sqlite", false, true},
		{"forkcast/app/rehearse", "forkcast/app/show", false, false},
		{"forkcast/app/web", "forkcast/app/sqlite", false, true},
		{"forkcast/app/web", "forkcast/app/rehearse", false, false},
		{"forkcast/app/sqlite", "forkcast/app/web", false, true},
		{"forkcast/app/vote", "forkcast/app/show", false, true},
		{"forkcast/app/sqlite/dbfile", "forkcast/app/sqlite", false, true},
		{"forkcast/app/testkit", "forkcast/app/vote", false, false},
		{"forkcast/app/testkit", "forkcast/app/show", false, true},
	}
	for _, tt := range tests {
		if got := forbidden(tt.pkg, tt.imp, tt.test) != ""; got != tt.bad {
			t.Errorf("forbidden(%s, %s, test=%v) = %v, want %v", tt.pkg, tt.imp, tt.test, got, tt.bad)
		}
	}
}

// deps lists what pkg links, built with tags.
func deps(t *testing.T, tags, pkg string) []string {
	t.Helper()
	args := []string{"list", "-deps"}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	out, err := exec.Command("go", append(args, pkg)...).Output()
	if err != nil {
		t.Fatalf("go %v %s: %v", args, pkg, err)
	}
	list := strings.Fields(string(out))
	if len(list) < 10 {
		t.Fatalf("go list -deps %s listed %d packages: not the real list", pkg, len(list))
	}
	return list
}

// TestDesktopLinksNoRelayServer: the desktop binary (with the tags of
// `make build`) links neither the relay's server and store nor autocert.
func TestDesktopLinksNoRelayServer(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not on PATH")
	}
	desktop := deps(t, "desktop,production,webkit2_41", "forkcast")
	if !slices.Contains(desktop, "github.com/wailsapp/wails/v2") || !slices.Contains(desktop, "forkcast/bridge/relay") {
		t.Fatalf("the desktop binary's list lacks Wails or the relay client: is it the real list?")
	}
	for _, d := range desktop {
		if strings.HasPrefix(d, "forkcast/bridge/relay/server") || strings.Contains(d, "acme/autocert") {
			t.Errorf("the desktop binary links %s", d)
		}
	}
}

// TestLeavesAndRelayHaveNoWails checks the transitive dependencies: the
// relay binary and the engine's leaves link no Wails.
func TestLeavesAndRelayHaveNoWails(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not on PATH")
	}
	for _, pkg := range []string{"forkcast/bridge/relay/cmd/forkcast-relay", "forkcast/app/vote", "forkcast/app/story", "forkcast/app/show"} {
		for _, d := range deps(t, "", pkg) {
			if strings.Contains(d, "wailsapp") {
				t.Errorf("%s links %s", pkg, d)
			}
		}
	}
}
