// Command forkcast-relay is Forkcast's webhook relay: it receives SMS
// webhooks from a cloud number (Twilio), checks their signatures, stores each
// text in an embedded SQLite file, and streams them to the presenter's laptop.
// It is pure Go (CGO_ENABLED=0). See docs/relay.md. Exit codes: 0 ok,
// 1 failed, 2 usage error.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], Env{Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
