package show_test

import (
	"context"
	"testing"

	"forkcast/app/show"
)

// TestPrivateOverride: a reason kept private is recorded and comes back after
// a restart, flagged so the stage does not show it; a public one is not flagged.
func TestPrivateOverride(t *testing.T) {
	f := newFixture(t, defaultOpts())
	f.toFork()
	if err := f.e.PickPrivate(context.Background(), 2, "  "); show.ErrorCode(err) != show.EINVALID {
		t.Fatalf("private override without a reason: %v, want invalid", err)
	}
	f.do("open", f.e.OpenPoll)
	f.text(1, "1")
	f.do("private override", func(ctx context.Context) error { return f.e.PickPrivate(ctx, 2, "the sponsor's demo is on 2") })
	p := f.e.State().Poll
	if p.Winner != 2 || p.DecidedBy != show.ByOverride || p.Override != "the sponsor's demo is on 2" || !p.OverridePrivate {
		t.Fatalf("after a private override: winner %d by %q reason %q private %v", p.Winner, p.DecidedBy, p.Override, p.OverridePrivate)
	}
	f.start(false) // restart on the same database: the choice is stored
	p = f.e.State().Poll
	if p == nil || p.Override != "the sponsor's demo is on 2" || !p.OverridePrivate {
		t.Fatalf("after a restart: poll %+v, want the private reason kept", p)
	}
	f.do("next", f.e.Next)
	f.do("next", f.e.Next) // to rating
	f.do("goto", func(ctx context.Context) error { return f.e.Goto(ctx, "crisis") })
	f.do("next", f.e.Next)
	f.do("public override", func(ctx context.Context) error { return f.e.Pick(ctx, 1, "the room shouted") })
	if p := f.e.State().Poll; p.Override != "the room shouted" || p.OverridePrivate {
		t.Fatalf("a public override: reason %q private %v, want shown", p.Override, p.OverridePrivate)
	}
}
