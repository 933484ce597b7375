package server

import (
	"net"
	"net/http"
	"strings"
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

// empty reports whether the bucket has no whole token left, without taking one.
func (b *bucket) empty(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	return b.tokens < 1
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

// keyedLimiter keeps one bucket per key (a client address, a phone number).
// It forgets every key once it holds maxKeys, so a flood of keys costs memory
// only up to that bound.
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

func (l *keyedLimiter) get(key string) *bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.keys[key]
	if !ok {
		if len(l.keys) >= l.maxKeys {
			l.keys = map[string]*bucket{}
		}
		b = newBucket(l.rate, l.burst)
		l.keys[key] = b
	}
	return b
}

// allow takes a token from key's bucket.
func (l *keyedLimiter) allow(key string, now time.Time) bool {
	if l.rate <= 0 {
		return true
	}
	return l.get(key).allow(now)
}

// blocked reports whether key's bucket is empty, without taking a token.
func (l *keyedLimiter) blocked(key string, now time.Time) bool {
	if l.rate <= 0 {
		return false
	}
	l.mu.Lock()
	b, ok := l.keys[key]
	l.mu.Unlock()
	return ok && b.empty(now)
}

// clientIP is the address a request came from: the connection's peer, or,
// behind a trusted proxy, the last address the proxy appended to
// X-Forwarded-For (the only one the proxy vouches for).
func clientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := strings.TrimSpace(last); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
