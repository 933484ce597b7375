// Package show is Forkcast's engine: a session of a story, the position in it
// with history, the poll lifecycle (open, timer, grace window, close, winner,
// ties, overrides), counting texts one vote per phone, and recovery after a
// crash. It stores through the Store interface (app/sqlite) and tells the
// edges what changed through a Notifier, always after the commit.
package show

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"forkcast/app/story"
	"forkcast/app/vote"
)

// Defaults of Config.
const (
	DefaultRetention     = 24 * time.Hour        // raw numbers kept this long
	DefaultTallyInterval = 45 * time.Millisecond // about 22 tally events a second: "~20", and p99 text→tally under 50 ms
	DefaultGrace         = 5 * time.Second
)

// settingSecret is the settings key of the per-installation voter-key secret.
const settingSecret = "voter_secret"

// ErrClosed is returned by Ingest and the actions after Close.
var ErrClosed = errors.New("show: engine closed")

// Config is what New needs.
type Config struct {
	Story      *story.Story
	Store      Store
	Notifier   Notifier         // may be nil
	Mode       Mode             // Live or Rehearsal
	NewSession bool             // start a fresh session even if one can be resumed
	Secret     []byte           // voter-key secret; nil = read or create it in Store
	Region     string           // default phone region for numbers without +, e.g. "US"
	Now        func() time.Time // nil = time.Now
	Logger     *slog.Logger     // nil = discard
	// Retention is how long raw numbers and PDUs are kept (0 = DefaultRetention;
	// negative = until purged by hand). Applied when the engine starts.
	Retention time.Duration
	// TallyInterval is the least time between two tally events (0 =
	// DefaultTallyInterval).
	TallyInterval time.Duration
}

// Engine runs one session of a story. It implements Controller and vote.Sink
// and is safe for concurrent use.
type Engine struct {
	cfg    Config
	store  Store
	notify Notifier
	log    *slog.Logger
	secret []byte

	// wmu serialises everything that writes: a writer reads the fields below
	// freely and takes mu only to change them, after its commit.
	wmu sync.Mutex
	mu  sync.RWMutex
	st  *story.Story
	ses SessionRecord
	// path is the visits on the path, oldest first; the last is the current scene.
	path    []VisitRecord
	poll    *pollRun // poll of the current visit, nil when not opened
	armed   int64    // id of the open poll the next Next closes (0: none)
	ended   bool     // the end screen is shown (Next past the last slide)
	optOut  map[string]bool
	numbers map[string]bool // voters whose raw number is stored
	version int64
	seq     int64 // last inbox id stored
	resumed bool
	health  []vote.Health

	ingestq chan *ingestReq
	stop    chan struct{}
	wg      sync.WaitGroup
	closed  sync.Once
	events  *coalescer
	run     runState
	senders senderCache
}

var (
	_ Controller = (*Engine)(nil)
	_ vote.Sink  = (*Engine)(nil)
)

// New starts the engine on cfg.Story: it resumes the newest open session of
// the same mode and story hash (unless cfg.NewSession), else starts a new one at
// the story's start. It fails with EINVALID for a missing story, store or mode,
// and when the store fails.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	if err := checkConfig(&cfg); err != nil {
		return nil, err
	}
	e := &Engine{
		cfg: cfg, store: cfg.Store, notify: cfg.Notifier, log: cfg.Logger, st: cfg.Story,
		optOut: map[string]bool{}, numbers: map[string]bool{},
		ingestq: make(chan *ingestReq, 1024), stop: make(chan struct{}),
	}
	e.events = newCoalescer(e, cfg.TallyInterval)
	secret, err := e.loadSecret(ctx)
	if err != nil {
		return nil, err
	}
	e.secret = secret
	if err := e.startSession(ctx); err != nil {
		return nil, err
	}
	e.applyRetention(ctx)
	e.wg.Add(2)
	go e.commitLoop()
	go e.timerLoop()
	e.publishState()
	return e, nil
}

func checkConfig(cfg *Config) error {
	switch {
	case cfg.Story == nil || len(cfg.Story.Scenes) == 0:
		return Errorf(EINVALID, "There is no story to present.")
	case cfg.Story.Scene(cfg.Story.Start) == nil:
		return Errorf(EINVALID, "The story's start scene %q does not exist.", cfg.Story.Start)
	case cfg.Store == nil:
		return Errorf(EINVALID, "There is no store to keep the texts in.")
	case cfg.Mode != Live && cfg.Mode != Rehearsal:
		return Errorf(EINVALID, "Unknown mode %q: use live or rehearsal.", cfg.Mode)
	}
	if cfg.Notifier == nil {
		cfg.Notifier = NotifierFunc(func(string, any) {})
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Retention == 0 {
		cfg.Retention = DefaultRetention
	}
	if cfg.TallyInterval <= 0 {
		cfg.TallyInterval = DefaultTallyInterval
	}
	return nil
}

// loadSecret returns cfg.Secret, or the store's secret, creating it once.
func (e *Engine) loadSecret(ctx context.Context) ([]byte, error) {
	if len(e.cfg.Secret) > 0 {
		return e.cfg.Secret, nil
	}
	if v, ok, err := e.store.Setting(ctx, settingSecret); err != nil {
		return nil, fmt.Errorf("read voter secret: %w", err)
	} else if ok {
		if b, err := hex.DecodeString(v); err == nil && len(b) >= 16 {
			return b, nil
		}
		return nil, fmt.Errorf("read voter secret: stored value is not hex")
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("create voter secret: %w", err)
	}
	err := e.write(ctx, func(tx Tx) error { return tx.PutSetting(ctx, settingSecret, hex.EncodeToString(b)) })
	if err != nil {
		return nil, fmt.Errorf("create voter secret: %w", err)
	}
	return b, nil
}

// applyRetention removes raw numbers older than the retention; a failure is
// logged, not fatal: the show must go on.
func (e *Engine) applyRetention(ctx context.Context) {
	if e.cfg.Retention < 0 {
		return
	}
	res, err := e.store.Purge(ctx, PurgeOptions{NumbersBefore: e.now().Add(-e.cfg.Retention)})
	if err != nil {
		e.log.Warn("retention purge failed", "err", err)
		return
	}
	if res.Numbers+res.PDUs > 0 {
		e.log.Info("retention purge", "numbers", res.Numbers, "pdus", res.PDUs)
	}
}

// Close stops the engine's goroutines; pending Ingest calls fail with
// ErrClosed. It does not close the store. It always returns nil.
func (e *Engine) Close() error {
	e.closed.Do(func() {
		if err := e.saveClock(context.Background()); err != nil {
			e.log.Warn("could not save the talk clock", "err", err)
		}
		close(e.stop)
		e.wg.Wait()
		e.events.stop()
	})
	return nil
}

// Story returns the story being presented.
func (e *Engine) Story() *story.Story {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.st
}

func (e *Engine) now() time.Time { return e.cfg.Now() }

// write runs fn in one store transaction: begin, fn, commit; rollback on any
// failure. A store failure comes back as EINTERNAL; fn's coded errors as they are.
func (e *Engine) write(ctx context.Context, fn func(tx Tx) error) error {
	tx, err := e.store.Begin(ctx)
	if err != nil {
		return &Error{Code: EINTERNAL, Message: "The store is not available.", Err: err}
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		if ErrorCode(err) != EINTERNAL {
			return err
		}
		return &Error{Code: EINTERNAL, Message: "Could not save the change.", Err: err}
	}
	if err := tx.Commit(); err != nil {
		return &Error{Code: EINTERNAL, Message: "Could not save the change.", Err: err}
	}
	return nil
}

// lockWriter takes the writer lock unless the engine is closed.
func (e *Engine) lockWriter() error {
	e.wmu.Lock()
	select {
	case <-e.stop:
		e.wmu.Unlock()
		return ErrClosed
	default:
		return nil
	}
}

// writeTurn takes the writer lock and runs the timers that are due, so an
// action plans from the show as it is now, and returns now. On success the
// caller holds the lock and must e.wmu.Unlock(); on failure it is released.
func (e *Engine) writeTurn(ctx context.Context) (time.Time, error) {
	if err := e.lockWriter(); err != nil {
		return time.Time{}, err
	}
	now := e.now()
	if err := e.advance(ctx, now); err != nil {
		e.wmu.Unlock()
		return time.Time{}, err
	}
	return now, nil
}

// scene returns the current scene; never nil while the engine runs.
func (e *Engine) scene() *story.Scene {
	if sc := e.st.Scene(e.ses.Scene); sc != nil {
		return sc
	}
	return e.st.Scene(e.st.Start)
}

// visit returns the current visit.
func (e *Engine) visit() VisitRecord { return e.path[len(e.path)-1] }
