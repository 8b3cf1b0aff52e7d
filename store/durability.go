package store

import (
	"context"
	"fmt"
)

// SetDurable turns waiting for the disk at each commit on (the default)
// or off. Off is only for bulk loads that can be redone from scratch, such
// as seeding the demo town or loading benchmark data: a crash may lose the
// last commits, though never the database's consistency. On SQLite it
// switches the writer connection between synchronous=FULL and OFF; on
// PostgreSQL each write transaction sets synchronous_commit for itself.
func (db *DB) SetDurable(ctx context.Context, durable bool) error {
	db.relaxed.Store(!durable)
	if db.engine != SQLite {
		return nil
	}
	mode := "FULL"
	if !durable {
		mode = "OFF"
	}
	if _, err := db.w.ExecContext(ctx, "PRAGMA synchronous = "+mode); err != nil {
		return fmt.Errorf("set synchronous %s: %w", mode, err)
	}
	return nil
}

// RefreshStatistics is what a long-running server calls now and then so
// that the planner's statistics follow the data as it grows: Optimize on
// SQLite; nothing on PostgreSQL, where autovacuum analyzes tables as they
// change (a full ANALYZE took 3.9 s of a backend's CPU on the demo town,
// run by every instance as it started).
func (db *DB) RefreshStatistics(ctx context.Context) error {
	if db.engine == Postgres {
		return nil
	}
	return db.Optimize(ctx)
}

// Optimize refreshes the statistics the query planner chooses indexes by.
// Without them SQLite guesses, and with millions of cases a wrong guess
// (a status index for a map view, say) turns milliseconds into tens of
// them. On SQLite it samples about a thousand rows of each index, so it
// takes milliseconds whatever the size; on PostgreSQL, where autovacuum
// does the same in the background, it runs ANALYZE. Migrate calls it, and
// so should whoever has just loaded or imported many cases.
func (db *DB) Optimize(ctx context.Context) error {
	query := "PRAGMA analysis_limit = 1000; ANALYZE"
	if db.engine == Postgres {
		query = "ANALYZE"
	}
	if _, err := db.w.ExecContext(ctx, query); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}
