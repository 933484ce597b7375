package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"

	"forkcast/app/publish"
	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/web"
)

const publishSynopsis = `STORY --out DIR [--db PATH] [--session N | --last] [--notes] [--include-texts] [--no-report] [--force]

  Writes a static site of STORY into DIR: every scene a page, the map with every scene a link,
  and, with a session, the path the room took and each poll's results (and report.html).
  Plain HTML and CSS, bundled fonts, relative links: it opens from the folder and works on any
  static host. Nothing in it identifies a voter (docs/publishing.md).`

func runPublish(_ context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("publish", publishSynopsis, stderr)
	out := fs.String("out", "", "write the site to folder `DIR` (replaced whole; see --force)")
	dbPath := fs.String("db", "", "database file (default: the config folder's forkcast/forkcast.db)")
	session := fs.Int64("session", 0, "show session `N`'s path and results")
	last := fs.Bool("last", false, "show the newest session's path and results")
	notes := fs.Bool("notes", false, "add the speaker notes under each slide")
	texts := fs.Bool("include-texts", false, "list the texts that counted as votes or ratings (never numbers)")
	noReport := fs.Bool("no-report", false, "leave the session's report.html out of the site")
	force := fs.Bool("force", false, "replace DIR even when it holds files Forkcast did not publish")
	if code, ok := parseFlags(fs, reorder(args)); !ok {
		return code
	}
	switch {
	case fs.NArg() != 1:
		return usageError(stderr, "publish", "takes one story file, then --out DIR")
	case *out == "":
		return usageError(stderr, "publish", "needs --out DIR")
	case *last && *session != 0:
		return usageError(stderr, "publish", "give --session or --last, not both")
	case *session < 0:
		return usageError(stderr, "publish", "--session must be a session number")
	}
	s, ok := loadPublishStory(fs.Arg(0), stderr)
	if !ok {
		return exitFailed
	}
	var r *show.Report
	if *session != 0 || *last {
		var err error
		if r, err = loadSessionReport(*dbPath, *session); err != nil {
			return fail(stderr, "publish", err)
		}
		if r.Session.Hash != s.Hash {
			note(stderr, "publish", "session %d was given from a different version of %s: scenes it visited that are gone now are left out", r.Session.ID, fs.Arg(0))
		}
	}
	opt := publish.Options{Notes: *notes, IncludeTexts: *texts, Report: r != nil && !*noReport}
	files, err := publish.Build(s, r, opt)
	if err == nil {
		err = publish.Write(*out, files, *force)
	}
	if err != nil {
		return fail(stderr, "publish", err)
	}
	note(stdout, "publish", "wrote %d files to %s; open %s", len(files), *out, *out+"/index.html")
	return exitOK
}

const reportSynopsis = `--html FILE [--db PATH] [--session N | --last] [--story FILE]

  Writes the one-page report of a session as one HTML file (print it to PDF from a browser):
  the path with the time per scene against the estimate, each poll's bars and timeline,
  the rating, texts per source. For CSV or JSON, use 'forkcast export'.`

func runReport(_ context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("report", reportSynopsis, stderr)
	out := fs.String("html", "", "write the report to `FILE`")
	dbPath := fs.String("db", "", "database file (default: the config folder's forkcast/forkcast.db)")
	session := fs.Int64("session", 0, "session `N` (default: the newest)")
	fs.Bool("last", false, "the newest session (the default)")
	storyPath := fs.String("story", "", "story `FILE` for scene titles and time estimates (default: the file the session ran, if it is still there)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return usageError(stderr, "report", "takes no arguments")
	case *out == "":
		return usageError(stderr, "report", "needs --html FILE")
	case *session < 0:
		return usageError(stderr, "report", "--session must be a session number")
	}
	r, err := loadSessionReport(*dbPath, *session)
	if err != nil {
		return fail(stderr, "report", err)
	}
	path := *storyPath
	if path == "" {
		path = r.Session.File
	}
	s, _, err := story.ParseFile(path)
	if err != nil {
		note(stderr, "report", "cannot read the story (%v): scene ids instead of titles, no estimates", err)
		s = nil
	}
	var buf bytes.Buffer
	if err := publish.WriteReport(&buf, s, r); err != nil {
		return fail(stderr, "report", err)
	}
	if err := writeOut(*out, buf.Bytes()); err != nil {
		return fail(stderr, "report", err)
	}
	note(stdout, "report", "wrote %s", *out)
	return exitOK
}

// loadPublishStory parses path; errors are printed and stop the command.
func loadPublishStory(path string, stderr io.Writer) (*story.Story, bool) {
	s, diags, err := story.ParseFile(path)
	if err != nil {
		fail(stderr, "publish", err)
		return nil, false
	}
	if story.HasErrors(diags) {
		for _, d := range diags {
			fmt.Fprintln(stderr, d.String())
		}
		note(stderr, "publish", "%s has errors (see 'forkcast check %s')", path, path)
		return nil, false
	}
	return s, true
}

// loadSessionReport reads session id's report (the newest when id is 0).
func loadSessionReport(dbPath string, id int64) (*show.Report, error) {
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

// reorder moves flags before the positional arguments, so that
// "publish STORY --out DIR" parses as the synopsis writes it.
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			if !bytes.ContainsRune([]byte(a), '=') && takesValue(a) && i+1 < len(args) {
				i++
				flags = append(flags, args[i])
			}
		default:
			pos = append(pos, a)
		}
	}
	return append(flags, pos...)
}

// takesValue reports whether publish's flag a needs a value.
func takesValue(a string) bool {
	switch a {
	case "-out", "--out", "-db", "--db", "-session", "--session":
		return true
	}
	return false
}

// publishSession publishes the running session into published/session-N/
// beside the database: POST /api/publish, the console's "Publish the site".
func (r *showRuntime) publishSession(ctx context.Context) (web.Published, error) {
	id := r.engine.State().Session.ID
	rep, err := r.db.Report(ctx, id)
	if err != nil {
		return web.Published{}, err
	}
	files, err := publish.Build(r.engine.Story(), rep, publish.Options{Report: true})
	if err != nil {
		return web.Published{}, err
	}
	base, err := dbPath(r.flags.db)
	if err != nil {
		return web.Published{}, err
	}
	dir, err := filepath.Abs(filepath.Join(filepath.Dir(base), "published", fmt.Sprintf("session-%d", id)))
	if err != nil {
		return web.Published{}, fmt.Errorf("published folder: %w", err)
	}
	if err := publish.Write(dir, files, false); err != nil {
		return web.Published{}, err
	}
	r.log.Info("published", "session", id, "dir", dir)
	return web.Published{Site: filepath.Join(dir, "index.html"), Report: filepath.Join(dir, "report.html"), Files: len(files)}, nil
}
