package store

import (
	"context"
	"fmt"
)

// BulkLoad writes a history of many cases quickly (guanjia bench's town,
// an import), into a database nothing else uses meanwhile. It writes the
// cases by CreateCases, a transaction a call, with the secondary indexes
// of cases, events, followers and case_stats (not the unique ones; the
// writes read none of them), and on PostgreSQL the foreign keys of events,
// followers and case_search to cases, dropped meanwhile and made again
// from their own definitions by Finish: an index built once from sorted
// rows, or a key checked by one join, costs a fraction of one kept up row
// by row. The summaries (case_stats, stat_days, case_places, and the
// dashboard's and the map's kept by triggers) are written as CreateCases
// writes them: working them out again at the end in SQL (migration 0200's
// statements) was measured slower than keeping them a day at a time.
// TestBulkLoadSameAsCreate compares the two paths' databases.
type BulkLoad struct {
	db      *DB
	indexes []string // the statements that make the indexes and keys dropped again
}

// bulkTables are the tables whose indexes a bulk load drops.
const bulkTables = "('cases', 'events', 'followers', 'case_stats')"

// BeginBulkLoad drops the secondary indexes of cases and events and
// returns the load; call Finish when every case is written.
func (db *DB) BeginBulkLoad(ctx context.Context) (*BulkLoad, error) {
	query := "SELECT 'DROP INDEX ' || name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN " + bulkTables +
		" AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name"
	if db.engine == Postgres {
		query = "SELECT 'DROP INDEX ' || indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()" +
			" AND tablename IN " + bulkTables + " AND indexdef NOT LIKE 'CREATE UNIQUE%'" +
			" UNION ALL SELECT 'ALTER TABLE ' || conrelid::regclass || ' DROP CONSTRAINT ' || conname," +
			" 'ALTER TABLE ' || conrelid::regclass || ' ADD CONSTRAINT ' || conname || ' ' || pg_get_constraintdef(oid)" +
			" FROM pg_constraint WHERE contype = 'f' AND confrelid = 'cases'::regclass" +
			" AND conrelid IN ('events'::regclass, 'followers'::regclass, 'case_search'::regclass) ORDER BY 1"
	}
	b := &BulkLoad{db: db}
	err := db.Tx(ctx, func(tx *Tx) error {
		defs, err := list(ctx, &tx.reader, query, nil, func(s scanner) ([2]string, error) {
			var d [2]string
			return d, s.Scan(&d[0], &d[1])
		})
		if err != nil {
			return err
		}
		for _, d := range defs {
			if _, err := tx.exec(ctx, d[0]); err != nil {
				return err
			}
			b.indexes = append(b.indexes, d[1])
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	return b, nil
}

// Write stores new cases in one transaction, as CreateCases would, and
// returns an error for each (see CreateCases).
func (b *BulkLoad) Write(ctx context.Context, ncs []NewCase) ([]error, error) {
	var errs []error
	err := b.db.Tx(ctx, func(tx *Tx) error {
		var err error
		errs, err = tx.CreateCases(ctx, ncs)
		return err
	})
	return errs, err
}

// Finish builds the dropped indexes again. On SQLite their sorts spill to
// temporary files rather than memory (temp_store), so that building the
// index of millions of events does not hold them all in memory at once.
func (b *BulkLoad) Finish(ctx context.Context) error {
	if b.db.engine == SQLite {
		if _, err := b.db.w.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
		defer b.db.w.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY")
	}
	for _, def := range b.indexes {
		if _, err := b.db.w.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
	}
	b.indexes = nil
	return nil
}
