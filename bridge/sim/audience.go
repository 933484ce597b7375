package sim

import (
	"fmt"

	"forkcast/app/vote"
)

// Audience is a simulated audience: a vote.Source (Name "sim") and a
// vote.PollWatcher. When a poll opens its phones text over an arrival curve;
// texts that arrive after the close follow it. It is safe for concurrent use.
type Audience struct {
	*core
	cfg   Config
	bias  Bias // guarded by core.mu
	steer int  // guarded by core.mu
}

var (
	_ vote.Source      = (*Audience)(nil)
	_ vote.PollWatcher = (*Audience)(nil)
)

// New returns an audience for cfg (zero fields take their defaults). It fails
// when a value is out of range.
func New(cfg Config) (*Audience, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	c := cfg.withDefaults()
	a := &Audience{core: newCore("sim", "sim", c.Now), cfg: c, bias: c.Bias}
	a.batch, a.instant, a.allowLive = c.Batch, c.Instant, c.AllowLive
	if !c.Load {
		a.rate = c.Rate // in load mode the generator paces itself
	}
	a.plan = a.planPoll
	a.describe = func(open int) string {
		if open > 0 {
			return fmt.Sprintf("%d simulated phones voting.", c.Audience)
		}
		return fmt.Sprintf("%d simulated phones; waiting for a poll to open.", c.Audience)
	}
	a.metrics = func(m map[string]string) {
		m["audience"] = fmt.Sprint(c.Audience)
		m["mode"] = "rehearsal"
		if c.Load {
			m["mode"] = "load"
		}
	}
	return a, nil
}

// Config returns the configuration in force, defaults filled in.
func (a *Audience) Config() Config {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.cfg
	c.Bias = a.bias
	return c
}

// SetBias changes the bias of polls opened from now on (the console's
// control). It fails on a negative weight.
func (a *Audience) SetBias(b Bias) error {
	if err := b.validate(); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.bias = b
	return nil
}

// Steer sends 70% of the votes of fork polls opened from now on to choice
// (a number); 0 goes back to the configured bias. Rehearsal walks use it.
func (a *Audience) Steer(choice int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.steer = max(0, choice)
}

// planPoll makes a poll's run; core.mu is held.
func (a *Audience) planPoll(p vote.PollInfo, ordinal uint64) *pollRun {
	bias := a.bias
	if a.steer > 0 && p.Kind != vote.PollRating {
		bias = Bias{Entries: []BiasEntry{{Choice: a.steer, Weight: 70}}}
	}
	r := &pollRun{info: p, ordinal: ordinal, idPrefix: fmt.Sprintf("sim-%d-%d-", a.cfg.Seed, p.ID)}
	if a.cfg.Load {
		r.gen = newLoadGen(a.cfg, p, ordinal, bias)
		return r
	}
	r.setTexts(a.cfg.plan(p, ordinal, bias))
	return r
}
