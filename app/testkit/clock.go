package testkit

import (
	"sync"
	"time"
)

// Clock is a fake clock that a test moves by hand, for code that reads the
// time through a Now func (show.Config.Now, modem.Config.Now, sim.Config.Now):
// a grace period, a parts timeout or a reply gap then passes when the test
// says so, not when the machine gets round to it. The zero Clock reads the
// zero time; it is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a Clock reading start.
func NewClock(start time.Time) *Clock { return &Clock{t: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set moves the clock to t, backwards too.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
