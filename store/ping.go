package store

import (
	"context"
	"fmt"
	"time"
)

// Ping checks that the database answers, on the writer and the readers.
// On PostgreSQL a check that needs a new connection goes on after ctx
// ends, and callers meanwhile share it (pingShared).
func (db *DB) Ping(ctx context.Context) error {
	if db.engine == Postgres {
		if err := db.pingShared(ctx); err != nil {
			return fmt.Errorf("ping: %w", err)
		}
		return nil
	}
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	if err := db.r.PingContext(ctx); err != nil {
		return fmt.Errorf("ping readers: %w", err)
	}
	return nil
}

// A readiness check (Ping) on PostgreSQL that needs a new connection may
// take longer than its caller waits, when the URL's first host is silent
// and the next one serves. It goes on in the background for up to
// pingBudget, and the connection it makes stays in the pool, so that the
// next check finds it: a balancer asking every few seconds with a short
// timeout sees the instance ready again.
const pingBudget = 30 * time.Second

// pingFlight is a readiness check in progress; done is closed when err is set.
type pingFlight struct {
	done chan struct{}
	err  error
}

// pingShared returns the result of the check in flight, starting one if
// none is, or ctx's error if ctx ends first.
func (db *DB) pingShared(ctx context.Context) error {
	db.pingMu.Lock()
	f := db.pinging
	if f == nil {
		f = &pingFlight{done: make(chan struct{})}
		db.pinging = f
		go func() {
			pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), pingBudget)
			defer cancel()
			f.err = db.w.PingContext(pctx)
			db.pingMu.Lock()
			db.pinging = nil
			db.pingMu.Unlock()
			close(f.done)
		}()
	}
	db.pingMu.Unlock()
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return ctx.Err()
	}
}
