package twine

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/story"
)

func TestImportFetchImages(t *testing.T) {
	// A real PNG: the checker reads the size of the images it measures (a
	// broken one would get a warning of its own).
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	pony := pngBuf.Bytes()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/img/pony.png":
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(pony)
		case "/chart":
			w.Header().Set("Content-Type", "image/svg+xml")
			_, _ = w.Write([]byte("<svg/>"))
		case "/page.png":
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	twee := ":: StoryTitle\nPics\n\n:: Start\n" +
		"<img src=\"" + srv.URL + "/img/pony.png\"> ![again](" + srv.URL + "/img/pony.png)\n" +
		"![chart](" + srv.URL + "/chart)\n" +
		"![html](" + srv.URL + "/page.png) ![gone](" + srv.URL + "/gone.png)\n"
	dir := t.TempDir()
	imp, ds, err := Import(strings.NewReader(twee), "pics.twee", ImportOptions{FetchImages: true, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`4:1: warning: passage "Start": could not fetch image ` + srv.URL + `/page.png (not an image (Content-Type "text/html")); the slide keeps the remote URL`,
		`4:1: warning: passage "Start": could not fetch image ` + srv.URL + `/gone.png (HTTP 404 Not Found); the slide keeps the remote URL`,
	}
	got := lines(ds)
	if len(got) != 2 || !(got[0] == want[0] && got[1] == want[1] || got[0] == want[1] && got[1] == want[0]) {
		t.Errorf("diagnostics = %q, want %q", got, want)
	}
	if len(imp.Images) != 2 || !strings.HasPrefix(imp.Images[0], "images/pony-") || !strings.HasSuffix(imp.Images[0], ".png") ||
		!strings.HasPrefix(imp.Images[1], "images/chart-") || !strings.HasSuffix(imp.Images[1], ".svg") {
		t.Fatalf("images = %q, want images/pony-<hash>.png and images/chart-<hash>.svg", imp.Images)
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(imp.Images[0])))
	if err != nil || string(data) != string(pony) {
		t.Errorf("saved image = %q, %v", data, err)
	}
	src := string(imp.Source)
	if strings.Count(src, imp.Images[0]) != 2 || strings.Contains(src, srv.URL+"/img/pony.png") {
		t.Errorf("the story still points at the remote pony:\n%s", src)
	}
	_, checked := story.Parse(filepath.Join(dir, "pics.md"), imp.Source, dir)
	for _, d := range checked {
		if strings.Contains(d.Message, "images/") {
			t.Errorf("fetched image reported: %v", d)
		}
	}
}

func TestImageName(t *testing.T) {
	for _, tc := range []struct{ url, ctype, prefix, ext string }{
		{"https://x.org/a/Pony%20Pic.PNG?x=1", "image/png", "PonyPic-", ".PNG"},
		{"https://x.org/", "image/jpeg", "image-", ".jpg"},
		{"https://x.org/../../etc/passwd", "image/gif", "passwd-", ".gif"},
	} {
		got := imageName(tc.url, tc.ctype, []byte("x"))
		if !strings.HasPrefix(got, tc.prefix) || !strings.HasSuffix(got, tc.ext) || strings.ContainsAny(got, "/\\ ") {
			t.Errorf("imageName(%q) = %q, want %s...%s", tc.url, got, tc.prefix, tc.ext)
		}
	}
}
