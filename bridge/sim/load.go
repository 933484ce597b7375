package sim

import (
	"math/rand/v2"
	"time"

	"forkcast/app/vote"
)

// loadGen makes a poll's texts in load mode: text n is sent at n/rate after
// the open, from a random phone, until the poll closes (or, when instant, for
// one window's worth). Its content depends only on the seed, the poll's
// ordinal and n.
type loadGen struct {
	cfg     Config
	poll    vote.PollInfo
	r       *rand.Rand
	weights []float64
	n       int
	limit   int // texts to make at most; -1 = until closed
	last    planned
	hasLast bool
}

func newLoadGen(c Config, p vote.PollInfo, ordinal uint64, bias Bias) *loadGen {
	g := &loadGen{cfg: c, poll: p, r: pollRand(c.Seed, ordinal), weights: bias.Weights(p.Choices), limit: -1}
	if c.Instant {
		g.limit = int(c.window(p).Seconds() * c.Rate)
	}
	return g
}

// at is the offset of text n.
func (g *loadGen) at(n int) time.Duration {
	return time.Duration(float64(n) / g.cfg.Rate * float64(time.Second))
}

// peek returns the next text's offset; false when the generator is done.
func (g *loadGen) peek() (time.Duration, bool) {
	if g.limit >= 0 && g.n >= g.limit {
		return 0, false
	}
	return g.at(g.n), true
}

// next makes the next text.
func (g *loadGen) next() planned {
	c, r := g.cfg, g.r
	t := planned{at: g.at(g.n), seq: g.n}
	g.n++
	if g.hasLast && r.Float64() < c.Dup {
		d := g.last
		d.at, d.kind = t.at, kindDup
		return d
	}
	t.phone = r.IntN(c.Audience)
	switch u := r.Float64(); {
	case u < c.Invalid:
		t.text, t.kind = invalidText(r, g.poll), kindInvalid
	case u < c.Invalid+c.Stop:
		t.text, t.kind = "STOP", kindStop
	default:
		t.choice = c.pick(r, g.poll, g.weights)
		t.text = c.ballot(r, g.poll, t.choice)
	}
	g.last, g.hasLast = t, true
	return t
}
