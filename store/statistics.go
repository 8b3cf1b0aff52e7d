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
// On SQLite it then sets the statistics of the search indexes' own tables
// (FTS5's shadow tables) to SQLite's default and reloads them all (ANALYZE
// sqlite_schema). FTS5 looks its pages up by key and is planned for that
// by default; but statistics taken while an index was nearly empty, as at
// every new database's migration, told the planner its pages were two
// rows, and it ran FTS5's delete of a range of pages, at every merge, as a
// scan of all of them until the next refresh (a bulk load's search index
// of a million cases: 2m31s instead of 37s).
func (db *DB) Optimize(ctx context.Context) error {
	query := "PRAGMA analysis_limit = 1000; ANALYZE; " + searchIndexStats + "; ANALYZE sqlite_schema"
	if db.engine == Postgres {
		query = "ANALYZE"
	}
	if _, err := db.w.ExecContext(ctx, query); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	db.pages.forget()
	return nil
}

// searchIndexStats replaces the statistics of the tables of every FTS5
// index (its shadow tables: case_search_data, case_search_idx, ...) with
// what SQLite assumes of a table it has none for, about a million rows
// (2^20). Deleting them would not do: a connection keeps the last count it
// loaded for a table until its schema changes.
const searchIndexStats = searchIndexTables + "DELETE FROM sqlite_stat1 WHERE tbl IN (SELECT name FROM t); " +
	searchIndexTables + "INSERT INTO sqlite_stat1 (tbl, idx, stat) SELECT name, NULL, '1048576' FROM t"

// searchIndexTables names the tables of the FTS5 indexes t.
const searchIndexTables = "WITH t AS (SELECT s.name FROM sqlite_schema s JOIN sqlite_schema v" +
	" ON v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%' " +
	" AND s.name IN (v.name || '_data', v.name || '_idx', v.name || '_config', v.name || '_docsize', v.name || '_content')" +
	" WHERE s.type = 'table') "
