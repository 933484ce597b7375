package android

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// Snapshot is what the Source keeps across laptop restarts. It holds no phone
// number and no text: opt-outs and pairings are keyed hashes.
type Snapshot struct {
	Secret []byte          // HMAC key of provider ids and opt-outs
	Cursor Cursor          // how far the inbox has been read
	Pairs  []Pair          // recent id decisions that are not a pure function of the text
	OptOut map[string]bool // keyed hashes of the numbers that texted STOP
}

// Cursor is how far the inbox has been read (poll.go). Since and BelowFrom
// are the phone's own time stamps, since the app filters on them.
type Cursor struct {
	Since     time.Time `json:"since"`     // the first time stamp this show reads
	BelowFrom time.Time `json:"belowFrom"` // every read starts here...
	Below     int       `json:"below"`     // ...and [Since, BelowFrom) held this many texts
	Device    string    `json:"device"`    // the phone's device id: another phone starts over
	Saved     time.Time `json:"saved"`     // when this was saved (laptop clock)
}

// Pair records the provider id given to one delivery whose id is not simply
// its own hash: a delivery that took its twin's id (ident.go).
type Pair struct {
	Exact   string    // keyed hash of the delivery (content, stamp kind, stamp)
	Content string    // keyed hash of sender, SIM and text
	Phone   bool      // the stamp came from the phone's clock
	At      time.Time // the stamp on the laptop's clock
	ID      string    // provider id handed to the engine
}

// State keeps a Snapshot across restarts. OpenState gives the usual one, a
// small SQLite file next to the show's database; nil in Config keeps it in
// memory (a restart then reads the last lookback again and may store a text
// twice, though never count it twice: one vote per phone).
type State interface {
	// Load returns what was saved (creating the secret on first use), with
	// the pairs stamped at or after since; it fails when the store does.
	Load(ctx context.Context, since time.Time) (Snapshot, error)
	// SavePairs records id decisions before their texts go to the engine.
	SavePairs(ctx context.Context, ps []Pair) error
	// SaveCursor records the cursor after the engine committed what it covers.
	SaveCursor(ctx context.Context, c Cursor) error
	// SetOptOut records that the number with this keyed hash texted STOP (out) or START.
	SetOptOut(ctx context.Context, key string, out bool, at time.Time) error
	// Forget drops pairs stamped before t.
	Forget(ctx context.Context, t time.Time) error
}

// SQLiteState is a State in its own SQLite file (this package imports no
// other Forkcast package but app/vote, so it does not share the show's
// database). Every write is one transaction.
type SQLiteState struct {
	db *sql.DB
}

var _ State = (*SQLiteState)(nil)

const stateSchema = `
CREATE TABLE IF NOT EXISTS android_meta (k TEXT PRIMARY KEY, v BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS android_pairs (
	exact   TEXT PRIMARY KEY,
	content TEXT NOT NULL,
	phone   INTEGER NOT NULL,
	at_ms   INTEGER NOT NULL,
	id      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS android_pairs_at ON android_pairs (at_ms);
CREATE TABLE IF NOT EXISTS android_optout (k TEXT PRIMARY KEY, at_ms INTEGER NOT NULL);`

// OpenState opens (creating if needed) the SQLite file at path, in WAL
// mode. It fails when the file cannot be opened or its tables made.
//
// Writes are not synced to disk one by one (synchronous NORMAL): a crash of
// Forkcast loses nothing, a power cut may lose the last second of id
// decisions, after which a text that came by both receive paths could be
// stored twice (never counted twice: one vote per phone). Syncing each
// decision would double the time a webhook takes to reach the tally.
func OpenState(path string) (*SQLiteState, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open android state %s: %w", path, err)
	}
	if _, err := db.Exec(stateSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open android state %s: %w", path, err)
	}
	return &SQLiteState{db: db}, nil
}

// Close closes the file; it fails as sql.DB.Close does.
func (s *SQLiteState) Close() error { return s.db.Close() }

// Load reads the snapshot; it fails when SQLite does or the cursor is corrupt.
func (s *SQLiteState) Load(ctx context.Context, since time.Time) (Snapshot, error) {
	var snap Snapshot
	err := s.db.QueryRowContext(ctx, `SELECT v FROM android_meta WHERE k = 'secret'`).Scan(&snap.Secret)
	if errors.Is(err, sql.ErrNoRows) {
		snap.Secret = newSecret()
		_, err = s.db.ExecContext(ctx, `INSERT INTO android_meta (k, v) VALUES ('secret', ?)`, snap.Secret)
	}
	if err != nil {
		return snap, fmt.Errorf("load android state: %w", err)
	}
	var raw []byte
	err = s.db.QueryRowContext(ctx, `SELECT v FROM android_meta WHERE k = 'cursor'`).Scan(&raw)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return snap, fmt.Errorf("load android cursor: %w", err)
	}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &snap.Cursor); err != nil {
			return snap, fmt.Errorf("load android cursor: %w", err)
		}
	}
	if snap.Pairs, err = s.pairs(ctx, since); err != nil {
		return snap, err
	}
	snap.OptOut = map[string]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT k FROM android_optout`)
	if err != nil {
		return snap, fmt.Errorf("load android opt-outs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return snap, fmt.Errorf("load android opt-outs: %w", err)
		}
		snap.OptOut[k] = true
	}
	return snap, rows.Err()
}

func (s *SQLiteState) pairs(ctx context.Context, since time.Time) ([]Pair, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT exact, content, phone, at_ms, id FROM android_pairs
		WHERE at_ms >= ? ORDER BY at_ms`, since.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("load android pairs: %w", err)
	}
	defer rows.Close()
	var ps []Pair
	for rows.Next() {
		var p Pair
		var ms int64
		if err := rows.Scan(&p.Exact, &p.Content, &p.Phone, &ms, &p.ID); err != nil {
			return nil, fmt.Errorf("load android pairs: %w", err)
		}
		p.At = time.UnixMilli(ms)
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// SavePairs inserts ps in one transaction; it fails when SQLite does.
func (s *SQLiteState) SavePairs(ctx context.Context, ps []Pair) error {
	if len(ps) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save android pairs: %w", err)
	}
	defer tx.Rollback()
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO android_pairs (exact, content, phone, at_ms, id)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (exact) DO UPDATE SET id = excluded.id`,
			p.Exact, p.Content, p.Phone, p.At.UnixMilli(), p.ID); err != nil {
			return fmt.Errorf("save android pairs: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save android pairs: %w", err)
	}
	return nil
}

// SaveCursor replaces the cursor; it fails when SQLite does.
func (s *SQLiteState) SaveCursor(ctx context.Context, c Cursor) error {
	b, _ := json.Marshal(c)
	if _, err := s.db.ExecContext(ctx, `INSERT INTO android_meta (k, v) VALUES ('cursor', ?)
		ON CONFLICT (k) DO UPDATE SET v = excluded.v`, b); err != nil {
		return fmt.Errorf("save android cursor: %w", err)
	}
	return nil
}

// SetOptOut records or clears an opt-out; it fails when SQLite does.
func (s *SQLiteState) SetOptOut(ctx context.Context, key string, out bool, at time.Time) error {
	var err error
	if out {
		_, err = s.db.ExecContext(ctx, `INSERT INTO android_optout (k, at_ms) VALUES (?, ?)
			ON CONFLICT (k) DO UPDATE SET at_ms = excluded.at_ms`, key, at.UnixMilli())
	} else {
		_, err = s.db.ExecContext(ctx, `DELETE FROM android_optout WHERE k = ?`, key)
	}
	if err != nil {
		return fmt.Errorf("record opt-out: %w", err)
	}
	return nil
}

// Forget deletes pairs stamped before t; it fails when SQLite does.
func (s *SQLiteState) Forget(ctx context.Context, t time.Time) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM android_pairs WHERE at_ms < ?`, t.UnixMilli()); err != nil {
		return fmt.Errorf("forget android pairs: %w", err)
	}
	return nil
}

func newSecret() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}

// memState is the State used when Config.State is nil.
type memState struct {
	mu     sync.Mutex
	secret []byte
	cursor Cursor
	pairs  map[string]Pair
	optOut map[string]bool
}

func newMemState() *memState {
	return &memState{secret: newSecret(), pairs: map[string]Pair{}, optOut: map[string]bool{}}
}

// Load returns what was saved; it never fails.
func (m *memState) Load(_ context.Context, since time.Time) (Snapshot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := Snapshot{Secret: m.secret, Cursor: m.cursor, OptOut: map[string]bool{}}
	for _, p := range m.pairs {
		if !p.At.Before(since) {
			s.Pairs = append(s.Pairs, p)
		}
	}
	for k := range m.optOut {
		s.OptOut[k] = true
	}
	return s, nil
}

// SavePairs keeps ps; it never fails.
func (m *memState) SavePairs(_ context.Context, ps []Pair) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range ps {
		m.pairs[p.Exact] = p
	}
	return nil
}

// SaveCursor keeps c; it never fails.
func (m *memState) SaveCursor(_ context.Context, c Cursor) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cursor = c
	return nil
}

// SetOptOut records or clears an opt-out; it never fails.
func (m *memState) SetOptOut(_ context.Context, key string, out bool, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if out {
		m.optOut[key] = true
	} else {
		delete(m.optOut, key)
	}
	return nil
}

// Forget drops pairs stamped before t; it never fails.
func (m *memState) Forget(_ context.Context, t time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, p := range m.pairs {
		if p.At.Before(t) {
			delete(m.pairs, k)
		}
	}
	return nil
}
