// Command devserve runs the web server with a simulated show (no engine, no
// store) for working on the frontend before or without `forkcast serve`:
//
//	go run ./app/web/internal/devserve --story stories/demo.md --listen 127.0.0.1:8765
//
// It walks the story, opens and closes polls, and fakes a voting audience.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/web"
)

func main() {
	flag.CommandLine.Init("devserve", flag.ExitOnError)
	storyPath := flag.String("story", "stories/demo.md", "story file")
	listen := flag.String("listen", "127.0.0.1:8765", "address")
	dist := flag.String("dist", "frontend/dist", "built frontend")
	rate := flag.Float64("rate", 40, "simulated texts per second while a poll is open")
	token := flag.String("token", "dev", "control token")
	flag.String("db", "", "ignored (accepted so the browser tests can run against devserve)")
	flag.String("source", "", "ignored (the fake audience always votes)")
	if len(os.Args) > 1 && os.Args[1] == "serve" { // same command line as `forkcast serve`
		os.Args = append(os.Args[:1], os.Args[2:]...)
	}
	flag.Parse()
	st, diags, err := story.ParseFile(*storyPath)
	if err != nil || story.HasErrors(diags) {
		fmt.Fprintln(os.Stderr, "devserve:", err, diags)
		os.Exit(1)
	}
	hub := show.NewHub()
	sim := newFakeShow(st, hub, *rate)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go sim.run(ctx)
	srv, err := web.New(web.Config{Controller: sim, Hub: hub, Story: func() *story.Story { return st },
		Frontend: os.DirFS(*dist), Token: *token, Listen: *listen, Logger: slog.Default()})
	if err != nil {
		fmt.Fprintln(os.Stderr, "devserve:", err)
		os.Exit(1)
	}
	if _, err := srv.Start(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "devserve:", err)
		os.Exit(1)
	}
	for _, v := range []string{"stage", "console"} {
		u, _ := srv.URL(v)
		fmt.Printf("%s: %s\n", v, u)
	}
	<-ctx.Done()
}
