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
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"forkcast/app/show"
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
	stop  chan struct{}
	done  chan struct{}
}

// checkpointEvery is how often the background checkpointer copies the WAL
// into the database file. Checkpoints run there, on their own connection,
// never inside a commit: an Ingest never waits for one.
const checkpointEvery = 500 * time.Millisecond

var _ show.Store = (*DB)(nil)

// Open opens (creating when absent, with its folder) the database at path and
// applies pending migrations. Every pooled connection gets the pragmas of the
// DSN: WAL, busy_timeout 5 s, foreign keys on, synchronous FULL; write
// transactions begin IMMEDIATE. It fails when the file cannot be created or
// opened, is not a Forkcast database, or does not run in WAL mode.
func Open(path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("open database: empty path")
	}
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	sqldb, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{db: sqldb, path: path, stop: make(chan struct{}), done: make(chan struct{})}
	if err := db.init(context.Background()); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	go db.checkpoints()
	return db, nil
}

// dsn builds the connection string; pragmas go here so every connection of
// the pool gets them, not only the first.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous("+Synchronous+")")
	q.Add("_pragma", "wal_autocheckpoint(0)") // see checkpointEvery
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

func (db *DB) init(ctx context.Context) error {
	var mode string
	if err := db.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("read journal mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, want wal", mode)
	}
	if err := db.migrate(ctx); err != nil {
		return err
	}
	return db.prepare(ctx)
}

// checkpoints runs a passive checkpoint every checkpointEvery until Close;
// a failed one (busy) is simply tried again at the next tick.
func (db *DB) checkpoints() {
	defer close(db.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
			db.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// Close closes the database, checkpointing the WAL into the file. It fails
// when the last checkpoint fails.
func (db *DB) Close() error {
	select {
	case <-db.stop:
		return nil
	default:
	}
	close(db.stop)
	<-db.done
	for _, s := range db.stmts {
		s.Close()
	}
	if err := db.db.Close(); err != nil {
		return fmt.Errorf("close database %s: %w", db.path, err)
	}
	return nil
}

// Path returns the file the database was opened from.
func (db *DB) Path() string { return db.path }

// migrate applies every embedded migration not yet recorded, each in its own
// transaction with its record, in version order.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateOne(ctx, name); err != nil {
			return err
		}
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
