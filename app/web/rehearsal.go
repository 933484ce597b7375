package web

import "context"

// Rehearsal is what the console can do in a rehearsal, beyond driving the
// show. main implements it (it needs the simulated audience, a bridge, which
// app packages never import); nil in a live show, where its routes answer 409.
type Rehearsal interface {
	// TimingReport times every path of the talk from the rehearsals recorded so
	// far (estimates for slides never rehearsed); a *rehearse.Report as JSON.
	TimingReport(ctx context.Context) (any, error)
	// Walk visits every fork choice with a simulated audience in a scratch
	// database (the show is not touched) and returns the *rehearse.Coverage.
	Walk(ctx context.Context) (any, error)
	// Audience returns the simulated audience's bias, as the spec writes it
	// ("60/40", "" = even).
	Audience() string
	// SetAudience changes the simulated audience's bias ("60/40", "2:80",
	// "breach:70"); it fails with a coded invalid error on a bad spec.
	SetAudience(ctx context.Context, bias string) error
	// Reset starts a fresh rehearsal session from the first slide.
	Reset(ctx context.Context) error
}
