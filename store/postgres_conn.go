package store

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/jackc/pgx/v5"
)

// How the connections to PostgreSQL notice a server that went silent: its
// machine lost power or the network between was cut. Nothing then refuses
// or resets a connection; without these, a new connection would wait for
// the kernel's retries of its first packet (about two minutes) before
// trying the next host of the URL, and one that was open would wait for
// its answer until the kernel gave up (about fifteen minutes), holding
// the request, the writer of new cases or the live feed all that time.
const (
	// PostgresConnectTimeout bounds each host's connection attempt when
	// the URL sets no connect_timeout, so that a silent first host costs
	// a new connection this long before the next is tried.
	PostgresConnectTimeout = 5 * time.Second
	// postgresUserTimeout is how long sent data may stay unacknowledged
	// before the connection is given up (TCP_USER_TIMEOUT, on Linux).
	// A busy server's machine acknowledges at once; only a silent one
	// does not.
	postgresUserTimeout = 10 * time.Second
	// An idle connection, or one waiting for an answer, is probed after
	// postgresKeepIdle of silence, every postgresKeepInterval; the probes
	// fall under postgresUserTimeout too.
	postgresKeepIdle     = 5 * time.Second
	postgresKeepInterval = 2 * time.Second
	postgresKeepCount    = 3
)

// postgresConfig parses a postgres:// URL into pgx's settings, with the
// timeouts above where the URL sets none.
func postgresConfig(dsn string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres URL: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = PostgresConnectTimeout
	}
	d := &net.Dialer{
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: postgresKeepIdle,
			Interval: postgresKeepInterval, Count: postgresKeepCount},
		Control: setUserTimeout(postgresUserTimeout),
	}
	cfg.DialFunc = d.DialContext
	return cfg, nil
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
