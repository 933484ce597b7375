// Package sqlite is Forkcast's store: one SQLite file (modernc.org/sqlite, pure
// Go) in WAL mode with embedded, numbered migrations. It implements show.Store.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite/dbfile"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Synchronous is the synchronous pragma every connection gets. FULL makes each
// commit durable across a power cut, not only a crash of the process: a text
// acknowledged to the modem is deleted from its SIM, so losing it to a dead
// battery would lose it for good. Group commit amortises the extra fsync.
const Synchronous = "FULL"

// DB is the store. It is safe for concurrent use.
type DB struct {
	db    *sql.DB
	path  string
	stmts map[string]*sql.Stmt

	stopCheckpoints func()
	closeOnce       sync.Once
	closeErr        error
}

// checkpointEvery is how often the background checkpointer copies the WAL
// into the database file. Checkpoints run there, on their own connection,
// never inside a commit: an Ingest never waits for one.
const checkpointEvery = 500 * time.Millisecond

var _ show.Store = (*DB)(nil)

// Open opens (creating when absent, with its folder) the database at path and
// applies pending migrations. Every pooled connection gets the pragmas of
// dbfile.Open: WAL, busy_timeout 5 s, foreign keys on, synchronous FULL; write
// transactions begin IMMEDIATE. It fails when the file cannot be created or
// opened, is not a Forkcast database (nothing is written into it then), or
// does not run in WAL mode.
func Open(path string) (*DB, error) { return open(path, false) }

// OpenExisting is Open for a database that must already exist (export,
// purge, reports): it fails wrapping dbfile.ErrNotExist instead of creating one.
func OpenExisting(path string) (*DB, error) { return open(path, true) }

func open(path string, mustExist bool) (*DB, error) {
	if err := precheck(path); err != nil {
		return nil, err
	}
	sqldb, err := dbfile.Open(path, dbfile.Options{MustExist: mustExist, MakeDir: !mustExist, Synchronous: Synchronous, AutoCheckpoint: -1})
	if err != nil {
		return nil, err
	}
	db := &DB{db: sqldb, path: path}
	if err := db.init(context.Background()); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.stopCheckpoints = dbfile.Checkpoints(sqldb, checkpointEvery)
	return db, nil
}

func (db *DB) init(ctx context.Context) error {
	if err := db.migrate(ctx); err != nil {
		return err
	}
	return db.prepare(ctx)
}

// Close closes the database, checkpointing the WAL into the file. It fails
// when the last checkpoint fails.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.stopCheckpoints()
		for _, s := range db.stmts {
			s.Close()
		}
		if err := db.db.Close(); err != nil {
			db.closeErr = fmt.Errorf("close database %s: %w", db.path, err)
		}
	})
	return db.closeErr
}

// Path returns the file the database was opened from.
func (db *DB) Path() string { return db.path }

// migrate applies every embedded migration not yet recorded, each in its own
// transaction with its record, in version order.
func (db *DB) migrate(ctx context.Context) error {
	if err := db.checkOurs(ctx); err != nil {
		return err
	}
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	if err := db.checkNotNewer(ctx, names); err != nil {
		return err
	}
	for _, name := range names {
		if err := db.migrateOne(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// precheck reads an existing, non-empty file at path read-only and refuses
// it when it is another program's database or a newer Forkcast's, before
// the writable open (whose pragmas switch the file to WAL) writes a byte.
func precheck(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.Size() == 0 {
		return nil // missing or new: the writable open says what is wrong
	}
	ro, err := dbfile.Open(path, dbfile.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer ro.Close()
	ctx := context.Background()
	check := &DB{db: ro, path: path}
	if err := check.checkOurs(ctx); err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	if err := check.checkNotNewer(ctx, names); err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	return nil
}

// migrationNames lists the embedded migrations in version order.
func migrationNames() ([]string, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	return names, nil
}

// ErrForeign is wrapped by Open's error when the file is a SQLite database
// of another program: it has tables but no Forkcast migration record.
var ErrForeign = errors.New("not a Forkcast database")

// checkOurs refuses, before anything is written, a database that has tables
// but no migrations table: another program's file.
func (db *DB) checkOurs(ctx context.Context) error {
	var ours int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`).Scan(&ours); err != nil {
		return fmt.Errorf("read the schema: %w", err)
	}
	if ours > 0 {
		return nil
	}
	empty, err := dbfile.Empty(ctx, db.db)
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("%w: it holds tables of another program", ErrForeign)
	}
	return nil
}

// ErrNewer is wrapped by Open's error when the file was written by a newer
// Forkcast: it records a migration this build does not have.
var ErrNewer = errors.New("written by a newer Forkcast")

// checkNotNewer refuses, before anything is written, a file whose highest
// migration is above the highest of names (the embedded ones).
func (db *DB) checkNotNewer(ctx context.Context, names []string) error {
	known := 0
	for _, n := range names {
		if v, err := strconv.Atoi(strings.SplitN(filepath.Base(n), "_", 2)[0]); err == nil {
			known = max(known, v)
		}
	}
	var has int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`).Scan(&has); err != nil {
		return fmt.Errorf("read the schema: %w", err)
	}
	if has == 0 {
		return nil
	}
	v, err := db.Version(ctx)
	if err != nil {
		return err
	}
	if v > known {
		return fmt.Errorf("%w (schema version %d; this build knows up to %d): upgrade Forkcast to use it, or choose another file with --db", ErrNewer, v, known)
	}
	return nil
}

func (db *DB) migrateOne(ctx context.Context, name string) error {
	base := filepath.Base(name)
	version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
	if err != nil {
		return fmt.Errorf("migration %s: name must start with a number", base)
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrations, name)
	if err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, base, time.Now().UnixNano()); err != nil {
		return fmt.Errorf("migration %s: record: %w", base, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", base, err)
	}
	return nil
}

// Version returns the highest applied migration.
func (db *DB) Version(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := db.db.QueryRowContext(ctx, `SELECT MAX(version) FROM migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// Setting returns a stored setting; ok is false when it is unset.
func (db *DB) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := db.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, true, nil
}

// Begin starts a write transaction (BEGIN IMMEDIATE).
func (db *DB) Begin(ctx context.Context) (show.Tx, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{tx: tx, db: db}, nil
}

// nanos and fromNanos store times as Unix nanoseconds; the zero time is NULL.
func nanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

func fromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
