package web

import (
	"sync"
	"time"
)

// limiter is a token bucket per key (client address + user name for
// logins). It lives in memory: with several instances an attacker gets
// each instance's budget, which still keeps guessing hopelessly slow.
type limiter struct {
	mu      sync.Mutex
	burst   float64
	rate    float64 // tokens per second
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds memory under a flood of distinct keys; full buckets
// carry no information and are dropped first.
const maxBuckets = 100000

func newLimiter(burst int, perSecond float64, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), rate: perSecond, now: now, buckets: map[string]*bucket{}}
}

// allow takes one token for key and reports whether there was one.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// reset forgets key after a successful login.
func (l *limiter) reset(key string) {
	l.mu.Lock()
	delete(l.buckets, key)
	l.mu.Unlock()
}

func (l *limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxBuckets {
		// Still full of active attackers: start over rather than grow.
		l.buckets = map[string]*bucket{}
	}
}
