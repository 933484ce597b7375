package cli

import (
	"context"
	"fmt"
)

func runServe(ctx context.Context, args []string, env Env) int {
	var o showFlags
	fs := newFlagSet("serve", "[--story FILE] [--db PATH] [--listen ADDR] [--token T] [--source SRC]... [--live]", env.Stderr)
	o.register(fs)
	withSourceHelp(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(env.Stderr, "serve", "takes no arguments (use --story FILE)")
	}
	return serve(ctx, o, env)
}

// serve runs the show until ctx ends; it prints the stage and console URLs.
func serve(ctx context.Context, o showFlags, env Env) int {
	r, err := openShow(ctx, o, env)
	if err != nil {
		return reportOpenError(env.Stderr, "serve", err)
	}
	defer r.close()
	fmt.Fprintf(env.Stdout, "stage: %s\nconsole: %s\n", r.url("stage"), r.url("console"))
	if err := r.run(ctx); err != nil {
		return fail(env.Stderr, "serve", err)
	}
	return exitOK
}
