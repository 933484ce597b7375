package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"sync"

	"forkcast/app/rehearse"
	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/vote"
	"forkcast/app/web"
)

// The running show of `forkcast serve` and of the desktop app: the story,
// the store, the engine, its vote sources and the local web server, started
// in that order and closed in reverse.

// showRuntime is a running show: store, engine, hub, sources and web server.
type showRuntime struct {
	flags      showFlags
	version    string
	log        *slog.Logger
	storyPath  string
	story      *story.Story   // as loaded at start; the engine keeps the live one
	tools      rehearse.Tools // nil in a live show
	db         *sqlite.DB
	hub        *show.Hub
	engine     *show.Engine
	sources    []vote.Source
	hooks      []web.Hook // routes of the sources that devices post to (the phone's webhook)
	hookURLs   []string   // the URLs those devices were given
	webMu      sync.Mutex // guards web, addr, token and lanHosts (the LAN toggle restarts the server)
	web        *web.Server
	addr       string
	token      string
	webCtx     context.Context          // the servers run until it ends
	lanHosts   []string                 // LAN mode's addresses; nil = loopback only
	lanAddrsFn func() ([]string, error) // nil = web.LANAddrs
	portNote   string                   // why the links changed since the last run ("" = they did not)
	frontend   fs.FS
	closeOnce  sync.Once
	closers    []func() error
}

// openShow loads the story, opens the store, starts the engine and the local
// web server. It fails with a readable error on a bad flag, a story with errors,
// or a store that cannot be opened.
func openShow(ctx context.Context, o showFlags, env Env) (*showRuntime, error) {
	level := slog.LevelInfo
	if o.verbose {
		level = slog.LevelDebug
	}
	frontend, err := frontendFS(withVersion(env.Frontend, env.Version))
	if err != nil {
		return nil, err
	}
	r := &showRuntime{flags: o, version: env.Version, frontend: frontend,
		log: slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))}
	ok := false
	defer func() {
		if !ok {
			r.close()
		}
	}()
	if err := r.flags.resolveTokens(r.log); err != nil {
		return nil, err
	}
	if err := r.loadStory(); err != nil {
		return nil, err
	}
	if err := r.openStore(); err != nil {
		return nil, err
	}
	if err := r.buildSources(); err != nil {
		return nil, err
	}
	if err := r.startEngine(ctx); err != nil {
		return nil, err
	}
	if err := r.startWeb(ctx); err != nil {
		return nil, err
	}
	ok = true
	return r, nil
}

func (r *showRuntime) loadStory() error {
	path := r.flags.story
	if path == "" {
		p, err := extractBundled(r.version)
		if err != nil {
			return fmt.Errorf("unpack the bundled talk: %w", err)
		}
		path = p
	}
	r.storyPath = path
	s, err := r.parseStory()
	if err != nil {
		return err
	}
	r.story = s
	return nil
}

// parseStory reads and checks the story; errors stop the show, warnings are logged.
func (r *showRuntime) parseStory() (*story.Story, error) {
	s, diags, err := story.ParseFile(r.storyPath)
	if err != nil {
		return nil, fmt.Errorf("read story: %w", err)
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.String())
	}
	if story.HasErrors(diags) {
		return nil, fmt.Errorf("the story has errors (run 'forkcast check %s'):\n%s", r.storyPath, strings.Join(msgs, "\n"))
	}
	for _, m := range msgs {
		r.log.Warn("story", "problem", m)
	}
	return s, nil
}

// openStore locks the database for this process (unlocked last), then opens it.
func (r *showRuntime) openStore() error {
	lock, err := lockDatabase(r.flags.db)
	if err != nil {
		return err
	}
	r.closers = append(r.closers, lock.unlock)
	db, err := openStore(r.flags.db)
	if err != nil {
		return err
	}
	r.db = db
	r.closers = append(r.closers, db.Close)
	return nil
}

func (r *showRuntime) startEngine(ctx context.Context) error {
	mode := show.Rehearsal
	if r.flags.live {
		mode = show.Live
	}
	r.hub = show.NewHub()
	e, err := show.New(ctx, show.Config{
		Story:      r.story,
		Store:      r.db,
		Notifier:   r.hub,
		Mode:       mode,
		NewSession: r.flags.fresh,
		Region:     r.flags.region,
		Logger:     r.log,
	})
	if err != nil {
		return fmt.Errorf("start the show: %w", err)
	}
	r.engine = e
	r.closers = append(r.closers, e.Close)
	return nil
}

// rehearsalOrNil makes the rehearsal tools once; nil in a live show (a nil
// *rehearse.Console must not become a non-nil interface).
func (r *showRuntime) rehearsalOrNil() rehearse.Tools {
	if r.tools == nil {
		if t := r.rehearsal(); t != nil {
			r.tools = t
		}
	}
	return r.tools
}

// url returns the address of view with the token.
func (r *showRuntime) url(view string) string {
	r.webMu.Lock()
	defer r.webMu.Unlock()
	return r.urlLocked(view)
}

// launchURL is a launch link to view on the running server (app/web
// launch.go): for a browser's command line, which every user can read.
func (r *showRuntime) launchURL(view string) (string, error) {
	r.webMu.Lock()
	srv := r.web
	r.webMu.Unlock()
	if srv == nil {
		return "", show.Errorf(show.ECONFLICT, "The local web server is not running.")
	}
	return srv.LaunchURL(view)
}

// urlLocked is url with webMu held.
func (r *showRuntime) urlLocked(view string) string {
	host := r.addr
	if strings.HasPrefix(host, "0.0.0.0:") || strings.HasPrefix(host, "[::]:") {
		host = "127.0.0.1" + host[strings.LastIndex(host, ":"):]
	}
	return fmt.Sprintf("http://%s/%s?token=%s", host, view, r.token)
}

// run runs the sources, timers and the story watcher until ctx ends.
func (r *showRuntime) run(ctx context.Context) error {
	if follow := r.followReplies(); follow != nil {
		go follow(ctx)
	}
	go watchStory(ctx, r.storyPath, r.engine, r.log)
	r.followTimings(ctx) // rehearsal.go
	err := r.engine.Run(ctx, r.sources...)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func (r *showRuntime) close() {
	r.closeOnce.Do(func() {
		for i := len(r.closers) - 1; i >= 0; i-- {
			if err := r.closers[i](); err != nil {
				r.log.Warn("close", "err", err)
			}
		}
	})
}

// reportOpenError prints why the show could not start: 2 for a flag problem
// (an errUsage), else 1.
func reportOpenError(stderr io.Writer, name string, err error) int {
	var u errUsage
	if errors.As(err, &u) {
		return usageError(stderr, name, "%s", u.msg)
	}
	return fail(stderr, name, err)
}
