package web

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"forkcast/app/story"
)

// StoryAssets serves the media files of the story folder dir (images,
// sound, video, fonts, PDF: see story.MediaType), for URLs under story.AssetPrefix
// (it works mounted with or without http.StripPrefix). Each answer carries
// its media type from the name and a sandboxing Content-Security-Policy, so
// an SVG's script never runs on the app's origin. It refuses with 403 any
// path with "..", an absolute path, a hidden file, a symlink that leads
// outside dir (absolute symlinks count as leading outside), a file of
// another type (the database, the story source, HTML) and a SQLite file
// under any name; a missing file or a folder is 404; methods other than
// GET and HEAD are 405.
func StoryAssets(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "forkcast: story assets are read-only", http.StatusMethodNotAllowed)
			return
		}
		name, ok := assetName(r.URL.Path)
		if !ok {
			http.Error(w, fmt.Sprintf("forkcast: %q is outside the story folder", r.URL.Path), http.StatusForbidden)
			return
		}
		if story.MediaType(name) == "" {
			http.Error(w, fmt.Sprintf("forkcast: %q is not a media file; only images, sound, video, fonts and PDF are served", name), http.StatusForbidden)
			return
		}
		serveAsset(w, r, dir, name)
	})
}

// assetName turns a request path into a name inside the story folder.
func assetName(p string) (string, bool) {
	name := strings.TrimPrefix(p, strings.TrimSuffix(story.AssetPrefix, "/"))
	name = strings.TrimPrefix(name, "/")
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0) || filepath.IsAbs(name) {
		return "", false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." || strings.HasPrefix(seg, ".") && seg != "." {
			return "", false
		}
	}
	return path.Clean(name), true
}

func serveAsset(w http.ResponseWriter, r *http.Request, dir, name string) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		http.Error(w, "forkcast: the story folder is missing", http.StatusNotFound)
		return
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(name))
	if errors.Is(err, fs.ErrNotExist) {
		http.Error(w, fmt.Sprintf("forkcast: %q not found in the story folder", name), http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, fmt.Sprintf("forkcast: %q leads outside the story folder", name), http.StatusForbidden)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.IsDir() {
		http.Error(w, fmt.Sprintf("forkcast: %q is not a file", name), http.StatusNotFound)
		return
	}
	var head [len(sqliteMagic)]byte
	n, _ := io.ReadFull(f, head[:])
	if isSQLite(head[:n]) {
		http.Error(w, fmt.Sprintf("forkcast: %q is a database, not a media file", name), http.StatusForbidden)
		return
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		http.Error(w, "forkcast: cannot read the file", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", story.MediaType(name))
	h.Set("Content-Security-Policy", assetCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), f)
}

// assetCSP is the policy of every story asset: opened on its own (an SVG
// in a tab, a link to it), it is a sandboxed document that may show its own
// styles and inline images and run nothing, and no page may frame it.
const assetCSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; media-src 'self'; frame-ancestors 'none'"

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// isSQLite reports whether head, a file's first bytes, is a SQLite
// database or its write-ahead log (magic 0x377f0682 or 0x377f0683).
func isSQLite(head []byte) bool {
	if string(head) == sqliteMagic {
		return true
	}
	return len(head) >= 4 && head[0] == 0x37 && head[1] == 0x7f && head[2] == 0x06 && (head[3] == 0x82 || head[3] == 0x83)
}
