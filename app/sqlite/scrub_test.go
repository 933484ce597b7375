package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
)

var numberRE = regexp.MustCompile(`\+1[2-9][0-9]{2}555[0-9]{4}`)

// numbersInFiles counts the distinct phone numbers readable in the bytes
// of the database file and its WAL, as `grep -a` would find them.
func numbersInFiles(t *testing.T, path string) int {
	t.Helper()
	seen := map[string]bool{}
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, m := range numberRE.FindAll(b, -1) {
			seen[string(m)] = true
		}
	}
	return len(seen)
}

// seedNumbers stores n texts, each from its own number (raw number and a
// PDU that carries it), in one live session started at `at`.
func seedNumbers(t *testing.T, db *sqlite.DB, n int, at time.Time) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ses := show.SessionRecord{Mode: show.Live, StoryFile: "a.md", StoryHash: "h", Title: "t", StartedAt: at, Scene: "intro", UpdatedAt: at}
	if err := tx.CreateSession(ctx, &ses); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		num := fmt.Sprintf("+1503555%04d", i)
		key := fmt.Sprintf("k%d", i)
		m := show.MessageRecord{Session: ses.ID, Source: "modem", ProviderID: key, Voter: key, Sender: "+1503***" + num[10:],
			Text: "1", PDU: "pdu-for-" + num, ReceivedAt: at, StoredAt: at, Result: show.ResultNoPoll}
		if _, err := tx.AddMessage(ctx, &m); err != nil {
			t.Fatal(err)
		}
		if err := tx.SaveNumber(ctx, key, num, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// Issue #21 item 2: after `purge --all-numbers` and `purge --older-than
// 0s`, 390 of 392 numbers were still readable in the file's bytes. Purge
// now leaves none in the database file or its WAL, also in a file written
// before secure_delete was on (its free pages held the old values).
func TestPurgeLeavesNoNumbersInTheFile(t *testing.T) {
	for _, c := range []struct {
		name string
		opts func(now time.Time) show.PurgeOptions
	}{
		{"all numbers", func(time.Time) show.PurgeOptions { return show.PurgeOptions{AllNumbers: true} }},
		{"sessions older than 0s", func(now time.Time) show.PurgeOptions {
			return show.PurgeOptions{SessionsBefore: now, NumbersBefore: now}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "forkcast.db")
			old := time.Now().Add(-time.Hour)
			// An older Forkcast wrote and deleted numbers without
			// secure_delete: their bytes sit in free pages.
			db, err := sqlite.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			seedNumbers(t, db, 392, old)
			db.Close()
			legacy, err := sql.Open("sqlite", "file:"+path+"?_pragma=secure_delete(0)")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := legacy.Exec(`CREATE TABLE scratch AS SELECT number || '-legacy' AS v FROM numbers`); err != nil {
				t.Fatal(err)
			}
			if _, err := legacy.Exec(`DROP TABLE scratch`); err != nil {
				t.Fatal(err)
			}
			legacy.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
			legacy.Close()

			db, err = sqlite.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if n := numbersInFiles(t, path); n < 392 {
				t.Fatalf("%d numbers in the file before the purge, want 392: the check cannot see them", n)
			}
			res, err := db.Purge(context.Background(), c.opts(time.Now()))
			if err != nil {
				t.Fatalf("Purge: %v", err)
			}
			if res.Numbers != 392 {
				t.Fatalf("purged %d numbers, want 392", res.Numbers)
			}
			if n := numbersInFiles(t, path); n != 0 {
				t.Fatalf("%d of 392 numbers still readable in %s and its WAL after the purge", n, filepath.Base(path))
			}
		})
	}
}
