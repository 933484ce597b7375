package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// outFile is a file the CLI writes (--out): it is written under a
// temporary name beside its destination and renamed over it by commit, so
// the destination holds either what it held before or the whole new
// content, never a part, and a failed command leaves it as it was.
type outFile struct {
	*os.File
	dst  string
	done bool
}

// createOut starts writing dst. It fails when the folder cannot take a
// new file.
func createOut(dst string) (*outFile, error) {
	f, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", dst, err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("create %s: %w", dst, err)
	}
	return &outFile{File: f, dst: dst}, nil
}

// commit syncs the new content and renames it over the destination. On
// failure the destination is left as it was.
func (f *outFile) commit() error {
	if f.done {
		return errors.New("write " + f.dst + ": already finished")
	}
	f.done = true
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.dst)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", f.dst, err)
	}
	return nil
}

// abort drops the new content; the destination is left as it was. It does
// nothing after commit, so it can be deferred.
func (f *outFile) abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	os.Remove(f.Name())
}

// writeOut writes b to dst whole (see outFile).
func writeOut(dst string, b []byte) error {
	f, err := createOut(dst)
	if err != nil {
		return err
	}
	defer f.abort()
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return f.commit()
}
