// Command forkcast is the Forkcast presenter: with no subcommand it opens the
// desktop app; subcommands check stories, serve the show headless, talk to a
// modem, rehearse, import and export (app/cli). Exit codes: 0 ok, 1 failed,
// 2 usage error.
package main

import (
	"context"
	"embed"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"forkcast/app/cli"
)

// dist is the built frontend (make builds frontend/dist before any Go step;
// frontend/dist/.keep keeps the embed valid on a fresh clone).
//
//go:embed all:frontend/dist
var dist embed.FS

// icon is the window icon (also used by wails build).
//
//go:embed build/appicon.png
var icon []byte

// version is stamped by the Makefile with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	frontend, _ := fs.Sub(dist, "frontend/dist")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Version: version, Frontend: frontend, Icon: icon, Bindings: generatingBindings})
	stop()
	os.Exit(code)
}
