package dbfile_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"forkcast/app/sqlite/dbfile"
	"forkcast/app/testkit"
)

// TestOpenOddPaths opens databases whose folder and file names hold the
// characters a URI reads as syntax, and checks that exactly the named file
// was written (issue 21, item 7: "Talk #3/forkcast.db" used to write "Talk ").
func TestOpenOddPaths(t *testing.T) {
	for _, rel := range []string{
		"Talk #3/forkcast.db",
		"a?b.db",
		"e%20f.db",
		"with space/and space.db",
		"100%/x#y?z=1&w.db",
		"plain.db",
	} {
		t.Run(rel, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, filepath.FromSlash(rel))
			db, err := dbfile.Open(path, dbfile.Options{MakeDir: true})
			if err != nil {
				t.Fatalf("Open(%q): %v", rel, err)
			}
			if _, err := db.Exec(`CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')`); err != nil {
				t.Fatalf("write: %v", err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("the database is not at %q: %v", rel, err)
			}
			var got []string
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					r, _ := filepath.Rel(dir, p)
					got = append(got, filepath.ToSlash(r))
				}
				return nil
			})
			for _, f := range got {
				if f != rel && f != rel+"-wal" && f != rel+"-shm" {
					t.Errorf("Open(%q) wrote %q too (all files: %q)", rel, f, got)
				}
			}
			ro, err := dbfile.Open(path, dbfile.Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("reopen read-only: %v", err)
			}
			defer ro.Close()
			var v string
			if err := ro.QueryRow(`SELECT v FROM t`).Scan(&v); err != nil || v != "kept" {
				t.Fatalf("read back = %q, %v; want kept", v, err)
			}
			if _, err := ro.Exec(`INSERT INTO t VALUES ('no')`); err == nil {
				t.Errorf("a read-only database took a write")
			}
		})
	}
}

// TestPragmasOnEveryConnection checks that pooled connections beyond the
// first get the pragmas too.
func TestPragmasOnEveryConnection(t *testing.T) {
	db, err := dbfile.Open(filepath.Join(t.TempDir(), "p.db"), dbfile.Options{AutoCheckpoint: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for i := range 3 {
		c, err := db.Conn(ctx) // held, so the next one is a new connection
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		for _, p := range []struct{ pragma, want string }{
			{"journal_mode", "wal"}, {"foreign_keys", "1"}, {"busy_timeout", "5000"},
			{"synchronous", "2"}, {"wal_autocheckpoint", "0"},
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil || got != p.want {
				t.Errorf("connection %d: PRAGMA %s = %q (%v), want %q", i, p.pragma, got, err, p.want)
			}
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none", "x.db")
	for _, o := range []dbfile.Options{{MustExist: true}, {ReadOnly: true}} {
		if _, err := dbfile.Open(missing, o); !errors.Is(err, dbfile.ErrNotExist) {
			t.Errorf("Open(missing, %+v) = %v, want ErrNotExist", o, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none")); err == nil {
		t.Errorf("a refused open created the folder")
	}
	if _, err := dbfile.Open(missing, dbfile.Options{}); err == nil {
		t.Errorf("Open without MakeDir created a missing folder")
	}
	if _, err := dbfile.Open("", dbfile.Options{}); err == nil {
		t.Errorf("Open(\"\") succeeded")
	}
	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte(strings.Repeat("not a database, ", 20)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := dbfile.Open(text, dbfile.Options{})
	if err == nil {
		t.Fatalf("a text file opened as a database")
	}
	if n := strings.Count(err.Error(), text); n != 1 {
		t.Errorf("error names the path %d times, want once: %v", n, err)
	}
}

func TestEmpty(t *testing.T) {
	db, err := dbfile.Open(filepath.Join(t.TempDir(), "e.db"), dbfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if empty, err := dbfile.Empty(ctx, db); err != nil || !empty {
		t.Fatalf("new file: Empty = %v, %v; want true", empty, err)
	}
	if _, err := db.Exec(`CREATE TABLE theirs (x)`); err != nil {
		t.Fatal(err)
	}
	if empty, err := dbfile.Empty(ctx, db); err != nil || empty {
		t.Fatalf("with a table: Empty = %v, %v; want false", empty, err)
	}
}

func TestCheckpoints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := dbfile.Open(path, dbfile.Options{AutoCheckpoint: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (v BLOB); INSERT INTO t VALUES (randomblob(200000))`); err != nil {
		t.Fatal(err)
	}
	stop := dbfile.Checkpoints(db, 5*time.Millisecond)
	defer stop()
	testkit.Eventually(t, testkit.Patience, "the WAL checkpointed into the file", func() error {
		fi, err := os.Stat(path)
		if err != nil {
			return err
		}
		if fi.Size() < 200000 {
			return fmt.Errorf("the file is %d bytes", fi.Size())
		}
		return nil
	})
	stop()
	stop() // twice is fine
}

func TestDSNEscapes(t *testing.T) {
	dsn := dbfile.DSN("/tmp/Talk #3/a?b.db", dbfile.Options{})
	path, _, _ := strings.Cut(dsn, "?")
	if path != "file:/tmp/Talk%20%233/a%3Fb.db" {
		t.Errorf("DSN path = %q", path)
	}
	if !slices.ContainsFunc(strings.Split(dsn, "&"), func(s string) bool { return s == "_txlock=immediate" }) {
		t.Errorf("DSN %q lacks _txlock=immediate", dsn)
	}
}
