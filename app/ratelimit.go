package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/guanjia/guanjia/store"
)

// rateLimiter counts requests per key in fixed windows, each starting with
// its key's first request.
type rateLimiter interface {
	// take counts one request for key and returns 0 when it is within max
	// per period, or else how long until the key's window ends.
	take(ctx context.Context, key string, max int, period time.Duration) (time.Duration, error)
}

// newRateLimiter counts in the database when several instances may share
// it (PostgreSQL), so that they hold a client to the same limits as one;
// otherwise in this process's memory, which spares SQLite's one writer a
// write per request.
func newRateLimiter(db *store.DB, now func() time.Time, log *slog.Logger) rateLimiter {
	if db.SharedRates() {
		return newSharedLimiter(db, now, log)
	}
	return newLimiter(now)
}

// every says when a period has passed since it last said so.
type every struct {
	mu   sync.Mutex
	last time.Time
}

// due reports whether more than period has passed since it last reported
// so; if it has, the next period starts at now.
func (e *every) due(now time.Time, period time.Duration) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if now.Sub(e.last) <= period {
		return false
	}
	e.last = now
	return true
}

// limiter counts in memory.
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

func (l *limiter) take(_ context.Context, key string, max int, period time.Duration) (time.Duration, error) {
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
		return 0, nil
	}
	return w.start.Add(period).Sub(now), nil
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
