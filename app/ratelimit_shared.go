package app

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guanjia/guanjia/store"
)

// sharedLimiter counts in the database (store.CountRate), which every
// instance shares, so that they hold a client to the same limits as one.
//
// A busy key is counted ahead: when this instance goes to the database for
// a key whose window it has been to already, it counts several requests at
// once, twice as many as the time before, and lets the ones it counted
// ahead through without going again. Counting a request cost a statement
// of its own: under intake on one api_key (`guanjia bench --db … --only
// intake`), 1,606 ms of PostgreSQL's 18,091 ms of statements, and 5.5% of
// the bench process's CPU (--profile DIR). Nothing goes through that the database has not
// counted, so the limits hold exactly across instances; what an instance
// counted ahead and never used is refused to the others until the window
// ends, at most maxAhead of the limit per instance. For limits under 32 a
// request (reports, codes, receipts) nothing is counted ahead. Once the
// database has counted the limit, the key's requests are refused here
// until the window ends, without a trip: a client flooding past its limit
// costs the database nothing more.
type sharedLimiter struct {
	db  *store.DB
	now func() time.Time
	log *slog.Logger

	mu     sync.Mutex
	ahead  map[string]*counted // per key
	sweeps every               // when this process last swept the ended windows
	trips  atomic.Int64        // counts made in the database, for tests
}

// counted is what this instance counted ahead in a key's window.
type counted struct {
	end  time.Time // the window's end
	left int       // counted in the database, not yet let through here
	next int       // how many the next count in this window counts
	full bool      // the database counted the limit: refuse until end
}

// maxAhead bounds the requests counted at once: a sixteenth of the
// limit, and never more than 64.
func maxAhead(limit int) int { return max(1, min(limit/16, 64)) }

func newSharedLimiter(db *store.DB, now func() time.Time, log *slog.Logger) *sharedLimiter {
	return &sharedLimiter{db: db, now: now, log: log, ahead: map[string]*counted{}}
}

func (l *sharedLimiter) take(ctx context.Context, key string, limit int, period time.Duration) (time.Duration, error) {
	now := l.now()
	k := 1
	l.mu.Lock()
	if c := l.ahead[key]; c != nil && now.Before(c.end) {
		switch {
		case c.left > 0:
			c.left--
			l.mu.Unlock()
			return 0, nil
		case c.full:
			l.mu.Unlock()
			return c.end.Sub(now), nil
		}
		k = c.next
	}
	l.mu.Unlock()
	n, end, err := l.db.CountRate(ctx, key, k, now, now.Add(period))
	if err != nil {
		return 0, err
	}
	l.trips.Add(1)
	l.sweep(ctx, now)
	fit := min(k, limit-(n-k)) // of the k counted, those within the limit
	l.mu.Lock()
	c := l.ahead[key]
	if c == nil || !c.end.Equal(end) {
		c = &counted{end: end}
		l.ahead[key] = c
	}
	c.left += max(fit-1, 0)
	c.next = min(2*k, maxAhead(limit))
	c.full = c.full || n >= limit
	l.mu.Unlock()
	if fit >= 1 {
		return 0, nil
	}
	return end.Sub(now), nil
}

// sweep forgets, at most once a minute in this process, the windows that
// have ended, in the database and here, so that both stay small. A failed
// sweep is tried again a minute later; the request that ran it goes on.
func (l *sharedLimiter) sweep(ctx context.Context, now time.Time) {
	if !l.sweeps.due(now, time.Minute) {
		return
	}
	l.mu.Lock()
	for key, c := range l.ahead {
		if !now.Before(c.end) {
			delete(l.ahead, key)
		}
	}
	l.mu.Unlock()
	if _, err := l.db.SweepRates(ctx, now); err != nil {
		l.log.Warn("sweep rate counts", "err", err)
	}
}
