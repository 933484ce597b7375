package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"forkcast/app/rehearse"
	"forkcast/app/show"
	"forkcast/app/sqlite"
	"forkcast/app/story"
	"forkcast/app/vote"
	"forkcast/app/web"
	"forkcast/stories"
)

// showFlags are the flags shared by the desktop app and `forkcast serve`.
type showFlags struct {
	story      string
	db         string
	listen     string
	token      string
	region     string
	live       bool
	fresh      bool
	sources    multiFlag
	modemBaud  int
	modemPIN   string
	relayToken string
	verbose    bool
}

func (o *showFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.story, "story", "", "story `FILE` to present (default: the bundled Django deployment talk)")
	fs.StringVar(&o.db, "db", "", "SQLite `PATH` (default: <user config dir>/forkcast/forkcast.db)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0", "`ADDR` of the local web server (stage, console, API); another address than loopback requires the token for everything")
	fs.StringVar(&o.token, "token", "", "bearer `TOKEN` for control actions (default: a random one, printed in the URLs)")
	fs.StringVar(&o.region, "region", "US", "default phone `REGION` for numbers written without a country code")
	fs.BoolVar(&o.live, "live", false, "run a live session (default: rehearsal, never mixed with live data)")
	fs.BoolVar(&o.fresh, "new", false, "start a new session instead of resuming the last one")
	fs.Var(&o.sources, "source", "vote `SOURCE`, repeatable: sim[:SPEC] | modem:DEVICE | relay:URL | replay:FILE (default in rehearsal: sim)")
	fs.IntVar(&o.modemBaud, "modem-baud", 115200, "modem serial `BAUD` rate")
	fs.StringVar(&o.modemPIN, "modem-pin", "", "SIM `PIN`, if the SIM asks for one (or FORKCAST_MODEM_PIN)")
	fs.StringVar(&o.relayToken, "relay-token", "", "relay bearer `TOKEN` (or FORKCAST_RELAY_TOKEN)")
	fs.BoolVar(&o.verbose, "v", false, "verbose logs")
}

// showRuntime is a running show: store, engine, hub, sources and web server.
type showRuntime struct {
	flags     showFlags
	log       *slog.Logger
	storyPath string
	story     *story.Story // as loaded at start; the engine keeps the live one
	dbFile    string
	tools     rehearse.Tools // nil in a live show
	db        *sqlite.DB
	hub       *show.Hub
	engine    *show.Engine
	sources   []vote.Source
	web       *web.Server
	addr      string
	token     string
	frontend  fs.FS
	closeOnce sync.Once
	closers   []func() error
}

// openShow loads the story, opens the store, starts the engine and the local
// web server. It fails with a readable error on a bad flag, a story with errors,
// or a store that cannot be opened.
func openShow(ctx context.Context, o showFlags, frontend fs.FS, stderr io.Writer) (*showRuntime, error) {
	level := slog.LevelInfo
	if o.verbose {
		level = slog.LevelDebug
	}
	r := &showRuntime{flags: o, frontend: frontend, log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))}
	ok := false
	defer func() {
		if !ok {
			r.close()
		}
	}()
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
		p, err := extractBundled()
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

func (r *showRuntime) openStore() error {
	path := r.flags.db
	if path == "" {
		p, err := defaultDBPath()
		if err != nil {
			return err
		}
		path = p
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	db, err := sqlite.Open(path)
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	r.db, r.dbFile = db, path
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

func (r *showRuntime) startWeb(ctx context.Context) error {
	r.token = r.flags.token
	if r.token == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return fmt.Errorf("make a token: %w", err)
		}
		r.token = hex.EncodeToString(b)
	}
	srv, err := web.New(web.Config{
		Controller: r.engine,
		Hub:        r.hub,
		Story:      r.engine.Story,
		Frontend:   r.frontend,
		Token:      r.token,
		Listen:     r.flags.listen,
		Logger:     r.log,
		Rehearsal:  r.rehearsalOrNil(),
	})
	if err != nil {
		return fmt.Errorf("local web server: %w", err)
	}
	addr, err := srv.Start(ctx)
	if err != nil {
		return fmt.Errorf("local web server on %s: %w", r.flags.listen, err)
	}
	r.web, r.addr = srv, addr
	r.closers = append(r.closers, func() error { return srv.Shutdown(context.Background()) })
	return nil
}

// dbPath is the database file in use.
func (r *showRuntime) dbPath() string { return r.dbFile }

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
	host := r.addr
	if strings.HasPrefix(host, "0.0.0.0:") || strings.HasPrefix(host, "[::]:") {
		host = "127.0.0.1" + host[strings.LastIndex(host, ":"):]
	}
	return fmt.Sprintf("http://%s/%s?token=%s", host, view, r.token)
}

// run runs the sources, timers and the story watcher until ctx ends.
func (r *showRuntime) run(ctx context.Context) error {
	go func() {
		err := story.Watch(ctx, r.storyPath, func(s *story.Story, diags []story.Diagnostic) {
			st := show.StoryStatus{File: r.storyPath, Loaded: time.Now(), OK: !story.HasErrors(diags)}
			for _, d := range diags {
				st.Problems = append(st.Problems, d.String())
			}
			if st.OK && s != nil {
				st.Hash = s.Hash
				if err := r.engine.ReloadStory(s); err != nil {
					st.OK = false
					st.Problems = append(st.Problems, "reload: "+show.ErrorMessage(err))
				}
			} else {
				r.log.Warn("story changed but has errors; still showing the previous version", "file", r.storyPath)
			}
			r.hub.Notify(show.EventStory, st)
		})
		if err != nil && !errors.Is(err, context.Canceled) {
			r.log.Warn("watch story", "err", err)
		}
	}()
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

// storyAssets serves the story's images for the desktop window.
func (r *showRuntime) storyAssets() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/story-assets/", http.StripPrefix("/story-assets/", web.StoryAssets(filepath.Dir(r.storyPath))))
	return mux
}

// extractBundled writes the bundled stories to the user cache folder (so their
// images can be served like any story's) and returns the default talk's path.
func extractBundled() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "forkcast", "stories-"+version)
	err = fs.WalkDir(stories.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := fs.ReadFile(stories.FS, p)
		if err != nil {
			return err
		}
		if old, err := os.ReadFile(dst); err == nil && string(old) == string(b) {
			return nil
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, stories.Default), nil
}
