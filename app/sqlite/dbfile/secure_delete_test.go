package dbfile_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"forkcast/app/sqlite/dbfile"
)

// Every writable connection runs with secure_delete: a deleted value is
// zeroed in the file, not left in its free space.
func TestSecureDeleteZeroesDeletedValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := dbfile.Open(path, dbfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var on int
	if err := c.QueryRowContext(ctx, "PRAGMA secure_delete").Scan(&on); err != nil || on != 1 {
		t.Fatalf("PRAGMA secure_delete = %d (%v), want 1", on, err)
	}
	c.Close()
	if _, err := db.Exec(`CREATE TABLE t(v TEXT)`); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if _, err := db.Exec(`INSERT INTO t(v) VALUES(?)`, fmt.Sprintf("secret-%04d-secret", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !bytes.Contains(b, []byte("secret-0042-secret")) {
		t.Fatalf("the value is not in the file before the delete: the check cannot see it")
	}
	if _, err := db.Exec(`DELETE FROM t`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("-secret")); n > 0 {
		t.Fatalf("%d deleted values still in the file's bytes", n)
	}
}
