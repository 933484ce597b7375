package server

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"testing"
	"time"

	"forkcast/app/testkit"
)

// telnyxTimeout is the shortest provider webhook timeout: Telnyx wants a
// 2xx within 2 s, then retries and turns to its failover URL
// (developers.telnyx.com, messaging "Receiving webhooks"); Twilio waits 15 s.
const telnyxTimeout = 2 * time.Second

// A webhook whose commit hangs (another process holds the file's write
// lock, as a stuck backup or a hung disk would) is answered 503 after the
// store timeout, before the shortest provider timeout, so the provider
// turns to its failover URL at once instead of timing out. With the former
// fixed 5 s cap the default case answered after 5 s. Once the lock is gone,
// the provider's retry of the same text is stored once.
func TestHungCommitFailsFast(t *testing.T) {
	for _, tc := range []struct {
		name string
		cap  time.Duration // Config.StoreTimeout; 0 = the default
		want time.Duration // the cap in effect
	}{
		{"default", 0, DefaultStoreTimeout},
		{"configured 300ms", 300 * time.Millisecond, 300 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want >= telnyxTimeout {
				t.Fatalf("store timeout %s is not under Telnyx's %s", tc.want, telnyxTimeout)
			}
			var dbPath string
			srv, hs := startTestRelay(t, func(c *Config) { c.StoreTimeout = tc.cap; dbPath = c.DBPath })
			hc := clientFrom("127.0.0.2", 10*time.Second)
			if code, body := postWebhook(t, hc, hs.URL, smsParams("SMwarm", "+15005550006", "1")); code != http.StatusOK {
				t.Fatalf("warm-up webhook: %d %s", code, body)
			}
			release := holdWriteLock(t, dbPath)
			defer release()

			stopProbe := testkit.WatchStalls()
			sid := "SMhung" + fmt.Sprint(tc.cap)
			t0 := time.Now()
			code, body := postWebhook(t, hc, hs.URL, smsParams(sid, "+15005550006", "2"))
			took := time.Since(t0)
			stall := stopProbe()
			t.Logf("hung commit answered %d after %s (cap %s; the machine's worst stall %s)", code, took.Round(time.Millisecond), tc.want, stall.Round(time.Millisecond))
			if code != http.StatusServiceUnavailable {
				t.Fatalf("webhook with a hung commit: status %d (%s), want 503", code, body)
			}
			if took < tc.want {
				t.Fatalf("answered after %s, before the cap %s: the commit did not hang, the test proves nothing", took, tc.want)
			}
			// A machine stall delays the answer by as much: it is added to
			// the bound, so a loaded CI machine does not pass for a slow relay
			// (the former 5 s cap fails it by far).
			if took > telnyxTimeout+stall {
				t.Fatalf("answered after %s, past Telnyx's %s timeout (+ the machine's worst stall %s)", took.Round(time.Millisecond), telnyxTimeout, stall.Round(time.Millisecond))
			}

			release()
			// The provider retries until a 2xx. Each retry has the same short
			// cap, which a loaded machine can overrun (a 503 again, as a real
			// provider would see): retry as the provider does; the subject is
			// that the text is then stored once.
			tries := 0
			testkit.Eventually(t, testkit.Patience, "the provider's retry after the lock was released to be answered 200", func() error {
				tries++
				if code, body := postWebhook(t, hc, hs.URL, smsParams(sid, "+15005550006", "2")); code != http.StatusOK {
					return fmt.Errorf("retry %d: %d %s", tries, code, body)
				}
				return nil
			})
			t.Logf("the provider's retries until 200: %d", tries)
			var n int
			if err := srv.store.db.QueryRow("SELECT COUNT(*) FROM texts WHERE provider_id = ?", sid).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("the retried text is stored %d times, want once", n)
			}
		})
	}
}

// holdWriteLock takes the write lock of the SQLite file at path from
// another connection, as another process would, until release is called.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatalf("take the write lock: %v", err)
	}
	done := false
	return func() {
		if done {
			return
		}
		done = true
		conn.ExecContext(ctx, "ROLLBACK")
		conn.Close()
		db.Close()
	}
}
