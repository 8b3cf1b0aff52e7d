package app

import (
	"sync"
	"time"
)

// limiter counts events per key in fixed windows. It is in memory: several
// instances each enforce their own share, which is enough to stop abuse.
type limiter struct {
	mu      sync.Mutex
	now     func() time.Time
	windows map[string]*window
	swept   time.Time
}

type window struct {
	start time.Time
	count int
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, windows: map[string]*window{}}
}

// allow records one event for key and reports whether it is within max per period.
func (l *limiter) allow(key string, max int, period time.Duration) bool {
	return l.wait(key, max, period) == 0
}

// wait records one event for key and returns 0 when it is within max per
// period, or else how long until the period ends.
func (l *limiter) wait(key string, max int, period time.Duration) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > time.Minute {
		l.sweep(now, period)
	}
	w := l.windows[key]
	if w == nil || now.Sub(w.start) >= period {
		w = &window{start: now}
		l.windows[key] = w
	}
	w.count++
	if w.count <= max {
		return 0
	}
	return w.start.Add(period).Sub(now)
}

// sweep forgets windows long past, so the map does not grow without bound.
func (l *limiter) sweep(now time.Time, period time.Duration) {
	for k, w := range l.windows {
		if now.Sub(w.start) > period && now.Sub(w.start) > time.Hour {
			delete(l.windows, k)
		}
	}
	l.swept = now
}
