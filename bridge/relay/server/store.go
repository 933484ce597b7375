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

	in              chan putReq
	quit            chan struct{}
	done            chan struct{}
	stopCheckpoints func()
	once            sync.Once

	mu      sync.Mutex
	changed chan struct{} // closed and replaced after each commit that added texts

	// wmu serialises our own write transactions: SQLite's busy handler sleeps
	// in steps of up to 100 ms, so two of our writers must never meet there.
	wmu sync.Mutex

	acked atomic.Int64 // every id <= acked is acknowledged (acks are cumulative)
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
// writer. It fails when the file cannot be opened, is not WAL-capable, or a
// migration fails.
//
// The pragmas are dbfile's: synchronous(FULL), so a text is on disk before
// Twilio hears 200; IMMEDIATE write transactions, so two of them never
// deadlock on a lock upgrade; wal_autocheckpoint(10000), because the
// checkpointer goroutine checkpoints off the webhooks' path and the
// automatic one is only a backstop.
func openStore(path string) (*store, error) {
	db, err := dbfile.Open(path, dbfile.Options{AutoCheckpoint: 10000, MaxOpenConns: 8})
	if err != nil {
		return nil, fmt.Errorf("relay store: %w", err)
	}
	s := &store{db: db, in: make(chan putReq), quit: make(chan struct{}),
		done: make(chan struct{}), changed: make(chan struct{})}
	if err := s.init(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("relay store %s: %w", path, err)
	}
	go s.writer()
	s.stopCheckpoints = dbfile.Checkpoints(db, checkpointEvery)
	return s, nil
}

func (s *store) init(ctx context.Context) error {
	if err := migrate(ctx, s.db); err != nil {
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

// migrate applies the embedded migrations not yet recorded in user_version,
// each in its own transaction.
func migrate(ctx context.Context, db *sql.DB) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version == 0 {
		// Never write into another program's file.
		if empty, err := dbfile.Empty(ctx, db); err != nil {
			return err
		} else if !empty {
			return errors.New("not a relay store: it holds tables of another program")
		}
	}
	for i := version; i < len(names); i++ {
		body, err := migrations.ReadFile(names[i])
		if err != nil {
			return fmt.Errorf("read migration %s: %w", names[i], err)
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: record version: %w", names[i], err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: commit: %w", names[i], err)
		}
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

// ping checks the database answers (readiness).
func (s *store) ping(ctx context.Context) error {
	select {
	case <-s.quit:
		return errClosed
	default:
	}
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("ping relay store: %w", err)
	}
	return nil
}

// Close stops the writer after the batch it is committing, then closes the
// database. Puts waiting for the writer fail with errClosed.
func (s *store) Close() error {
	s.once.Do(func() { close(s.quit) })
	<-s.done
	s.stopCheckpoints()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close relay store: %w", err)
	}
	return nil
}
