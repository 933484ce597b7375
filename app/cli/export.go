package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"forkcast/app/show"
	"forkcast/app/sqlite"
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
	r, raw, err := loadExport(*dbPath, *session)
	if err != nil {
		return fail(stderr, "export", err)
	}
	if err := writeExport(r, raw, *format, *out, stdout); err != nil {
		return fail(stderr, "export", err)
	}
	return exitOK
}

// loadExport reads session id's report and its texts kept raw (the newest
// session when id is 0).
func loadExport(dbPath string, id int64) (*show.Report, []sqlite.RawText, error) {
	db, err := openExisting(dbPath)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	ctx := context.Background()
	if id == 0 {
		if id, err = db.LastSession(ctx); err != nil {
			return nil, nil, err
		}
	}
	r, err := db.Report(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	raw, err := db.UnreadableTexts(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return r, raw, nil
}

// exportDoc is the JSON export: the report's fields, then the texts kept raw
// with their PDUs, so a later version (or a person) can read them.
type exportDoc struct {
	*show.Report
	Unreadable []sqlite.RawText `json:"unreadable"`
}

// writeExport writes the report and the texts kept raw to out (a file) or
// stdout: JSON as one document, CSV as the report's sections and a fifth,
// "unreadable", with the raw PDU column.
func writeExport(r *show.Report, raw []sqlite.RawText, format, out string, stdout io.Writer) (err error) {
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
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(exportDoc{Report: r, Unreadable: raw}); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		return nil
	}
	if err := r.WriteCSV(w); err != nil {
		return err
	}
	rows := [][]string{{}, {"unreadable"}, {"id", "source", "sender", "received_at", "stored_at", "text", "pdu"}}
	for _, t := range raw {
		rows = append(rows, []string{strconv.FormatInt(t.ID, 10), t.Source, t.Sender,
			t.ReceivedAt.UTC().Format(time.RFC3339Nano), t.StoredAt.UTC().Format(time.RFC3339Nano), t.Text, t.PDU})
	}
	c := csv.NewWriter(w)
	if err := c.WriteAll(rows); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
