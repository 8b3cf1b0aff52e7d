package store

import (
	"context"
	"fmt"
)

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
//
// It analyzes the database, never the search file (search_file.go): FTS5
// looks its pages up by key and is planned for that by default, and
// statistics taken while an index was nearly empty, as at a new database,
// told the planner its pages were two rows, so that it ran FTS5's delete
// of a range of pages, at every merge, as a scan of all of them (a bulk
// load's search index of a million cases: 2m31s instead of 37s).
func (db *DB) Optimize(ctx context.Context) error {
	query := "PRAGMA analysis_limit = 1000; ANALYZE main"
	if db.engine == Postgres {
		query = "ANALYZE"
	}
	if _, err := db.w.ExecContext(ctx, query); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	db.pages.forget()
	return nil
}
