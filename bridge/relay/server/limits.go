package server

import (
	"sync"
	"time"
)

// bucket is a token bucket: rate tokens a second, up to burst.
// A rate <= 0 allows everything.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newBucket(rate float64, burst int) *bucket {
	if burst < 1 {
		burst = 1
	}
	return &bucket{rate: rate, burst: float64(burst), tokens: float64(burst)}
}

func (b *bucket) allow(now time.Time) bool {
	if b == nil || b.rate <= 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (b *bucket) refill(now time.Time) {
	if !b.last.IsZero() {
		b.tokens += now.Sub(b.last).Seconds() * b.rate
		if b.tokens > b.burst {
			b.tokens = b.burst
		}
	}
	b.last = now
}

// keyedLimiter keeps one bucket per key (an address group, a number's hash).
// Once it holds maxKeys it forgets the buckets that have refilled (they hold
// nothing a fresh bucket would not), then, if that freed less than a quarter
// of the room, arbitrary others down to three quarters: a flood of keys costs
// memory only up to that bound, each sweep is paid for by a quarter of the
// room, and a key still being limited survives unless the flood is about as
// wide as maxKeys.
type keyedLimiter struct {
	mu      sync.Mutex
	rate    float64
	burst   int
	maxKeys int
	keys    map[string]*bucket
}

func newKeyedLimiter(rate float64, burst, maxKeys int) *keyedLimiter {
	return &keyedLimiter{rate: rate, burst: burst, maxKeys: maxKeys, keys: map[string]*bucket{}}
}

func (l *keyedLimiter) get(key string, now time.Time) *bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.keys[key]
	if !ok {
		if len(l.keys) >= l.maxKeys {
			l.forgetFull(now)
		}
		b = newBucket(l.rate, l.burst)
		l.keys[key] = b
	}
	return b
}

// forgetFull drops the buckets that are full again, then arbitrary ones
// (Go's map order) until at most three quarters of maxKeys are left.
// Called with l.mu held.
func (l *keyedLimiter) forgetFull(now time.Time) {
	for k, b := range l.keys {
		b.mu.Lock()
		b.refill(now)
		full := b.tokens >= b.burst
		b.mu.Unlock()
		if full {
			delete(l.keys, k)
		}
	}
	for k := range l.keys {
		if len(l.keys) <= l.maxKeys*3/4 {
			break
		}
		delete(l.keys, k)
	}
}

// allow takes a token from key's bucket.
func (l *keyedLimiter) allow(key string, now time.Time) bool {
	if l.rate <= 0 {
		return true
	}
	return l.get(key, now).allow(now)
}
