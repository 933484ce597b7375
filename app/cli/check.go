package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"forkcast/app/story"
)

// checkResult is one file's entry in `check --json`.
type checkResult struct {
	File        string             `json:"file"`
	OK          bool               `json:"ok"`
	Error       string             `json:"error,omitempty"` // the file could not be read
	Diagnostics []story.Diagnostic `json:"diagnostics"`
	Summary     *story.Summary     `json:"summary,omitempty"`
}

func runCheck(_ context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("check", "[--strict] [--graph dot|mermaid|svg] [--json] FILE...", stderr)
	strict := fs.Bool("strict", false, "fail on warnings too")
	graph := fs.String("graph", "", "print the story map as `dot`, `mermaid` or `svg` (an image; diagnostics go to stderr)")
	asJSON := fs.Bool("json", false, "print diagnostics and summaries as JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "check", "needs at least one story file")
	}
	if *graph != "" && *graph != "dot" && *graph != "mermaid" && *graph != "svg" {
		return usageError(stderr, "check", "--graph takes dot, mermaid or svg, not %q", *graph)
	}
	if *graph != "" && *asJSON {
		return usageError(stderr, "check", "--graph and --json do not go together")
	}
	failed := false
	var results []checkResult
	for _, path := range fs.Args() {
		r, s := checkOne(path, *strict)
		failed = failed || !r.OK
		switch {
		case *asJSON:
			results = append(results, r)
		case *graph != "":
			printDiagnostics(stderr, r)
			if s != nil {
				writeGraph(stdout, s, *graph)
			}
		default:
			printDiagnostics(stdout, r)
			if r.Summary != nil {
				fmt.Fprintf(stdout, "%s: %s\n", path, r.Summary)
			}
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(results)
	}
	if failed {
		return exitFailed
	}
	return exitOK
}

func checkOne(path string, strict bool) (checkResult, *story.Story) {
	s, ds, err := story.ParseFileWith(path, story.Options{NoHTML: true})
	r := checkResult{File: path, Diagnostics: ds}
	if err != nil {
		r.Error = err.Error()
		return r, nil
	}
	if r.Diagnostics == nil {
		r.Diagnostics = []story.Diagnostic{}
	}
	sum := story.Summarize(s, 0)
	r.Summary = &sum
	r.OK = !story.HasErrors(ds) && !(strict && len(ds) > 0)
	return r, s
}

func printDiagnostics(w io.Writer, r checkResult) {
	if r.Error != "" {
		fmt.Fprintf(w, "%s%s\n", prefix("check"), r.Error)
	}
	for _, d := range r.Diagnostics {
		fmt.Fprintln(w, d)
	}
}

func writeGraph(w io.Writer, s *story.Story, format string) {
	switch format {
	case "mermaid":
		_ = story.WriteMermaid(w, s)
		return
	case "svg":
		_ = story.WriteSVG(w, s)
		return
	}
	_ = story.WriteDOT(w, s)
}
