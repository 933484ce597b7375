package android

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"forkcast/app/testkit"
	"forkcast/app/vote"
	"forkcast/bridge/android/androidtest"
)

// sqlSink stands in for the engine: it stores texts in a real SQLite table
// keyed by (source, provider id), as the engine's inbox is, and commits every
// Ingest in one transaction.
type sqlSink struct {
	db *sql.DB

	mu      sync.Mutex
	fail    int // refuse the next n Ingest calls
	calls   int
	dupes   int // messages already stored (deduped by the key)
	stored  map[string]time.Time
	changed chan struct{}
}

func newSink(t testing.TB) *sqlSink {
	t.Helper()
	path := filepath.Join(t.TempDir(), "show.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE inbox (source TEXT NOT NULL, provider_id TEXT NOT NULL,
		sender TEXT NOT NULL, text TEXT NOT NULL, received_ms INTEGER NOT NULL, stored_ms INTEGER NOT NULL,
		PRIMARY KEY (source, provider_id))`); err != nil {
		t.Fatal(err)
	}
	return &sqlSink{db: db, stored: map[string]time.Time{}, changed: make(chan struct{}, 1)}
}

func (s *sqlSink) Ingest(ctx context.Context, msgs []vote.Message) error {
	s.mu.Lock()
	s.calls++
	if s.fail > 0 {
		s.fail--
		s.mu.Unlock()
		return errors.New("sink: refused (test)")
	}
	s.mu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := time.Now()
	var fresh []string
	dupes := 0
	for _, m := range msgs {
		res, err := tx.ExecContext(ctx, `INSERT INTO inbox VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			m.Source, m.ProviderID, m.Sender, m.Text, m.ReceivedAt.UnixMilli(), now.UnixMilli())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			fresh = append(fresh, m.Text+"\x00"+m.Sender)
		} else {
			dupes++
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.mu.Lock()
	s.dupes += dupes
	for _, k := range fresh {
		s.stored[k] = now
	}
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
	return nil
}

// count returns the rows stored.
func (s *sqlSink) count(t testing.TB) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM inbox`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// perText returns how many rows each (sender, text) has.
func (s *sqlSink) perText(t testing.TB) map[string]int {
	t.Helper()
	rows, err := s.db.Query(`SELECT sender, text, COUNT(*) FROM inbox GROUP BY sender, text`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var sender, text string
		var n int
		if err := rows.Scan(&sender, &text, &n); err != nil {
			t.Fatal(err)
		}
		out[sender+" "+text] = n
	}
	return out
}

// waitFor waits until cond holds (testkit.Eventually); the failure says what
// was awaited and what cond saw last. A deadline bounds a condition, it is not
// how long the condition should take: none is shorter than testkit.Patience
// (5 s ran out on a machine at load 25, waiting for an opt-in to register).
func waitFor(t testing.TB, what string, deadline time.Duration, cond func() (bool, string)) {
	t.Helper()
	testkit.Eventually(t, max(deadline, testkit.Patience), what, func() error {
		if ok, seen := cond(); !ok {
			return errors.New(seen)
		}
		return nil
	})
}

// waitRows waits until the sink holds n rows.
func (s *sqlSink) waitRows(t testing.TB, n int, deadline time.Duration) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d stored texts", n), deadline, func() (bool, string) {
		got := s.count(t)
		return got == n, fmt.Sprintf("%d stored", got)
	})
}

// startPhone starts an emulator stopped at cleanup.
func startPhone(t testing.TB, o androidtest.Options) *androidtest.Phone {
	t.Helper()
	if o.RetryBase == 0 {
		o.RetryBase = 20 * time.Millisecond
	}
	p, err := androidtest.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// testConfig is a Config for phone; mutate may change it.
func testConfig(p *androidtest.Phone, pass string) Config {
	if pass == "" {
		pass = "Pa55word"
	}
	return Config{URL: p.URL(), Pass: pass, Poll: 50 * time.Millisecond}
}

func newSource(t testing.TB, c Config) *Source {
	t.Helper()
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// running is a Source's Run in a goroutine.
type running struct {
	cancel context.CancelFunc
	done   chan error
}

func run(t testing.TB, s *Source, sink vote.Sink) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- s.Run(ctx, sink) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels Run and waits for it to return context.Canceled.
func (r *running) stop(t testing.TB) {
	t.Helper()
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case err := <-r.done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return within 20 s of its context ending")
	}
}

// hookProxy is the laptop's local server on a real loopback port: it hands
// webhooks to the current Source's handler, and drops them while there is
// none (the laptop restarting).
type hookProxy struct {
	mu  sync.Mutex
	h   http.Handler
	url string
}

func newHook(t testing.TB) *hookProxy {
	t.Helper()
	p := &hookProxy{}
	mux := http.NewServeMux()
	mux.HandleFunc(DefaultWebhookPath, func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		h := p.h
		p.mu.Unlock()
		if h == nil {
			panic(http.ErrAbortHandler) // nobody listening: the connection drops
		}
		h.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	p.url = srv.URL + DefaultWebhookPath
	return p
}

func (p *hookProxy) set(s *Source) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s == nil {
		p.h = nil
		return
	}
	p.h = s.WebhookHandler()
}

// waitHealth waits until the Source reports state.
func waitHealth(t testing.TB, s *Source, state string, deadline time.Duration) vote.Health {
	t.Helper()
	var h vote.Health
	waitFor(t, "health "+state, deadline, func() (bool, string) {
		h = s.Health()
		return h.State == state, h.State + ": " + h.Detail
	})
	return h
}

// waitReady waits until the Source has read the phone once and takes webhooks.
func waitReady(t testing.TB, s *Source) {
	t.Helper()
	waitFor(t, "the first read of the phone", 10*time.Second, func() (bool, string) {
		return s.ready.Load(), s.Health().Detail
	})
}
