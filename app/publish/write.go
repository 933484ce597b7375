package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"forkcast/app/show"
)

// Write writes files (slash paths) as folder dir, whole or not at all: into
// a new folder beside dir, then renamed into place, so a failure leaves dir
// as it was. A dir that exists must be empty or a previous publish (it
// holds Marker) unless force is true; it is then replaced.
func Write(dir string, files map[string][]byte, force bool) (err error) {
	dir = filepath.Clean(dir)
	if err := checkTarget(dir, force); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return fmt.Errorf("create a folder beside %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("open up %s: %w", tmp, err)
	}
	for name, data := range files {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if !strings.HasPrefix(p, tmp+string(filepath.Separator)) {
			return fmt.Errorf("site file %q leaves the folder", name)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("create folder for %s: %w", name, err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return swap(tmp, dir)
}

// swap puts folder tmp at dir, moving an old dir aside first and back
// if the rename fails.
func swap(tmp, dir string) error {
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("move the old %s aside: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return fmt.Errorf("put the new site at %s: %w", dir, err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("remove the old site (moved to %s): %w", old, err)
		}
	}
	return nil
}

// checkTarget refuses a dir that is a file, or a non-empty folder that is
// not a previous publish, unless force.
func checkTarget(dir string, force bool) error {
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("look at %s: %w", dir, err)
	case !fi.IsDir():
		return show.Errorf(show.EINVALID, "%s is a file, not a folder: give --out a folder.", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	if len(entries) == 0 || force {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return nil
	}
	return show.Errorf(show.ECONFLICT, "%s is not empty and is not a site Forkcast published: choose another folder, or add --force to replace it.", dir)
}
