package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"forkcast/app/show"
)

func runPurge(ctx context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("purge", "[--db PATH] [--older-than DUR] [--all-numbers]", stderr)
	dbPath := fs.String("db", "", "database file (default: the config folder's forkcast/forkcast.db)")
	older := fs.String("older-than", "", "also remove whole sessions started longer ago than `DUR` (e.g. 720h or 30d)")
	all := fs.Bool("all-numbers", false, "remove every stored phone number and raw PDU, whatever its age")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "purge", "takes no arguments")
	}
	now := time.Now()
	opts := show.PurgeOptions{AllNumbers: *all, NumbersBefore: now.Add(-show.DefaultRetention)}
	if *older != "" {
		d, err := parseAge(*older)
		if err != nil {
			return usageError(stderr, "purge", "--older-than: %v", err)
		}
		opts.SessionsBefore = now.Add(-d)
	}
	db, err := openExisting(*dbPath)
	if err != nil {
		return fail(stderr, "purge", err)
	}
	defer db.Close()
	res, err := db.Purge(ctx, opts)
	if err != nil {
		return fail(stderr, "purge", err)
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
