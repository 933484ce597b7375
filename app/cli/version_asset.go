package cli

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"time"
)

// versionAsset is the file the frontend reads the build's version from (the
// Help overlay shows it), served beside index.html by the desktop window and
// by the web server alike: {"version": "..."}.
const versionAsset = "version.json"

// withVersion returns dist with versionAsset added; a nil dist stays nil (a
// build without the frontend). Opening any other name is dist's business.
func withVersion(dist fs.FS, version string) fs.FS {
	if dist == nil {
		return nil
	}
	body, _ := json.Marshal(struct {
		Version string `json:"version"`
	}{version}) // a struct of one string always marshals
	return versionFS{FS: dist, body: body}
}

// versionFS is a frontend with versionAsset added.
type versionFS struct {
	fs.FS
	body []byte
}

// Open opens versionAsset from memory and every other name from the frontend.
func (v versionFS) Open(name string) (fs.File, error) {
	if name != versionAsset {
		return v.FS.Open(name)
	}
	return &memFile{Reader: bytes.NewReader(v.body), size: int64(len(v.body))}, nil
}

// memFile is versionAsset opened: readable, seekable (http.ServeFileFS
// seeks), closing is a no-op.
type memFile struct {
	*bytes.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{size: f.size}, nil }
func (f *memFile) Close() error               { return nil }

// memInfo describes versionAsset.
type memInfo struct{ size int64 }

func (i memInfo) Name() string       { return versionAsset }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
