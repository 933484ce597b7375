package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
)

func init() {
	register(command{name: "purge", summary: "remove stored phone numbers and old sessions", run: runPurge})
}

// defaultDBPath returns where Forkcast keeps its database:
// os.UserConfigDir()/forkcast/forkcast.db. It fails when the system has no
// config folder ($HOME and $XDG_CONFIG_HOME unset).
func defaultDBPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config folder: %w", err)
	}
	return filepath.Join(dir, "forkcast", "forkcast.db"), nil
}

// openExistingDB opens the database at path (the default when empty) without
// creating one.
func openExistingDB(path string) (*sqlite.DB, error) {
	if path == "" {
		p, err := defaultDBPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no database at %s: %w", path, err)
	}
	return sqlite.Open(path)
}

func runPurge(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("purge", "[--db PATH] [--older-than DUR] [--all-numbers]", stderr)
	dbPath := fs.String("db", "", "database file (default: the config folder's forkcast/forkcast.db)")
	older := fs.String("older-than", "", "also remove whole sessions started longer ago than `DUR` (e.g. 720h or 30d)")
	all := fs.Bool("all-numbers", false, "remove every stored phone number and raw PDU, whatever its age")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "purge takes no arguments")
	}
	now := time.Now()
	opts := show.PurgeOptions{AllNumbers: *all, NumbersBefore: now.Add(-show.DefaultRetention)}
	if *older != "" {
		d, err := parseAge(*older)
		if err != nil {
			return usageError(stderr, "purge: --older-than: %v", err)
		}
		opts.SessionsBefore = now.Add(-d)
	}
	db, err := openExistingDB(*dbPath)
	if err != nil {
		fmt.Fprintf(stderr, "forkcast purge: %v\n", err)
		return exitFailed
	}
	defer db.Close()
	res, err := db.Purge(context.Background(), opts)
	if err != nil {
		fmt.Fprintf(stderr, "forkcast purge: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "Removed %d phone numbers, %d raw PDUs, %d sessions (%d texts) from %s.\n",
		res.Numbers, res.PDUs, res.Sessions, res.Texts, db.Path())
	return exitOK
}

// parseAge reads a duration such as "90m", "720h" or "30d".
func parseAge(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration like 720h or 30d", s)
	}
	return d, nil
}
