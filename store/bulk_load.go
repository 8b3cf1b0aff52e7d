package store

import (
	"context"
	"fmt"
)

// BulkLoad writes a history of many cases quickly (guanjia bench's town,
// an import), into a database nothing else uses meanwhile. It writes the
// cases by CreateCases, a transaction a call, with the secondary indexes
// of cases and events (not the unique ones; the writes read none of them)
// dropped meanwhile and built again from their own definitions by Finish:
// an index built once from sorted rows costs a fraction of one kept up row
// by row. The summaries (case_stats, stat_days, case_places, and the
// dashboard's and the map's kept by triggers) are written as CreateCases
// writes them: working them out again at the end in SQL (migration 0200's
// statements) was measured slower than keeping them a day at a time.
// TestBulkLoadSameAsCreate compares the two paths' databases.
type BulkLoad struct {
	db      *DB
	indexes []string // the definitions of the indexes dropped
}

// BeginBulkLoad drops the secondary indexes of cases and events and
// returns the load; call Finish when every case is written.
func (db *DB) BeginBulkLoad(ctx context.Context) (*BulkLoad, error) {
	query := "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'events')" +
		" AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name"
	if db.engine == Postgres {
		query = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()" +
			" AND tablename IN ('cases', 'events') AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname"
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
			if _, err := tx.exec(ctx, "DROP INDEX "+d[0]); err != nil {
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

// Finish builds the dropped indexes again.
func (b *BulkLoad) Finish(ctx context.Context) error {
	for _, def := range b.indexes {
		if _, err := b.db.w.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
	}
	b.indexes = nil
	return nil
}
