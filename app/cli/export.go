package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"forkcast/app/show"
	"forkcast/bridge/modem/pdu"
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
// session when id is 0), each PDU with its sender's number masked.
func loadExport(dbPath string, id int64) (*show.Report, []show.RawText, error) {
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
	raw, err := db.RawTexts(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	for i := range raw {
		raw[i].PDU = redactPDU(raw[i].PDU)
	}
	return r, raw, nil
}

// redactPDU masks the sender's number inside a raw PDU for the export (the
// database keeps it whole for `modem reread`). A PDU too damaged to find the
// number in is left out rather than exported with a number in it.
func redactPDU(raw string) string {
	if raw == "" {
		return ""
	}
	red, err := pdu.Redact(raw)
	if err != nil {
		return ""
	}
	return red
}

// exportDoc is the JSON export: the report's fields, then the texts kept raw
// with their PDUs (numbers masked), so a person or a later version can read
// them.
type exportDoc struct {
	*show.Report
	Unreadable []show.RawText `json:"unreadable"`
}

// writeExport writes the report and the texts kept raw to out (a file) or
// stdout: JSON as one document, CSV as the report's sections and a fifth,
// "unreadable", with the PDU column.
func writeExport(r *show.Report, raw []show.RawText, format, out string, stdout io.Writer) (err error) {
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
	return show.WriteRawCSV(w, raw)
}
