package web

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"forkcast/app/story"
)

// StoryAssets serves the files of the story folder dir, for URLs under
// story.AssetPrefix (it works mounted with or without http.StripPrefix). It refuses
// with 403 any path with "..", an absolute path, a hidden file, or a symlink
// that leads outside dir (absolute symlinks count as leading outside); a
// missing file or a folder is 404; methods other than GET and HEAD are 405.
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
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), f)
}
