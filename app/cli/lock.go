package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"forkcast/app/show"

	"github.com/gofrs/flock"
)

// One show per database: two copies of the app (or of serve) on one file
// would both resume the session and fight over the projector. A lock file
// beside the database holds an advisory lock (flock) for as long as the
// process runs; the kernel drops it when the process ends, even by kill -9,
// so a stale file never blocks the next start.

// dbLock is a held lock; release it with unlock.
type dbLock struct{ fl *flock.Flock }

// lockDatabase takes the lock of the database at dbFile (the default one when
// empty), writing this process's id into the lock file. It fails with a
// *show.Error of code ECONFLICT naming the other process's id when another
// process holds the lock, or when the lock file cannot be opened.
func lockDatabase(dbFile string) (*dbLock, error) {
	db, err := dbPath(dbFile)
	if err != nil {
		return nil, err
	}
	path := db + ".lock"
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("lock the database: %w", err)
	}
	fl := flock.New(path, flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock the database (%s): %w", path, err)
	}
	if !ok {
		pid := "unknown"
		if b, err := os.ReadFile(path); err == nil && strings.TrimSpace(string(b)) != "" {
			pid = strings.TrimSpace(string(b))
		}
		return nil, show.Errorf(show.ECONFLICT, "Forkcast is already running on this database (pid %s); close it first, or choose another file with --db.", pid)
	}
	// The pid is for the message above; the lock itself is the flock.
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("lock the database (%s): %w", path, err)
	}
	return &dbLock{fl: fl}, nil
}

// unlock releases the lock, leaving the file (removing it would race with a
// process that opened it and waits for the lock).
func (l *dbLock) unlock() error {
	if err := l.fl.Unlock(); err != nil {
		return fmt.Errorf("unlock the database: %w", err)
	}
	return nil
}
