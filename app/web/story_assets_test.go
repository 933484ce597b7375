package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/story"
	"forkcast/app/testkit"
)

func TestAssetHandler(t *testing.T) {
	dir := testkit.WriteTree(t, map[string]string{"img/pony.png": "PNG!", "notes/.secret": "s", "a b.png": "space"})
	outside := testkit.WriteTree(t, map[string]string{"passwd": "root:x:0:0"})
	links := true
	if err := os.Symlink(filepath.Join(outside, "passwd"), filepath.Join(dir, "img", "escape.png")); err != nil {
		links = false
	}
	if links {
		if err := os.Symlink(filepath.Join("img", "pony.png"), filepath.Join(dir, "inside.png")); err != nil {
			t.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.Handle(story.AssetPrefix, StoryAssets(dir))
	mux.Handle("/stripped/", http.StripPrefix("/stripped/", StoryAssets(dir)))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tests := []struct {
		method, path string
		code         int
		body         string
		symlink      bool
	}{
		{"GET", "/story-assets/img/pony.png", 200, "PNG!", false},
		{"HEAD", "/story-assets/img/pony.png", 200, "", false},
		{"GET", "/stripped/img/pony.png", 200, "PNG!", false},
		{"GET", "/story-assets/a%20b.png", 200, "space", false},
		{"GET", "/story-assets/img/missing.png", 404, "not found", false},
		{"GET", "/story-assets/img", 403, "not a media file", false},
		{"GET", "/story-assets/img.png", 404, "not found", false},
		{"GET", "/story-assets/notes/.secret", 403, "outside the story folder", false},
		{"GET", "/story-assets/%2e%2e/%2e%2e/etc/passwd", 403, "outside the story folder", false},
		{"GET", "/story-assets/img/..%2f..%2fpasswd", 403, "outside the story folder", false},
		{"GET", "/stripped//etc/passwd", 403, "not a media file", false}, // the mux cleans it to etc/passwd
		{"GET", "/story-assets/img%5c..%5c..%5cpasswd", 403, "outside the story folder", false},
		{"POST", "/story-assets/img/pony.png", 405, "read-only", false},
		{"GET", "/story-assets/img/escape.png", 403, "leads outside the story folder", true},
		{"GET", "/story-assets/inside.png", 200, "PNG!", true},
	}
	for _, tc := range tests {
		if tc.symlink && !links {
			continue
		}
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.method, tc.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code || !strings.Contains(string(body), tc.body) {
			t.Errorf("%s %s = %d %q, want %d containing %q", tc.method, tc.path, resp.StatusCode, body, tc.code, tc.body)
		}
		if strings.Contains(string(body), "root:x") {
			t.Errorf("%s %s leaked a file from outside the story folder", tc.method, tc.path)
		}
	}
}

// The raw handler refuses a path with ".." even when nothing cleaned it first.
func TestAssetHandlerRawPaths(t *testing.T) {
	dir := testkit.WriteTree(t, map[string]string{"ok.png": "ok"})
	h := StoryAssets(dir)
	for path, want := range map[string]int{
		"/story-assets/ok.png":           200,
		"/story-assets/../ok.png":        403,
		"/story-assets/sub/../../ok.png": 403,
		"/story-assets/":                 403,
		"/story-assets//ok.png":          403,
		"/story-assets/ok.png\x00.png":   403,
		"/story-assets/./ok.png":         200,
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = path
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("GET %q = %d, want %d", path, rec.Code, want)
		}
	}
	rec := httptest.NewRecorder()
	StoryAssets(filepath.Join(dir, "missing")).ServeHTTP(rec, httptest.NewRequest("GET", "/story-assets/ok.png", nil))
	if rec.Code != 404 {
		t.Errorf("missing story folder = %d, want 404", rec.Code)
	}
}
