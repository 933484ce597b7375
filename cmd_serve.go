package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"forkcast/bridge/sim"
)

func init() {
	register(command{name: "serve", summary: "run the show headless: stage and console in any browser", run: runServe})
}

func runServe(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var o showFlags
	fs := newFlagSet("serve", "[--story FILE] [--db PATH] [--listen ADDR] [--token T] [--source SRC]... [--live]", stderr)
	o.register(fs)
	withSourceHelp(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "serve takes no arguments (use --story FILE)")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, o, stdout, stderr)
}

// serve runs the show until ctx ends; it prints the stage and console URLs.
func serve(ctx context.Context, o showFlags, stdout, stderr io.Writer) int {
	dist, err := frontendFS()
	if err != nil {
		fmt.Fprintf(stderr, "forkcast: %v\n", err)
		return exitFailed
	}
	r, err := openShow(ctx, o, dist, stderr)
	if err != nil {
		return reportOpenError(stderr, err)
	}
	defer r.close()
	fmt.Fprintf(stdout, "stage: %s\nconsole: %s\n", r.url("stage"), r.url("console"))
	if err := r.run(ctx); err != nil {
		fmt.Fprintf(stderr, "forkcast: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// withSourceHelp appends the --source forms and the simulator's keys to -h.
func withSourceHelp(fs *flag.FlagSet) {
	base := fs.Usage
	fs.Usage = func() {
		base()
		fmt.Fprintf(fs.Output(), "\nSources: sim[:SPEC] (rehearsal only), modem:DEVICE (see 'forkcast modem list'), relay:URL, replay:FILE[,speed=N].\n\n%s\n", sim.SpecHelp)
	}
}

// reportOpenError prints why the show could not start: 2 for a flag problem, else 1.
func reportOpenError(stderr io.Writer, err error) int {
	var u errUsage
	if errors.As(err, &u) {
		return usageError(stderr, "%s", u.msg)
	}
	fmt.Fprintf(stderr, "forkcast: %v\n", err)
	return exitFailed
}

// frontendFS returns the built frontend, or an error naming the fix.
func frontendFS() (fs.FS, error) {
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(dist, "index.html"); err != nil {
		return nil, errors.New("this binary was built without the frontend: run 'make build'")
	}
	return dist, nil
}
