package testkit

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// errorTB records Errorf calls.
type errorTB struct {
	testing.TB
	msgs []string
}

func (e *errorTB) Helper() {}

func (e *errorTB) Errorf(format string, args ...any) {
	e.msgs = append(e.msgs, fmt.Sprintf(format, args...))
}

// fixedStall is a stall probe that always reports d.
func fixedStall(d time.Duration) func() func() time.Duration {
	return func() func() time.Duration { return func() time.Duration { return d } }
}

func TestPromptly(t *testing.T) {
	tb := &errorTB{TB: t}
	if took := promptly(tb, "nothing", time.Minute, func() {}, fixedStall(0)); len(tb.msgs) != 0 {
		t.Errorf("an empty func (took %v) failed with %q, want a pass", took, tb.msgs)
	}
	// The slow work is what this part simulates: a nap is never shorter than
	// asked, so 200 ms against 1 ms + 4 × a 10 ms stall always fails.
	promptly(tb, "the slow stop", time.Millisecond, func() { time.Sleep(200 * time.Millisecond) /* simulates a slow stop */ }, fixedStall(10*time.Millisecond))
	if len(tb.msgs) != 1 || !strings.Contains(tb.msgs[0], "the slow stop took") || !strings.Contains(tb.msgs[0], "want at most 41ms") ||
		!strings.Contains(tb.msgs[0], "worst stall meanwhile, 10ms") {
		t.Errorf("200 ms against 1 ms + 4 × 10 ms: failures %q, want one naming the work, the allowance and the stall", tb.msgs)
	}
	// The stall widens the allowance: the same nap passes when the machine
	// stalled 100 ms at once (1 ms + 4 × 100 ms > 200 ms).
	tb.msgs = nil
	if took := promptly(tb, "a stop on a busy machine", time.Millisecond, func() { time.Sleep(200 * time.Millisecond) /* simulates a slow stop */ }, fixedStall(100*time.Millisecond)); len(tb.msgs) != 0 && took < 401*time.Millisecond {
		t.Errorf("200 ms (took %v) against 1 ms + 4 × 100 ms failed with %q, want a pass", took, tb.msgs)
	}
	// The real probe is wired in.
	tb.msgs = nil
	if Promptly(tb, "nothing", time.Minute, func() {}); len(tb.msgs) != 0 {
		t.Errorf("Promptly on an empty func failed with %q", tb.msgs)
	}
}
