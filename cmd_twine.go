package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"forkcast/app/story"
	"forkcast/app/story/twine"
)

func init() {
	register(command{name: "import-twine", summary: "convert a Twine 2 HTML or Twee 3 file into a story file", run: runImportTwine})
	register(command{name: "export-twee", summary: "write a story file as Twee 3, to lay it out in Twine", run: runExportTwee})
}

func runImportTwine(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("import-twine", "[--story NAME] [--out FILE] [--fetch-images] FILE", stderr)
	name := fs.String("story", "", "the story to import from an archive holding several")
	out := fs.String("out", "", "write the story here (default: standard output)")
	fetch := fs.Bool("fetch-images", false, "download remote images into the story's images/ folder (needs --out)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "import-twine takes one Twine file (.html or .twee)")
	}
	if *fetch && *out == "" {
		return usageError(stderr, "--fetch-images needs --out, to know which folder the images go to")
	}
	in, inName, err := openInput(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintf(stderr, "forkcast: %v\n", err)
		return exitFailed
	}
	defer in.Close()
	dir := "."
	if *out != "" {
		dir = filepath.Dir(*out)
	}
	imp, ds, err := twine.Import(in, inName, twine.ImportOptions{Story: *name, FetchImages: *fetch, Dir: dir})
	var amb *twine.AmbiguousError
	if errors.As(err, &amb) {
		fmt.Fprintf(stderr, "forkcast: %s: %v\n", inName, err)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "forkcast: %v\n", err)
		return exitFailed
	}
	outName := "<stdout>"
	if *out != "" {
		outName = *out
		if err := os.WriteFile(*out, imp.Source, 0o644); err != nil {
			fmt.Fprintf(stderr, "forkcast: write story: %v\n", err)
			return exitFailed
		}
	} else if _, err := stdout.Write(imp.Source); err != nil {
		return exitFailed
	}
	_, checked := story.Parse(outName, imp.Source, dir)
	for _, d := range append(ds, checked...) {
		fmt.Fprintln(stderr, d)
	}
	fmt.Fprintf(stderr, "forkcast: imported %q into %s", imp.Name, outName)
	if len(imp.Images) > 0 {
		fmt.Fprintf(stderr, " (%d image(s) saved in %s)", len(imp.Images), filepath.Join(dir, "images"))
	}
	fmt.Fprintln(stderr)
	if story.HasErrors(ds) || story.HasErrors(checked) {
		return exitFailed
	}
	return exitOK
}

func runExportTwee(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("export-twee", "[--out FILE] FILE", stderr)
	out := fs.String("out", "", "write the Twee file here (default: standard output)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "export-twee takes one story file")
	}
	s, ds, err := story.ParseFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "forkcast: %v\n", err)
		return exitFailed
	}
	for _, d := range ds {
		fmt.Fprintln(stderr, d)
	}
	var buf bytes.Buffer
	if err := twine.Export(&buf, s); err != nil {
		fmt.Fprintf(stderr, "forkcast: %v\n", err)
		return exitFailed
	}
	if *out != "" {
		err = os.WriteFile(*out, buf.Bytes(), 0o644)
	} else {
		_, err = stdout.Write(buf.Bytes())
	}
	if err != nil {
		fmt.Fprintf(stderr, "forkcast: write twee: %v\n", err)
		return exitFailed
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
