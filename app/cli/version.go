package cli

import (
	"context"
	"fmt"
	"runtime"
)

func runVersion(_ context.Context, args []string, env Env) int {
	fs := newFlagSet("version", "", env.Stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(env.Stderr, "version", "takes no arguments")
	}
	fmt.Fprintf(env.Stdout, "forkcast %s (%s, %s/%s)\n", env.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}
