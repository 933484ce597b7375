// Package dbfile opens the SQLite files of every Forkcast store (the show's
// database, the modem's parts store, the relay's store) through one function,
// so the connection string is built and escaped in one place and every pooled
// connection gets the same pragmas. It imports only the standard library and
// the pure-Go driver (modernc.org/sqlite), so the bridges and the relay binary
// can use it without linking the rest of the app.
package dbfile

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// BusyTimeout is how long a connection waits for another writer's lock
// before a statement fails with SQLITE_BUSY.
const BusyTimeout = 5 * time.Second

// Options tune Open. The zero value opens (creating when absent) a file in
// WAL mode with synchronous FULL, foreign keys on, secure_delete on (what is
// deleted or overwritten is zeroed in its page, so phone numbers do not
// linger in the file's free space), IMMEDIATE write transactions and
// SQLite's default automatic checkpoints.
type Options struct {
	// MustExist refuses a path where no file exists, instead of creating it.
	MustExist bool
	// MakeDir creates the file's folder (and its parents, mode 0700) when
	// it is missing; otherwise a missing folder fails the open.
	MakeDir bool
	// ReadOnly opens the file read-only (SQLite's mode=ro): nothing is
	// created and the journal mode is left as it is. Implies MustExist.
	ReadOnly bool
	// Synchronous is the synchronous pragma; "" = FULL, so a commit is on
	// disk before anyone is told it happened (a text acknowledged to the
	// modem or to Twilio must survive a power cut).
	Synchronous string
	// AutoCheckpoint is wal_autocheckpoint in pages: 0 keeps SQLite's
	// default, a negative value turns automatic checkpoints off (the store
	// then runs Checkpoints itself).
	AutoCheckpoint int
	// MaxOpenConns bounds the pool; 0 = database/sql's default (no bound).
	MaxOpenConns int
}

// DSN returns the connection string for path: a SQLite URI ("file:" and the
// path, escaped, so that '?', '#', '%' and spaces in a folder or file name
// stay part of the name) with the pragmas of o as query parameters, which the
// driver runs on every new connection of the pool.
func DSN(path string, o Options) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.Itoa(int(BusyTimeout/time.Millisecond))+")")
	q.Add("_pragma", "foreign_keys(1)")
	if o.ReadOnly {
		q.Set("mode", "ro")
	} else {
		sync := o.Synchronous
		if sync == "" {
			sync = "FULL"
		}
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+sync+")")
		q.Add("_pragma", "secure_delete(1)")
		switch {
		case o.AutoCheckpoint < 0:
			q.Add("_pragma", "wal_autocheckpoint(0)")
		case o.AutoCheckpoint > 0:
			q.Add("_pragma", "wal_autocheckpoint("+strconv.Itoa(o.AutoCheckpoint)+")")
		}
		q.Set("_txlock", "immediate")
	}
	return "file:" + escapePath(path) + "?" + q.Encode()
}

// escapePath turns a file path into the path of a SQLite URI: slashes as
// separators, a leading slash before a Windows drive letter, and every byte
// that a URI would read as syntax percent-encoded (SQLite decodes them).
func escapePath(path string) string {
	p := filepath.ToSlash(path)
	if filepath.VolumeName(path) != "" {
		p = "/" + p
	}
	if strings.HasPrefix(p, "//") { // would read as a URI authority
		p = "/" + strings.TrimLeft(p, "/")
	}
	return (&url.URL{Path: p}).EscapedPath()
}

// ErrNotExist is wrapped by Open's error when Options.MustExist (or
// ReadOnly) is set and there is no file at the path.
var ErrNotExist = fs.ErrNotExist

// Open opens the SQLite file at path with o's pragmas, creating it (and its
// folder with MakeDir) unless o says it must exist, and checks that it runs in WAL mode (a
// read-only open is not checked). Errors name the path once ("open database
// PATH: ..."); callers add what the file is for, not the path again. It
// fails when path is empty, the file is missing and must exist (wrapping
// ErrNotExist), the folder cannot be made, or the file is not a database
// SQLite can use in WAL mode.
func Open(path string, o Options) (*sql.DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	fail := func(err error) error { return fmt.Errorf("open database %s: %w", path, err) }
	if o.ReadOnly || o.MustExist {
		if _, err := os.Stat(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fail(fmt.Errorf("no such file: %w", ErrNotExist))
			}
			return nil, fail(err)
		}
	} else if o.MakeDir {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fail(err)
		}
	}
	db, err := sql.Open("sqlite", DSN(path, o))
	if err != nil {
		return nil, fail(err)
	}
	if o.MaxOpenConns > 0 {
		db.SetMaxOpenConns(o.MaxOpenConns)
	}
	if o.ReadOnly {
		if err := db.Ping(); err != nil {
			db.Close()
			return nil, fail(err)
		}
		return db, nil
	}
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		db.Close()
		return nil, fail(fmt.Errorf("read journal mode: %w", err))
	}
	if mode != "wal" {
		db.Close()
		return nil, fail(fmt.Errorf("journal mode is %q, want wal", mode))
	}
	return db, nil
}

// Empty reports whether the database holds no table, index, view or
// trigger of its own: a new file. A store checks it before its first
// migration so that it never writes into someone else's database.
func Empty(ctx context.Context, db *sql.DB) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read the schema: %w", err)
	}
	return n == 0, nil
}

// Checkpoints copies the WAL into the database file every interval with a
// PASSIVE checkpoint (which never waits for a writer, so a commit never waits
// for it) until stop is called; stop returns once the checkpointer has ended.
// A failed checkpoint is tried again at the next tick.
func Checkpoints(db *sql.DB, every time.Duration) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(quit) })
		<-done
	}
}
