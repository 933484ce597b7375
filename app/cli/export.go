package cli

import (
	"context"
	"io"

	"forkcast/app/show"
)

func runExport(_ context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
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
		return usageError(stderr, "export", "takes no arguments")
	case *format != "csv" && *format != "json":
		return usageError(stderr, "export", "--format must be csv or json, not %q", *format)
	case *last && *session != 0:
		return usageError(stderr, "export", "give --session or --last, not both")
	case *session < 0:
		return usageError(stderr, "export", "--session must be a session number")
	}
	r, err := loadReport(*dbPath, *session)
	if err != nil {
		return fail(stderr, "export", err)
	}
	if err := writeReport(r, *format, *out, stdout); err != nil {
		return fail(stderr, "export", err)
	}
	return exitOK
}

// loadReport reads session id's report (the newest session when id is 0).
func loadReport(dbPath string, id int64) (*show.Report, error) {
	db, err := openExisting(dbPath)
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
		f, err := createOut(out)
		if err != nil {
			return err
		}
		defer func() {
			if err == nil {
				err = f.commit()
			}
			f.abort()
		}()
		w = f
	}
	if format == "json" {
		return r.WriteJSON(w)
	}
	return r.WriteCSV(w)
}
