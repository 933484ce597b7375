package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"forkcast/app/rehearse"
	"forkcast/app/story"
	"forkcast/bridge/sim"
)

var rehearseSynopsis = `--walk FILE [--sim SPEC] | --report FILE [--db PATH] [--sessions IDS] | --record-stream IDS --db PATH [--out FILE]

  --walk FILE      present FILE on the real engine (rehearsal mode, a throw-away database) with a
                   simulated audience until every fork choice is taken; exit 1 when coverage is
                   below 100%, a scene cannot be reached or a poll cannot complete
  --report FILE    time every path of FILE from the slide times of its rehearsal sessions in --db
                   (words-per-minute estimates for slides never rehearsed; estimates only without --db),
                   against the slot in the front matter, and list the branches that overrun
  --record-stream  write the vote stream of sessions IDS (comma-separated) from --db as JSON Lines,
                   for 'forkcast serve --source replay:FILE[,speed=10]'

` + rehearseSimHelp

// rehearseSimHelp is the simulated audience's help as rehearse spells it:
// --sim SPEC, with serve's --source sim:SPEC accepted too.
var rehearseSimHelp = strings.NewReplacer(
	"Simulated audience: --source sim[:KEY=VALUE,...].", "Simulated audience (--walk): --sim KEY=VALUE,... (or, as serve writes it, --source sim:KEY=VALUE,...).",
	"Example: --source sim:", "Example: --sim ",
).Replace(sim.SpecHelp)

// rehearseFlags are the flags of `forkcast rehearse`.
type rehearseFlags struct {
	walk, report, record, db, out, sessions, simSpec, source string
	asJSON                                                   bool
	wpm, limit                                               int
	perSlide                                                 time.Duration
}

func runRehearse(ctx context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("rehearse", rehearseSynopsis, stderr)
	var f rehearseFlags
	fs.StringVar(&f.walk, "walk", "", "walk every branch of story `FILE`")
	fs.StringVar(&f.report, "report", "", "timing report of story `FILE`")
	fs.StringVar(&f.record, "record-stream", "", "export the vote stream of session `IDS` (comma-separated)")
	fs.StringVar(&f.db, "db", "", "Forkcast database `PATH` (for --report and --record-stream)")
	fs.StringVar(&f.out, "out", "", "write the stream to `FILE` (default: standard output)")
	fs.StringVar(&f.sessions, "sessions", "", "--report: use only session `IDS` (comma-separated; default: every rehearsal of the story)")
	fs.StringVar(&f.simSpec, "sim", "audience=200", "simulated audience `SPEC` for --walk (keys below)")
	fs.StringVar(&f.source, "source", "", "the same as --sim, as serve spells it: sim[:`SPEC`]")
	fs.BoolVar(&f.asJSON, "json", false, "print the coverage or the report as JSON")
	fs.IntVar(&f.wpm, "wpm", 0, "speaking rate of estimates (default: the story's wpm, else 130)")
	fs.DurationVar(&f.perSlide, "per-slide", 0, "time added to every estimated slide (default 5s)")
	fs.IntVar(&f.limit, "limit", 0, "most paths listed in the report (default 200 in a talk without loops, 10000 with loops)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	modes := 0
	for _, m := range []string{f.walk, f.report, f.record} {
		if m != "" {
			modes++
		}
	}
	if f.source != "" {
		spec, ok := strings.CutPrefix(f.source, "sim")
		if !ok || (spec != "" && spec[0] != ':') {
			return usageError(stderr, "rehearse", "--source %s: a walk's only source is the simulated audience; write --sim SPEC or --source sim:SPEC", f.source)
		}
		f.simSpec = strings.TrimPrefix(spec, ":")
	}
	switch {
	case fs.NArg() > 0:
		return usageError(stderr, "rehearse", "takes no arguments; use --walk FILE or --report FILE")
	case modes != 1:
		return usageError(stderr, "rehearse", "needs exactly one of --walk FILE, --report FILE or --record-stream IDS")
	case f.record != "" && f.db == "":
		return usageError(stderr, "rehearse", "--record-stream needs --db PATH")
	}
	switch {
	case f.walk != "":
		return rehearseWalk(ctx, f, stdout, stderr)
	case f.report != "":
		return rehearseReport(ctx, f, stdout, stderr)
	}
	return rehearseRecord(ctx, f, stdout, stderr)
}

func rehearseWalk(ctx context.Context, f rehearseFlags, stdout, stderr io.Writer) int {
	cfg, err := sim.ParseSpec(f.simSpec)
	if err != nil {
		return usageError(stderr, "rehearse", "--sim %s: %v", f.simSpec, err)
	}
	s, ok := loadRehearsalStory(f.walk, stderr)
	if !ok {
		return exitFailed
	}
	audience := walkAudience(func() sim.Config { return cfg })
	cov, err := rehearse.Walk(ctx, rehearse.WalkOptions{Story: s, Audience: audience, Scratch: scratchStore})
	if cov != nil {
		printRehearsal(stdout, f.asJSON, cov, cov.WriteText)
	}
	if err != nil {
		if !errors.Is(err, rehearse.ErrIncomplete) {
			return fail(stderr, "rehearse", err)
		}
		return exitFailed
	}
	return exitOK
}

func rehearseReport(ctx context.Context, f rehearseFlags, stdout, stderr io.Writer) int {
	only, err := parseIDs(f.sessions)
	if err != nil {
		return usageError(stderr, "rehearse", "--sessions: %v", err)
	}
	s, ok := loadRehearsalStory(f.report, stderr)
	if !ok {
		return exitFailed
	}
	opts := rehearse.TimingOptions{WPM: f.wpm, PerSlide: f.perSlide, Limit: f.limit}
	var nav []rehearse.NavEntry
	if f.db != "" {
		db, err := openExisting(f.db)
		if err != nil {
			return fail(stderr, "rehearse", err)
		}
		defer db.Close()
		if nav, opts.Sessions, err = rehearse.ReadRehearsals(ctx, db, s, only); err != nil {
			return fail(stderr, "rehearse", err)
		}
	}
	r := rehearse.Timing(s, nav, opts)
	printRehearsal(stdout, f.asJSON, r, r.WriteText)
	return exitOK
}

func rehearseRecord(ctx context.Context, f rehearseFlags, stdout, stderr io.Writer) int {
	ids, err := parseIDs(f.record)
	if err != nil || len(ids) == 0 {
		return usageError(stderr, "rehearse", "--record-stream takes session ids such as 12 or 12,13")
	}
	w, closeOut := stdout, func() error { return nil }
	if f.out != "" {
		file, err := createOut(f.out)
		if err != nil {
			return fail(stderr, "rehearse", err)
		}
		defer file.abort()
		w, closeOut = file, file.commit
	}
	db, err := openExisting(f.db)
	if err == nil {
		err = rehearse.ExportStream(ctx, db, ids, w)
		db.Close()
	}
	if err == nil {
		err = closeOut()
	}
	if err != nil {
		return fail(stderr, "rehearse", err)
	}
	return exitOK
}

// loadRehearsalStory parses path; errors are printed and stop the command.
func loadRehearsalStory(path string, stderr io.Writer) (*story.Story, bool) {
	s, diags, err := story.ParseFile(path)
	if err != nil {
		fail(stderr, "rehearse", err)
		return nil, false
	}
	if story.HasErrors(diags) {
		for _, d := range diags {
			fmt.Fprintln(stderr, d.String())
		}
		note(stderr, "rehearse", "%s has errors (see 'forkcast check %s')", path, path)
		return nil, false
	}
	return s, true
}

func printRehearsal(w io.Writer, asJSON bool, v any, text func(io.Writer) error) {
	if !asJSON {
		_ = text(w)
		return
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// parseIDs reads "12,13"; "" is none.
func parseIDs(s string) ([]int64, error) {
	var ids []int64
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || id < 1 {
			return nil, fmt.Errorf("%q is not a session id", p)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
