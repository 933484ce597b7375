package cli

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"forkcast/app/story"
	"forkcast/app/web"
	"forkcast/stories"
)

// What the binary carries and serves: the built frontend, the bundled
// talks, and the story's own files for the desktop window.

// frontendFS returns the built frontend, or an error naming the fix when the
// binary was built without it.
func frontendFS(dist fs.FS) (fs.FS, error) {
	if dist != nil {
		if _, err := fs.Stat(dist, "index.html"); err == nil {
			return dist, nil
		}
	}
	return nil, errors.New("this binary was built without the frontend: run 'make build'")
}

// storyAssets serves the story's images to the desktop window, under
// story.AssetPrefix.
func storyAssets(storyPath string) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(story.AssetPrefix, http.StripPrefix(story.AssetPrefix, web.StoryAssets(filepath.Dir(storyPath))))
	return mux
}

// extractBundled writes the bundled stories to the user cache folder (so their
// images can be served like any story's) and returns the default talk's path.
func extractBundled(version string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "forkcast", "stories-"+version)
	err = fs.WalkDir(stories.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := fs.ReadFile(stories.FS, p)
		if err != nil {
			return err
		}
		if old, err := os.ReadFile(dst); err == nil && string(old) == string(b) {
			return nil
		}
		return writeOut(dst, b)
	})
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, stories.Default), nil
}
