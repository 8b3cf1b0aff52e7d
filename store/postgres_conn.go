package store

import (
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
