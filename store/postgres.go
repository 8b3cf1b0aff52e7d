package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/jackc/pgx/v5/stdlib"
)

// openPostgres opens one pool used for reads and writes alike.
func openPostgres(ctx context.Context, dsn, direct string) (*DB, error) {
	if direct != "" {
		if EngineOf(direct) != Postgres {
			return nil, guanjia.Errorf(guanjia.EINVALID, "The direct connection must be a postgres:// URL of the same database.")
		}
		if !strings.Contains(dsn, "default_query_exec_mode=") {
			sep := "?"
			if strings.Contains(dsn, "?") {
				sep = "&"
			}
			dsn += sep + "default_query_exec_mode=simple_protocol"
		}
	}
	cfg, err := postgresConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	p := stdlib.OpenDB(*cfg)
	p.SetMaxOpenConns(postgresConns)
	p.SetMaxIdleConns(postgresConns)
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db := newDB(Postgres, p, p)
	db.dsn, db.direct = dsn, direct
	if err := db.learnStatDirty(ctx, p); err != nil {
		p.Close()
		return nil, err
	}
	db.ginCleaner = startGinCleaner(p)
	return db, nil
}

// sessionDSN is the URL for work that needs a session of its own: the
// direct one if there is one, else the pool's.
func (db *DB) sessionDSN() string {
	if db.direct != "" {
		return db.direct
	}
	return db.dsn
}
