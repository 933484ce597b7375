package rehearse

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"forkcast/app/show"
	"forkcast/app/story"
)

// Tools is what the console can do in a rehearsal beyond driving the show.
// *Console implements it; the edges (app/web, app/desktop) take a Tools,
// nil in a live show. Errors are coded (*show.Error) where the speaker can
// act on them; anything else is an internal failure.
type Tools interface {
	// TimingReport times every path of the talk from the rehearsals
	// recorded so far (estimates for slides never rehearsed).
	TimingReport(ctx context.Context) (*Report, error)
	// Walk visits every fork choice with a simulated audience in a scratch
	// store (the show is not touched). It fails with show.ECONFLICT while
	// another walk runs; an incomplete walk is a Coverage with problems.
	Walk(ctx context.Context) (*Coverage, error)
	// Audience returns the simulated audience's bias as its spec writes it
	// ("60/40"; "" = even, or no simulated audience).
	Audience() string
	// SetAudience changes the simulated audience's bias ("60/40", "2:80",
	// "breach:70"). It fails with show.EINVALID for a bad spec and with
	// show.ECONFLICT when the rehearsal has no simulated audience.
	SetAudience(ctx context.Context, bias string) error
	// Reset starts a fresh rehearsal session from the first slide.
	Reset(ctx context.Context) error
}

// Show is the running show a Console works beside: *show.Engine.
type Show interface {
	Story() *story.Story
	ResetRehearsal(ctx context.Context) error
}

// Bias is the show's simulated audience as the console steers it.
type Bias interface {
	// Bias returns the bias the audience votes with, as a spec ("60/40").
	Bias() string
	// SetBias parses spec and makes the audience vote with it; it fails
	// with a readable reason when spec is not a bias.
	SetBias(spec string) error
}

// ConsoleConfig is what a Console needs.
type ConsoleConfig struct {
	Show  Show
	Store Store // the show's store, read for the timing report
	// Audience makes the audience of a walk, on the walk's clock (the
	// simulated audience with the show's current settings). Required.
	Audience func(now func() time.Time) (Audience, error)
	// Bias is the show's simulated audience; nil when it has none.
	Bias Bias
	// Scratch makes the throw-away store of a walk. Required.
	Scratch func() (show.Store, func(), error)
	// WalkTimeout bounds a walk; 0 = 2 minutes.
	WalkTimeout time.Duration
}

// Console implements Tools for a rehearsal: one walk at a time, bounded in
// time, in a scratch store.
type Console struct {
	cfg     ConsoleConfig
	walking sync.Mutex
}

var _ Tools = (*Console)(nil)

// NewConsole returns the console's rehearsal tools.
func NewConsole(cfg ConsoleConfig) *Console {
	if cfg.WalkTimeout <= 0 {
		cfg.WalkTimeout = 2 * time.Minute
	}
	return &Console{cfg: cfg}
}

// TimingReport times every path of the story being shown from its
// rehearsal sessions in the store. It fails when the store cannot be read.
func (c *Console) TimingReport(ctx context.Context) (*Report, error) {
	r, err := ReportFor(ctx, c.cfg.Store, c.cfg.Show.Story(), TimingOptions{})
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, &show.Error{Code: show.EINTERNAL, Message: "The timing report took too long and was stopped.", Err: err}
	}
	return r, err
}

// Walk walks every branch of the story being shown. It fails with
// show.ECONFLICT while another walk runs, and when the walk cannot run; a
// walk that could not cover everything is not an error (see
// Coverage.Problems).
func (c *Console) Walk(ctx context.Context) (*Coverage, error) {
	if !c.walking.TryLock() {
		return nil, show.Errorf(show.ECONFLICT, "A walk is already running.")
	}
	defer c.walking.Unlock()
	ctx, cancel := context.WithTimeout(ctx, c.cfg.WalkTimeout)
	defer cancel()
	cov, err := Walk(ctx, WalkOptions{Story: c.cfg.Show.Story(), Audience: c.cfg.Audience, Scratch: c.cfg.Scratch})
	if err != nil && !errors.Is(err, ErrIncomplete) {
		return nil, fmt.Errorf("walk: %w", err)
	}
	return cov, nil
}

// Audience returns the simulated audience's bias, "" without one.
func (c *Console) Audience() string {
	if c.cfg.Bias == nil {
		return ""
	}
	return c.cfg.Bias.Bias()
}

// SetAudience changes the simulated audience's bias.
func (c *Console) SetAudience(_ context.Context, bias string) error {
	if c.cfg.Bias == nil {
		return show.Errorf(show.ECONFLICT, "This rehearsal has no simulated audience.")
	}
	if err := c.cfg.Bias.SetBias(bias); err != nil {
		return &show.Error{Code: show.EINVALID, Message: fmt.Sprintf("Bias %q: %v", bias, err), Err: err}
	}
	return nil
}

// Reset starts a fresh rehearsal session.
func (c *Console) Reset(ctx context.Context) error { return c.cfg.Show.ResetRehearsal(ctx) }
