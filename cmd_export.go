package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"forkcast/app/show"
)

func init() {
	register(command{name: "export", summary: "write a session's polls, votes, path and rating as CSV or JSON", run: runExport})
}

func runExport(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("export", "[--db PATH] [--session N | --last] [--format csv|json] [--out FILE]", stderr)
	dbPath := fs.String("db", "", "database file (default: the config folder's forkcast/forkcast.db)")
	session := fs.Int64("session", 0, "session `N` to export")
	last := fs.Bool("last", false, "export the newest session (the default when --session is not given)")
	format := fs.String("format", "csv", "output format: csv or json")
	out := fs.String("out", "", "write to `FILE` instead of standard output")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return usageError(stderr, "export takes no arguments")
	case *format != "csv" && *format != "json":
		return usageError(stderr, "export: --format must be csv or json, not %q", *format)
	case *last && *session != 0:
		return usageError(stderr, "export: give --session or --last, not both")
	case *session < 0:
		return usageError(stderr, "export: --session must be a session number")
	}
	r, err := loadReport(*dbPath, *session)
	if err != nil {
		fmt.Fprintf(stderr, "forkcast export: %s\n", exportError(err))
		return exitFailed
	}
	if err := writeReport(r, *format, *out, stdout); err != nil {
		fmt.Fprintf(stderr, "forkcast export: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// loadReport reads session id's report (the newest session when id is 0).
func loadReport(dbPath string, id int64) (*show.Report, error) {
	db, err := openExistingDB(dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ctx := context.Background()
	if id == 0 {
		if id, err = db.LastSession(ctx); err != nil {
			return nil, err
		}
	}
	return db.Report(ctx, id)
}

// writeReport writes r to out (a file) or stdout.
func writeReport(r *show.Report, format, out string, stdout io.Writer) (err error) {
	w := stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return fmt.Errorf("create %s: %w", out, err)
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("write %s: %w", out, cerr)
			}
		}()
		w = f
	}
	if format == "json" {
		return r.WriteJSON(w)
	}
	return r.WriteCSV(w)
}

// exportError is what the user reads: a coded error's message, else the error.
func exportError(err error) string {
	if show.ErrorCode(err) != show.EINTERNAL {
		return show.ErrorMessage(err)
	}
	return err.Error()
}
