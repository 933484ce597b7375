package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"forkcast/app/show"
	"forkcast/app/sqlite"
)

// The stores: the show's database (and the files beside it), an existing
// one for the commands that read it, and the throw-away store of a walk.

// defaultDBPath returns where Forkcast keeps its database:
// os.UserConfigDir()/forkcast/forkcast.db. It fails when the system has no
// config folder ($HOME and $XDG_CONFIG_HOME unset).
func defaultDBPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config folder: %w", err)
	}
	return filepath.Join(dir, "forkcast", "forkcast.db"), nil
}

// dbPath is path, or the default database when path is empty.
func dbPath(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	return defaultDBPath()
}

// openStore opens (creating it and its folder) the show's database at path,
// the default one when path is empty.
func openStore(path string) (*sqlite.DB, error) {
	path, err := dbPath(path)
	if err != nil {
		return nil, err
	}
	return sqlite.Open(path)
}

// openExisting opens the database at path (the default one when empty)
// without creating one: export, purge and the rehearsal reports read it.
func openExisting(path string) (*sqlite.DB, error) {
	path, err := dbPath(path)
	if err != nil {
		return nil, err
	}
	return sqlite.OpenExisting(path)
}

// sidecar returns the path of a file kept beside the database at dbFile
// (the default one when empty): the modem's parts store, the relay cursor.
func sidecar(dbFile, name string) string {
	path, _ := dbPath(dbFile)
	return filepath.Join(filepath.Dir(path), name)
}

// scratchStore is a walk's throw-away store: a SQLite file in a new
// temporary folder, removed with it.
func scratchStore() (show.Store, func(), error) {
	dir, err := os.MkdirTemp("", "forkcast-walk-")
	if err != nil {
		return nil, nil, fmt.Errorf("temporary folder: %w", err)
	}
	db, err := sqlite.OpenScratch(filepath.Join(dir, "walk.db"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return db, func() { db.Close(); os.RemoveAll(dir) }, nil
}
