package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/sqlite/dbfile"
)

func open(t *testing.T) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "forkcast.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func TestOpenMigratesOnce(t *testing.T) {
	db, path := open(t)
	v, err := db.Version(context.Background())
	if err != nil || v < 1 {
		t.Fatalf("version=%d err=%v, want >= 1", v, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	v2, _ := db2.Version(context.Background())
	if v2 != v {
		t.Fatalf("version after reopen %d, want %d", v2, v)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("no WAL file next to the database: %v", err)
	}
}

func TestOpenFails(t *testing.T) {
	if _, err := sqlite.Open(""); err == nil {
		t.Error("empty path opened")
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "not.db")
	if err := os.WriteFile(bad, []byte("this is not a database, just text that is long enough to matter........"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := sqlite.Open(bad)
	if err == nil {
		t.Fatal("a text file opened as a database")
	}
	if n := strings.Count(err.Error(), bad); n != 1 {
		t.Errorf("the error names the path %d times, want once: %v", n, err)
	}
	if _, err := sqlite.OpenExisting(filepath.Join(dir, "missing.db")); !errors.Is(err, dbfile.ErrNotExist) {
		t.Errorf("OpenExisting(missing) = %v, want ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Errorf("OpenExisting created the file")
	}
}

// TestOpenRefusesForeignFile: another program's SQLite file is refused, and
// nothing (no migrations table) is written into it.
func TestOpenRefusesForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "theirs.db")
	theirs, err := dbfile.Open(path, dbfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := theirs.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	theirs.Close()
	if _, err := sqlite.Open(path); !errors.Is(err, sqlite.ErrForeign) {
		t.Fatalf("Open(foreign file) = %v, want ErrForeign", err)
	}
	ro, err := dbfile.Open(path, dbfile.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var names []string
	rows, err := ro.Query(`SELECT name FROM sqlite_master ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	if strings.Join(names, ",") != "notes" {
		t.Errorf("the foreign file now holds %q, want only notes", names)
	}
}

// TestOpenOddPath: a --db path with '#', '?', '%20' and spaces is the file
// used, read back by OpenExisting (issue 21, item 7).
func TestOpenOddPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Talk #3", "a?b e%20f.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tx, _ := db.Begin(ctx)
	if err := tx.PutSetting(ctx, "k", "v"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "Talk #3" {
		t.Errorf("the folder holds %v, want only %q", entries, "Talk #3")
	}
	again, err := sqlite.OpenExisting(path)
	if err != nil {
		t.Fatalf("OpenExisting(%q): %v", path, err)
	}
	defer again.Close()
	if v, ok, err := again.Setting(ctx, "k"); v != "v" || !ok || err != nil {
		t.Errorf("setting read back = %q %v %v, want v", v, ok, err)
	}
}

func TestAddMessageDedupes(t *testing.T) {
	db, _ := open(t)
	ctx := context.Background()
	now := time.Now()
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	m := show.MessageRecord{Source: "modem", ProviderID: "abc", Voter: "k", Sender: "+1 ••• ••• 0001",
		Text: "\xff2", ReceivedAt: now, StoredAt: now, Result: show.ResultNoPoll}
	for i, want := range []bool{true, false} {
		c := m
		ok, err := tx.AddMessage(ctx, &c)
		if err != nil || ok != want {
			t.Fatalf("add #%d: ok=%v err=%v, want %v", i, ok, err, want)
		}
	}
	other := m
	other.Source = "relay"
	if ok, err := tx.AddMessage(ctx, &other); !ok || err != nil {
		t.Fatalf("same id from another source: ok=%v err=%v, want stored", ok, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestPurge(t *testing.T) {
	db, _ := open(t)
	ctx := context.Background()
	old := time.Now().Add(-48 * time.Hour)
	now := time.Now()
	tx, _ := db.Begin(ctx)
	ses := show.SessionRecord{Mode: show.Live, StoryFile: "a.md", StoryHash: "h", Title: "t", StartedAt: old, Scene: "intro", UpdatedAt: old}
	if err := tx.CreateSession(ctx, &ses); err != nil {
		t.Fatal(err)
	}
	for i, at := range []time.Time{old, now} {
		m := show.MessageRecord{Session: ses.ID, Source: "modem", ProviderID: string(rune('a' + i)), Voter: "k",
			Sender: "x", Text: "1", PDU: "0791...", ReceivedAt: at, StoredAt: at, Result: show.ResultNoPoll}
		if _, err := tx.AddMessage(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.SaveNumber(ctx, "k1", "+15035550001", old); err != nil {
		t.Fatal(err)
	}
	if err := tx.SaveNumber(ctx, "k2", "+15035550002", now); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	res, err := db.Purge(ctx, show.PurgeOptions{NumbersBefore: now.Add(-24 * time.Hour)})
	if err != nil || res.Numbers != 1 || res.PDUs != 1 || res.Sessions != 0 {
		t.Fatalf("retention purge: %+v %v, want 1 number and 1 PDU", res, err)
	}
	res, err = db.Purge(ctx, show.PurgeOptions{AllNumbers: true})
	if err != nil || res.Numbers != 1 || res.PDUs != 1 {
		t.Fatalf("all numbers: %+v %v, want 1 number and 1 PDU", res, err)
	}
	res, err = db.Purge(ctx, show.PurgeOptions{SessionsBefore: now.Add(-24 * time.Hour)})
	if err != nil || res.Sessions != 1 || res.Texts != 2 {
		t.Fatalf("old sessions: %+v %v, want 1 session and 2 texts", res, err)
	}
	if err := db.Verify(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestSettings(t *testing.T) {
	db, _ := open(t)
	ctx := context.Background()
	if _, ok, err := db.Setting(ctx, "x"); ok || err != nil {
		t.Fatalf("unset setting: ok=%v err=%v", ok, err)
	}
	tx, _ := db.Begin(ctx)
	tx.PutSetting(ctx, "x", "1")
	tx.PutSetting(ctx, "x", "2")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := db.Setting(ctx, "x"); v != "2" || !ok || err != nil {
		t.Fatalf("setting=%q ok=%v err=%v, want 2", v, ok, err)
	}
}

// Issue #21 item 8: a database written by a newer Forkcast (a migration
// this build does not know) was opened and written without a warning. It
// is refused before anything is written, with a message that names the fix
// and the path once (item 12: "open database X: open database X:").
func TestOpenRefusesNewerSchema(t *testing.T) {
	db, path := open(t)
	db.Close()
	raw, err := dbfile.Open(path, dbfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	raw.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, openFn := range []func(string) (*sqlite.DB, error){sqlite.Open, sqlite.OpenExisting} {
		_, err = openFn(path)
		if !errors.Is(err, sqlite.ErrNewer) {
			t.Fatalf("Open(newer file) = %v, want ErrNewer", err)
		}
		if msg := err.Error(); strings.Count(msg, path) != 1 || !strings.Contains(msg, "newer Forkcast") || !strings.Contains(msg, "9999") {
			t.Errorf("error %q, want the path once, the version and \"newer Forkcast\"", msg)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("the refused file was changed")
	}
	if b, err := os.ReadFile(path + "-wal"); err == nil && len(b) > 0 {
		t.Errorf("the refused file got %d bytes of WAL", len(b))
	}
}

// Issue #21 item 12: a foreign SQLite file refused by --db was still
// written to. A file in another program's rollback-journal mode stays
// byte for byte as it was (not switched to WAL, no -wal beside it).
func TestOpenLeavesAForeignFileUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "theirs.db")
	theirs, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(DELETE)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := theirs.Exec(`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')`); err != nil {
		t.Fatal(err)
	}
	theirs.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, openFn := range []func(string) (*sqlite.DB, error){sqlite.Open, sqlite.OpenExisting} {
		if _, err := openFn(path); !errors.Is(err, sqlite.ErrForeign) {
			t.Fatalf("Open(foreign file) = %v, want ErrForeign", err)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("the foreign file changed (header bytes 18-19, the journal mode: %v -> %v)", before[18:20], after[18:20])
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("a %s file was left beside the foreign file", side)
		}
	}
}
