package web

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/story"
)

// FuzzActionBodies posts arbitrary bodies to every control action: the server
// must answer 200 or a coded 400, never panic or fail internally.
func FuzzActionBodies(f *testing.F) {
	for _, seed := range []string{"", "{}", `{"scene":"intro"}`, `{"choice":2,"reason":"r"}`, `{"on":true}`,
		`{"choice":-1}`, `{"choice":1e99}`, `[]`, `null`, `{"scene":null}`, "\xff\xfe", `{"on":"yes"}`} {
		f.Add(seed)
	}
	s, _ := newTest(f, &fakeController{}, nil)
	targets := []string{"/api/next", "/api/goto", "/api/poll/pick", "/api/blank", "/api/poll/open"}
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range targets {
			w := do(t, s.Handler(), req{method: "POST", target: target, body: body, header: auth()})
			if w.Code != 200 && w.Code != 400 {
				t.Fatalf("POST %s %q: status %d, want 200 or 400 (%s)", target, body, w.Code, w.Body)
			}
			var e apiError
			if w.Code == 400 && (json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Code != "invalid" || e.Message == "") {
				t.Fatalf("POST %s %q: 400 body %s, want {code: invalid, message}", target, body, w.Body)
			}
		}
	})
}

// FuzzStoryAssetPath requests arbitrary paths under /story-assets/ (raw, as
// a client that cleans nothing sends them) from a story folder that holds
// the show's database, the story source and a symlink to a file outside:
// the only file ever served is the one image, and nothing private leaks.
// Adversarial seeds are in testdata/fuzz/FuzzStoryAssetPath.
func FuzzStoryAssetPath(f *testing.F) {
	for _, seed := range []string{"img/pony.png", "forkcast.db", "../outside/secret.png", "img/..%2f..%2fforkcast.db",
		"%2e%2e/forkcast.db", "img\\..\\forkcast.db", "./img/./pony.png", "img//pony.png", "IMG/PONY.PNG",
		"forkcast.db\x00.png", "link.png", "talk.md", ".hidden.png", "img/pony.png/.", "..", "/etc/passwd"} {
		f.Add(seed)
	}
	root := f.TempDir()
	dir := filepath.Join(root, "talk")
	for name, body := range map[string]string{
		"talk/talk.md":        "---\ntitle: SOURCE\n---\n",
		"talk/forkcast.db":    "SQLite format 3\x00 DATABASE",
		"talk/img/pony.png":   "PONY",
		"talk/.hidden.png":    "HIDDEN",
		"outside/secret.png":  "SECRET",
		"talk/copy-of-db.png": "SQLite format 3\x00 DATABASE",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "outside", "secret.png"), filepath.Join(dir, "link.png")); err != nil {
		f.Fatal(err)
	}
	h := StoryAssets(dir)
	f.Fuzz(func(t *testing.T, p string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.Path = story.AssetPrefix + p
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		body := w.Body.String()
		for _, secret := range []string{"SOURCE", "DATABASE", "HIDDEN", "SECRET"} {
			if strings.Contains(body, secret) {
				t.Fatalf("GET %q = %d served a private file (%s)", p, w.Code, secret)
			}
		}
		switch w.Code {
		case 200:
			if body != "PONY" {
				t.Fatalf("GET %q = 200 %q, want the image", p, body)
			}
		case 403, 404:
		default:
			t.Fatalf("GET %q = %d, want 200, 403 or 404", p, w.Code)
		}
	})
}
