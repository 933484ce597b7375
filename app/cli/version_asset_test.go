package cli

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"path/filepath"
	"testing"
)

// TestWithVersion reads version.json back through io/fs, for versions that
// need JSON escaping, and checks the frontend's own files still open.
func TestWithVersion(t *testing.T) {
	if withVersion(nil, "v1") != nil {
		t.Fatal("withVersion(nil) is not nil: a build without the frontend would look like one with it")
	}
	for _, v := range []string{"dev", "v0.2.0-3-gabc1234-dirty", `odd "quoted" \ version`, "ünï"} {
		f := withVersion(testFrontend, v)
		b, err := fs.ReadFile(f, versionAsset)
		if err != nil {
			t.Fatalf("read %s: %v", versionAsset, err)
		}
		var got struct{ Version string }
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%s is not JSON: %q: %v", versionAsset, b, err)
		}
		if got.Version != v {
			t.Errorf("%s says %q, want %q", versionAsset, got.Version, v)
		}
		st, err := fs.Stat(f, versionAsset)
		if err != nil || st.Size() != int64(len(b)) || st.IsDir() {
			t.Errorf("stat %s = %v, %v; want a %d-byte file", versionAsset, st, err, len(b))
		}
		if _, err := fs.ReadFile(f, "index.html"); err != nil {
			t.Errorf("index.html no longer opens: %v", err)
		}
		if _, err := f.Open("missing.js"); err == nil {
			t.Error("a missing file opened")
		}
	}
}

// TestServeShowsVersion fetches /version.json from a served show over HTTP,
// the way the Help overlay does.
func TestServeShowsVersion(t *testing.T) {
	s := startE2EShow(t, "--story", filepath.Join("..", "..", "stories", "demo.md"), "--db", filepath.Join(t.TempDir(), "f.db"))
	code, body := s.do(t, http.MethodGet, "/"+versionAsset, "", nil)
	if code != http.StatusOK {
		t.Fatalf("GET /%s = %d, want 200: %s", versionAsset, code, body)
	}
	var got struct{ Version string }
	if err := json.Unmarshal(body, &got); err != nil || got.Version != "dev" {
		t.Fatalf("GET /%s = %q (%v), want version \"dev\"", versionAsset, body, err)
	}
}
