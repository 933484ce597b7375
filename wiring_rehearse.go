package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"forkcast/app/show"
	"forkcast/app/show/rehearse"
	"forkcast/bridge/sim"
)

// rehearsalTools implements web.Rehearsal for the console: timing report, a
// walk of every branch in a scratch database, the audience's bias, reset.
type rehearsalTools struct {
	r        *showRuntime
	audience *sim.Audience // nil when the rehearsal has no simulated audience
	walking  sync.Mutex
}

// rehearsal returns the console's rehearsal tools, or nil in a live show.
func (r *showRuntime) rehearsal() *rehearsalTools {
	if r.flags.live {
		return nil
	}
	t := &rehearsalTools{r: r}
	for _, s := range r.sources {
		if a, ok := s.(*sim.Audience); ok {
			t.audience = a
			break
		}
	}
	return t
}

func (t *rehearsalTools) TimingReport(ctx context.Context) (any, error) {
	rep, err := rehearse.ReportFor(ctx, t.r.dbPath(), t.r.engine.Story(), rehearse.TimingOptions{})
	if err != nil {
		return nil, show.Errorf(show.EINTERNAL, "The timing report failed: %v", err)
	}
	return rep, nil
}

func (t *rehearsalTools) Walk(ctx context.Context) (any, error) {
	if !t.walking.TryLock() {
		return nil, show.Errorf(show.ECONFLICT, "A walk is already running.")
	}
	defer t.walking.Unlock()
	cfg := sim.Config{}
	if t.audience != nil {
		cfg = t.audience.Config()
	}
	audience := func(now func() time.Time) (rehearse.Audience, error) {
		c := cfg
		c.Instant, c.Now = true, now
		return sim.New(c)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cov, err := rehearse.Walk(ctx, rehearse.WalkOptions{Story: t.r.engine.Story(), Audience: audience})
	if err != nil && !errors.Is(err, rehearse.ErrIncomplete) {
		return nil, show.Errorf(show.EINTERNAL, "The walk failed: %v", err)
	}
	return cov, nil
}

// Audience reports the bias the audience votes with now: the one given with
// --source sim:bias=..., or the last one set from the console.
func (t *rehearsalTools) Audience() string {
	if t.audience == nil {
		return ""
	}
	return t.audience.Config().Bias.String()
}

func (t *rehearsalTools) SetAudience(_ context.Context, bias string) error {
	if t.audience == nil {
		return show.Errorf(show.ECONFLICT, "This rehearsal has no simulated audience.")
	}
	b, err := sim.ParseBias(bias)
	if err != nil {
		return show.Errorf(show.EINVALID, "Bias %q: %v", bias, err)
	}
	if err := t.audience.SetBias(b); err != nil {
		return show.Errorf(show.EINVALID, "Bias %q: %v", bias, err)
	}
	return nil
}

func (t *rehearsalTools) Reset(ctx context.Context) error {
	return t.r.engine.ResetRehearsal(ctx)
}
