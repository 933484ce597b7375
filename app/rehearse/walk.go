// Package rehearse is Forkcast's rehearsal tooling, a peer of the engine
// working through its interfaces: Walk drives the real engine (in rehearsal
// mode, on a throw-away store) with a simulated audience until every fork
// choice of a story has been taken; Timing estimates how long each path
// through the story takes from the slide times recorded while rehearsing
// (the engine's navigation log, read through Store), with a words-per-minute
// estimate for slides never rehearsed; ExportStream writes a session's votes
// as a vote stream; Console is what the console's rehearsal tools call.
package rehearse

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
	"forkcast/app/vote"
)

// Audience is the simulated audience a walk votes with: a vote source that
// watches polls and can say when it has delivered a poll's texts.
// bridge/sim's *Audience (with Instant set) and *Replay satisfy it.
type Audience interface {
	vote.Source
	vote.PollWatcher
	// WaitPoll blocks until every text of poll id's phase (open, or closed
	// when open is false) has been handed to the engine.
	WaitPoll(ctx context.Context, id int64, open bool) error
}

// Steerer is an Audience that can lean towards a choice (bridge/sim's
// *Audience). A walk steers it towards the choice it wants next; with an
// audience that cannot be steered the votes decide, and the walk overrides
// them when they do not give the choice it needs.
type Steerer interface {
	Steer(choice int)
}

// WalkOptions configure Walk.
type WalkOptions struct {
	Story *story.Story
	// Audience makes the audience; now is the walk's simulated clock, which
	// the audience must use for ReceivedAt. Required.
	Audience func(now func() time.Time) (Audience, error)
	// Store is where the walk's rehearsal sessions go; when nil, Scratch
	// makes a store for the walk alone.
	Store show.Store
	// Scratch makes a throw-away store and the function that removes it
	// (app/cli gives a SQLite file in a temporary folder). Required when
	// Store is nil.
	Scratch func() (show.Store, func(), error)
	// Start is the simulated clock's start; zero = now.
	Start time.Time
	// PollWait bounds the real time waited for a poll's texts or decision;
	// 0 = 30 s.
	PollWait time.Duration
	Logger   *slog.Logger
}

// Coverage is what a walk did: the branches taken, and what could not be
// done. It is what `forkcast rehearse --walk --json` prints.
type Coverage struct {
	Title     string           `json:"title"`
	Hash      string           `json:"hash"`
	Choices   int              `json:"choices"` // fork choices in the story
	Covered   int              `json:"covered"` // of those, taken at least once
	Percent   float64          `json:"percent"` // 100 * Covered / Choices (100 without forks)
	Scenes    int              `json:"scenes"`
	Visited   int              `json:"visited"`   // scenes shown at least once
	Unreached []string         `json:"unreached"` // scenes never shown
	Branches  []BranchCoverage `json:"branches"`  // every fork choice, in file order
	Runs      []WalkRun        `json:"runs"`      // one per pass from the start to END
	Texts     int64            `json:"texts"`     // texts the audience sent
	Problems  []string         `json:"problems"`  // scenes that could not be reached, polls that could not complete
}

// BranchCoverage is one fork choice and how often the walk took it.
type BranchCoverage struct {
	Scene  string `json:"scene"`
	Choice int    `json:"choice"`
	Label  string `json:"label"`
	Target string `json:"target"`
	Taken  int    `json:"taken"`
	ByVote int    `json:"byVote"` // times the audience's votes chose it (the rest were overrides)
}

// WalkRun is one pass through the talk, in its own rehearsal session.
type WalkRun struct {
	Session int64        `json:"session"`
	Scenes  []string     `json:"scenes"`
	Polls   []PollResult `json:"polls"`
}

// PollResult is one poll of a walk as it closed.
type PollResult struct {
	ID        int64         `json:"id"`
	Scene     string        `json:"scene"`
	Kind      vote.PollKind `json:"kind"`
	Counts    map[int]int   `json:"counts"` // choice number (or rating value) → counted votes
	Total     int           `json:"total"`
	Invalid   int           `json:"invalid"`
	Wanted    int           `json:"wanted,omitempty"` // the choice the walk needed
	Winner    int           `json:"winner,omitempty"`
	DecidedBy string        `json:"decidedBy,omitempty"`
}

// ErrIncomplete is wrapped by Walk's error when coverage is below 100%, a
// scene could not be reached or a poll could not complete.
var ErrIncomplete = errors.New("walk incomplete")

// Walk presents the story in rehearsal mode on the real engine, pass after
// pass from the start, with the audience voting at every poll and steered
// towards choices not yet taken, until every fork choice has been taken. It
// returns the coverage, and an error wrapping ErrIncomplete when a choice or
// scene could not be reached or a poll could not complete; other errors mean
// the walk could not run (no story, no audience, a store that fails).
func Walk(ctx context.Context, opts WalkOptions) (*Coverage, error) {
	if opts.Story == nil || opts.Audience == nil || opts.Store == nil && opts.Scratch == nil {
		return nil, errors.New("walk: a story, an audience and a store (or a scratch store) are needed")
	}
	w, cleanup, err := newWalker(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	if err := w.walk(ctx); err != nil {
		return w.coverage(), err
	}
	cov := w.coverage()
	if len(cov.Problems) > 0 {
		return cov, fmt.Errorf("%w: %s", ErrIncomplete, strings.Join(cov.Problems, "; "))
	}
	return cov, nil
}

// clock is the walk's simulated time, shared by the engine and the audience.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.t) {
		c.t = t
	}
}

func (c *clock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// newWalker opens the store, the engine and the audience and starts the
// engine's Run; cleanup stops and closes them.
func newWalker(ctx context.Context, opts WalkOptions) (*walker, func(), error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.PollWait <= 0 {
		opts.PollWait = 30 * time.Second
	}
	start := opts.Start
	if start.IsZero() {
		start = time.Now().Truncate(time.Second)
	}
	clk := &clock{t: start}
	var closers []func()
	cleanup := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	store := opts.Store
	if store == nil {
		scratch, remove, err := opts.Scratch()
		if err != nil {
			return nil, nil, fmt.Errorf("walk: scratch store: %w", err)
		}
		closers = append(closers, remove)
		store = scratch
	}
	aud, err := opts.Audience(clk.Now)
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("walk: audience: %w", err)
	}
	eng, err := show.New(ctx, show.Config{
		Story: opts.Story, Store: store, Mode: show.Rehearsal, NewSession: true,
		Now: clk.Now, Logger: opts.Logger, Retention: -1,
	})
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("walk: start the engine: %w", err)
	}
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := eng.Run(runCtx, aud); err != nil && !errors.Is(err, context.Canceled) {
			opts.Logger.Error("walk: engine run", "err", err)
		}
	}()
	closers = append(closers, func() { stop(); <-done; eng.Close() })
	if err := awaitRunning(ctx, aud, opts.PollWait); err != nil {
		cleanup()
		return nil, nil, err
	}
	w := &walker{opts: opts, s: opts.Story, eng: eng, aud: aud, clk: clk,
		taken: map[edge]int{}, byVote: map[edge]int{}, seen: map[string]bool{}}
	return w, cleanup, nil
}

// awaitRunning waits until the engine has started the audience, so that it
// hears about the first poll.
func awaitRunning(ctx context.Context, aud Audience, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	t := time.NewTicker(2 * time.Millisecond)
	defer t.Stop()
	for aud.Health().State != vote.HealthOK {
		select {
		case <-ctx.Done():
			return fmt.Errorf("walk: the audience did not start: %w", ctx.Err())
		case <-t.C:
		}
	}
	return nil
}
