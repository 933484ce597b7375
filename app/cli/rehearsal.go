package cli

import (
	"context"
	"time"

	"forkcast/app/rehearse"
	"forkcast/bridge/sim"
)

// The console's rehearsal tools (app/rehearse) wired to the simulated
// audience (bridge/sim).

// rehearsal returns the console's rehearsal tools, or nil in a live show.
func (r *showRuntime) rehearsal() *rehearse.Console {
	if r.flags.live {
		return nil
	}
	var aud *sim.Audience
	for _, s := range r.sources {
		if a, ok := s.(*sim.Audience); ok {
			aud = a
			break
		}
	}
	cfg := rehearse.ConsoleConfig{Show: r.engine, Store: r.db, Scratch: scratchStore,
		Audience: walkAudience(func() sim.Config {
			if aud == nil {
				return sim.Config{}
			}
			return aud.Config() // the bias set from the console included
		})}
	if aud != nil {
		cfg.Bias = simBias{aud}
	}
	return rehearse.NewConsole(cfg)
}

// walkAudience makes a walk's audience: the simulator with base()'s
// settings, instant, on the walk's clock.
func walkAudience(base func() sim.Config) func(now func() time.Time) (rehearse.Audience, error) {
	return func(now func() time.Time) (rehearse.Audience, error) {
		c := base()
		c.Instant, c.Now = true, now
		return sim.New(c)
	}
}

// simBias is the simulated audience as the console steers it.
type simBias struct{ a *sim.Audience }

func (b simBias) Bias() string { return b.a.Config().Bias.String() }

func (b simBias) SetBias(spec string) error {
	bias, err := sim.ParseBias(spec)
	if err != nil {
		return err
	}
	return b.a.SetBias(bias)
}

// followTimings publishes the rehearsal's timing report on the hub whenever
// the show records a slide time (rehearse.Console.PublishTimings), until ctx
// ends; nothing in a live show.
func (r *showRuntime) followTimings(ctx context.Context) {
	c, ok := r.rehearsalOrNil().(*rehearse.Console)
	if !ok || r.hub == nil {
		return
	}
	events, stop := r.hub.Subscribe(8)
	go func() {
		defer stop()
		c.PublishTimings(ctx, events, r.hub, r.log)
	}()
}
