package server

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"forkcast/app/sqlite/dbfile"
)

//go:embed migrations/*.sql
var migrations embed.FS

// errClosed is returned by store operations after Close.
var errClosed = errors.New("relay store closed")

// text is one stored inbound text.
type text struct {
	ID         int64
	Provider   string // "twilio", "telnyx"
	ProviderID string // the provider's message id
	From       string
	To         string
	Body       string
	ReceivedAt time.Time
}

// store is the relay's embedded SQLite file. Inserts go through one writer
// goroutine that commits whatever is waiting in a single transaction (group
// commit), so one fsync serves many webhooks under load.
type store struct {
	db    *sql.DB
	epoch string

	in          chan putReq
	quit        chan struct{}
	done        chan struct{} // closed when the writer has stopped
	checkpoints chan struct{} // closed when the checkpointer has stopped
	once        sync.Once

	mu      sync.Mutex
	changed chan struct{} // closed and replaced after each commit that added texts

	// wmu serialises our own write transactions: SQLite's busy handler sleeps
	// in steps of up to 100 ms, so two of our writers must never meet there.
	wmu sync.Mutex

	acked atomic.Int64 // every id <= acked is acknowledged (acks are cumulative)

	// dirty is set when erased numbers may still sit in the WAL because a
	// scrub could not finish; the checkpointer scrubs again.
	dirty atomic.Bool

	probeMu sync.Mutex // one readiness probe at a time
	resMu   sync.Mutex
	probed  probeResult // the last probe's or failed write's outcome
}

// probeResult is the outcome of the last write readiness knows of.
type probeResult struct {
	at  time.Time
	err error
}

type putReq struct {
	t   text
	res chan putRes
}

type putRes struct {
	id  int64
	dup bool
	err error
}

// checkpointEvery is how often the WAL is copied back into the database.
const checkpointEvery = 500 * time.Millisecond

// openStore opens (creating and migrating) the store at path and starts its
// writer. It fails when the file cannot be opened, is not WAL-capable, was
// written by a newer relay, or a migration fails.
//
// The pragmas are dbfile's: synchronous(FULL), so a text is on disk before
// Twilio hears 200; secure_delete, so erased numbers are zeroed in the
// pages; IMMEDIATE write transactions, so two of them never deadlock on a
// lock upgrade; wal_autocheckpoint(10000), because the checkpointer
// goroutine checkpoints off the webhooks' path and the automatic one is only
// a backstop.
func openStore(path string) (*store, error) {
	if err := precheck(path); err != nil {
		return nil, fmt.Errorf("relay store: %w", err)
	}
	db, err := dbfile.Open(path, dbfile.Options{AutoCheckpoint: 10000, MaxOpenConns: 8})
	if err != nil {
		return nil, fmt.Errorf("relay store: %w", err)
	}
	s := &store{db: db, in: make(chan putReq), quit: make(chan struct{}),
		done: make(chan struct{}), checkpoints: make(chan struct{}), changed: make(chan struct{})}
	if err := s.init(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("relay store %s: %w", path, err)
	}
	go s.writer()
	go s.checkpointer(checkpointEvery)
	return s, nil
}

func (s *store) init(ctx context.Context) error {
	created, err := migrate(ctx, s.db)
	if err != nil {
		return err
	}
	if err := s.scrubOnOpen(ctx, created); err != nil {
		return err
	}
	epoch, err := s.meta(ctx, "epoch")
	if err != nil {
		return err
	}
	if epoch == "" {
		b := make([]byte, 8)
		rand.Read(b)
		epoch = hex.EncodeToString(b)
		if err := s.setMeta(ctx, "epoch", epoch); err != nil {
			return err
		}
	}
	s.epoch = epoch
	acked, err := s.meta(ctx, "acked")
	if err != nil {
		return err
	}
	n, _ := strconv.ParseInt(acked, 10, 64)
	s.acked.Store(n)
	return nil
}

// ErrNewerSchema is wrapped by NewServer's error when the database was
// written by a newer relay: this one refuses to read or write it.
var ErrNewerSchema = errors.New("written by a newer forkcast-relay")

// migrate applies the embedded migrations not yet recorded in user_version,
// each in its own transaction; created is true when the file was new. It
// writes nothing into a file of another program or of a newer schema.
func migrate(ctx context.Context, db *sql.DB) (created bool, err error) {
	names, version, err := checkSchema(ctx, db)
	if err != nil {
		return false, err
	}
	for i := version; i < len(names); i++ {
		body, err := migrations.ReadFile(names[i])
		if err != nil {
			return false, fmt.Errorf("read migration %s: %w", names[i], err)
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return false, fmt.Errorf("migration %s: %w", names[i], err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return false, fmt.Errorf("migration %s: %w", names[i], err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return false, fmt.Errorf("migration %s: record version: %w", names[i], err)
		}
		if err := tx.Commit(); err != nil {
			return false, fmt.Errorf("migration %s: commit: %w", names[i], err)
		}
	}
	return version == 0, nil
}

// checkSchema returns the embedded migrations and the file's schema
// version; it fails when the file is of a newer relay (ErrNewerSchema) or
// holds another program's tables. It only reads.
func checkSchema(ctx context.Context, db *sql.DB) (names []string, version int, err error) {
	names, err = fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, 0, fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return nil, 0, fmt.Errorf("read schema version: %w", err)
	}
	if version > len(names) {
		return nil, 0, fmt.Errorf("%w (schema version %d; this one knows up to %d): upgrade forkcast-relay, or give --db another file",
			ErrNewerSchema, version, len(names))
	}
	if version == 0 {
		// Never write into another program's file.
		if empty, err := dbfile.Empty(ctx, db); err != nil {
			return nil, 0, err
		} else if !empty {
			return nil, 0, ErrForeign
		}
	}
	return names, version, nil
}

// ErrForeign is wrapped by NewServer's error when the database holds
// tables of another program: the relay writes nothing into it.
var ErrForeign = errors.New("not a relay store: it holds tables of another program")

// precheck reads an existing, non-empty file at path read-only and refuses
// it when it is another program's database or a newer relay's, before the
// writable open (whose pragmas switch the file to WAL) writes a byte.
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
	if _, _, err := checkSchema(context.Background(), ro); err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	return nil
}

// meta reads a setting; a missing key reads as "".
func (s *store) meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

func (s *store) setMeta(ctx context.Context, key, value string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, err := s.db.ExecContext(ctx,
		"INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		key, value)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// Changed returns a channel closed after the next commit that adds texts.
// Take it before reading, so a commit between the read and the wait is seen.
func (s *store) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

func (s *store) notify() {
	s.mu.Lock()
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

// probeEvery is how often readiness may write its probe; the answers in
// between repeat the last outcome, so polling /readyz costs no more writes.
const probeEvery = time.Second

// writable reports whether the store takes a write: it commits a small
// probe (at most once per probeEvery; a failed real write counts too) and
// fails when that fails, the store is closed, or ctx ends first.
func (s *store) writable(ctx context.Context) error {
	if err := s.lastWrite(); err != errStale {
		return err
	}
	s.probeMu.Lock()
	defer s.probeMu.Unlock()
	if err := s.lastWrite(); err != errStale { // another caller just probed
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err := s.probe(ctx)
	s.noteWrite(err)
	return err
}

var errStale = errors.New("no recent write outcome")

// lastWrite returns the outcome of the last probe or failed write if it is
// recent, else errStale.
func (s *store) lastWrite() error {
	s.resMu.Lock()
	defer s.resMu.Unlock()
	if s.probed.at.IsZero() || time.Since(s.probed.at) >= probeEvery {
		return errStale
	}
	return s.probed.err
}

// noteWrite records a write's outcome for readiness.
func (s *store) noteWrite(err error) {
	s.resMu.Lock()
	s.probed = probeResult{at: time.Now(), err: err}
	s.resMu.Unlock()
}

// probe commits a write that changes nothing anyone reads.
func (s *store) probe(ctx context.Context) error {
	select {
	case <-s.quit:
		return errClosed
	default:
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, err := s.db.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES('probe', ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, strconv.FormatInt(time.Now().UnixMilli(), 10))
	if err != nil {
		return fmt.Errorf("write probe: %w", err)
	}
	return nil
}

// Close stops the writer after the batch it is committing and the
// checkpointer, then closes the database. Puts waiting for the writer fail
// with errClosed.
func (s *store) Close() error {
	s.once.Do(func() { close(s.quit) })
	<-s.done
	<-s.checkpoints
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close relay store: %w", err)
	}
	return nil
}
