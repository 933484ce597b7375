package cli

// The two Twine commands: import-twine and export-twee.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"forkcast/app/story"
	"forkcast/app/story/twine"
)

func runImportTwine(_ context.Context, args []string, env Env) int {
	stdin, stdout, stderr := env.Stdin, env.Stdout, env.Stderr
	fs := newFlagSet("import-twine", "[--story NAME] [--out FILE] [--fetch-images] FILE", stderr)
	name := fs.String("story", "", "the story to import from an archive holding several")
	out := fs.String("out", "", "write the story here (default: standard output)")
	fetch := fs.Bool("fetch-images", false, "download remote images into the story's images/ folder (needs --out)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "import-twine", "takes one Twine file (.html or .twee)")
	}
	if *fetch && *out == "" {
		return usageError(stderr, "import-twine", "--fetch-images needs --out, to know which folder the images go to")
	}
	in, inName, err := openInput(fs.Arg(0), stdin)
	if err != nil {
		return fail(stderr, "import-twine", err)
	}
	defer in.Close()
	dir := "."
	if *out != "" {
		dir = filepath.Dir(*out)
	}
	imp, ds, err := twine.Import(in, inName, twine.ImportOptions{Story: *name, FetchImages: *fetch, Dir: dir})
	var amb *twine.AmbiguousError
	if errors.As(err, &amb) {
		note(stderr, "import-twine", "%s: %v", inName, err)
		return exitUsage
	}
	if err != nil {
		return fail(stderr, "import-twine", err)
	}
	outName := "<stdout>"
	if *out != "" {
		outName = *out
	}
	_, checked := story.ParseWith(outName, imp.Source, dir, story.Options{NoHTML: true})
	failed := story.HasErrors(ds) || story.HasErrors(checked)
	for _, d := range append(ds, checked...) {
		fmt.Fprintln(stderr, d)
	}
	if *out != "" {
		// A failed import never replaces an existing talk; a new file
		// is written so the speaker can fix it.
		if _, err := os.Stat(*out); failed && err == nil {
			note(stderr, "import-twine", "%s was kept as it was: the import has errors; fix them or choose another --out", *out)
			return exitFailed
		}
		if err := writeOut(*out, imp.Source); err != nil {
			return fail(stderr, "import-twine", fmt.Errorf("write story: %w", err))
		}
	} else if _, err := stdout.Write(imp.Source); err != nil {
		return exitFailed
	}
	fmt.Fprintf(stderr, "%simported %q into %s", prefix("import-twine"), imp.Name, outName)
	if len(imp.Images) > 0 {
		fmt.Fprintf(stderr, " (%d image(s) saved in %s)", len(imp.Images), filepath.Join(dir, "images"))
	}
	fmt.Fprintln(stderr)
	if failed {
		return exitFailed
	}
	return exitOK
}

func runExportTwee(_ context.Context, args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlagSet("export-twee", "[--out FILE] FILE", stderr)
	out := fs.String("out", "", "write the Twee file here (default: standard output)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "export-twee", "takes one story file")
	}
	s, ds, err := story.ParseFile(fs.Arg(0))
	if err != nil {
		return fail(stderr, "export-twee", err)
	}
	for _, d := range ds {
		fmt.Fprintln(stderr, d)
	}
	var buf bytes.Buffer
	if err := twine.Export(&buf, s); err != nil {
		return fail(stderr, "export-twee", err)
	}
	if *out != "" && story.HasErrors(ds) {
		note(stderr, "export-twee", "%s was not written: the story has errors", *out)
		return exitFailed
	}
	if *out != "" {
		err = writeOut(*out, buf.Bytes())
	} else {
		_, err = stdout.Write(buf.Bytes())
	}
	if err != nil {
		return fail(stderr, "export-twee", fmt.Errorf("write twee: %w", err))
	}
	if story.HasErrors(ds) {
		return exitFailed
	}
	return exitOK
}

// openInput opens path, or stdin for "-".
func openInput(path string, stdin io.Reader) (io.ReadCloser, string, error) {
	if path == "-" {
		return io.NopCloser(stdin), "<stdin>", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, path, fmt.Errorf("open %s: %w", path, err)
	}
	return f, path, nil
}
