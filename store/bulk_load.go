package store

import (
	"context"
	"fmt"
	"io"
	"time"
)

// BulkLoad writes a history of many cases quickly (guanjia bench's town,
// an import), into a database nothing else uses meanwhile. It writes the
// cases by CreateCases, a transaction a call, with the secondary indexes
// of cases, events, followers and case_stats (not the unique ones; the
// writes read none of them), and on PostgreSQL the foreign keys of events,
// followers and case_search to cases, dropped meanwhile and made again
// from their own definitions by Finish: an index built once from sorted
// rows, or a key checked by one join, costs a fraction of one kept up row
// by row. The summaries are written by CreateCases's path with three
// shortcuts: the sums of stat_days are kept in memory across transactions
// (flushStatDays) rather than added to the same rows transaction after
// transaction; which cases report the same problem is decided in memory
// (case_repeat_bulk.go); and on SQLite the triggers that keep case_days
// and case_cells are dropped meanwhile, Finish adding the loaded cases to
// those summaries, and to the search indexes, at once
// (bulk_load_summary.go, bulk_load_search.go). Working the summaries out
// again at the end in SQL (migration 0200's statements) was measured
// slower than keeping them a day at a time.
// TestBulkLoadSameAsCreate compares the two paths' databases.
type BulkLoad struct {
	// Progress, when set, receives a line as each of Finish's steps
	// starts: at millions of cases each takes minutes.
	Progress io.Writer

	db      *DB
	indexes []string    // the statements that make the indexes and keys dropped again
	stats   statRows    // the cases' parts in stat_days not yet written
	places  *placeIndex // the places of the cases, for reports of the same problem
	err     error       // a failed write's: the load is spoilt
	before  int64       // the cases the load writes have higher ids
	said    time.Time   // when say last wrote
}

// bulkTables are the tables whose indexes a bulk load drops.
const bulkTables = "('cases', 'events', 'followers', 'case_stats')"

// bulkTriggers are the triggers on new cases that a bulk load drops on
// SQLite, doing their work for all the cases at once in Finish
// (fillSummaries, indexSearch).
const bulkTriggers = "('cases_days_insert', 'cases_cells_insert', 'cases_open_insert')"

// BeginBulkLoad drops the secondary indexes of cases and events and
// returns the load; call Finish when every case is written.
func (db *DB) BeginBulkLoad(ctx context.Context) (*BulkLoad, error) {
	query := "SELECT 'DROP INDEX ' || name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN " + bulkTables +
		" AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'" +
		" UNION ALL SELECT 'DROP TRIGGER ' || name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN " + bulkTriggers +
		" ORDER BY 1"
	if db.engine == Postgres {
		query = "SELECT 'DROP INDEX ' || indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()" +
			" AND tablename IN " + bulkTables + " AND indexdef NOT LIKE 'CREATE UNIQUE%'" +
			" UNION ALL SELECT 'ALTER TABLE ' || conrelid::regclass || ' DROP CONSTRAINT ' || conname," +
			" 'ALTER TABLE ' || conrelid::regclass || ' ADD CONSTRAINT ' || conname || ' ' || pg_get_constraintdef(oid)" +
			" FROM pg_constraint WHERE contype = 'f' AND confrelid = 'cases'::regclass" +
			" AND conrelid IN ('events'::regclass, 'followers'::regclass, 'case_search'::regclass) ORDER BY 1"
	}
	b := &BulkLoad{db: db, stats: statRows{}, places: newPlaceIndex()}
	err := db.Tx(ctx, func(tx *Tx) error {
		if err := b.places.load(ctx, tx); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM cases").Scan(&b.before); err != nil {
			return err
		}
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
// Unlike CreateCases it keeps back the cases' parts in stat_days, and on
// SQLite their places in case_days and case_cells and their search terms,
// and decides which are reports of the same problem mostly in memory (see
// BulkLoad). A
// failed write spoils the load: what it kept in memory is no longer what
// was written, and the later writes fail too.
func (b *BulkLoad) Write(ctx context.Context, ncs []NewCase) ([]error, error) {
	if b.err != nil {
		return nil, b.err
	}
	var errs []error
	err := b.db.Tx(ctx, func(tx *Tx) error {
		tx.bulk = b
		var err error
		errs, err = tx.CreateCases(ctx, ncs)
		return err
	})
	if err != nil {
		b.err = fmt.Errorf("bulk load: an earlier write failed: %w", err)
	}
	return errs, err
}

// Finish writes what the load kept back (see BulkLoad) and builds the
// dropped indexes, keys and triggers again. On SQLite the sorts spill to
// temporary files rather than memory (temp_store), so that building the
// index of millions of events does not hold them all in memory at once.
func (b *BulkLoad) Finish(ctx context.Context) error {
	if b.err != nil {
		return b.err
	}
	b.places = nil // a month of places, tens of MB at ten million cases a year
	if b.db.ws != nil {
		// Prepared before the transaction, which cannot prepare: this
		// statement of some three thousand values compiles slower than it runs.
		b.db.ws.prepare(ctx, statRowsInsert(32, len(statSums)))
	}
	if b.db.engine == SQLite {
		// The sorts of what follows (the GROUP BY of case_days, the index
		// builds) spill to temporary files rather than memory: in memory a
		// million cases' GROUP BY alone took 160 MB more. The index builds
		// sort in two threads (buildIndexes); the GROUP BYs in one.
		if _, err := b.db.w.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
		defer b.db.w.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY; PRAGMA threads = 0")
	}
	b.say("stat days")
	err := b.db.Tx(ctx, func(tx *Tx) error { return tx.writeStatRows(ctx, b.stats) })
	if err != nil {
		return fmt.Errorf("bulk load: stat days: %w", err)
	}
	b.stats = nil
	if b.db.engine == SQLite {
		b.say("case days and cells")
		if err := b.fillSummaries(ctx); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
		b.say("search index")
		if err := b.indexSearch(ctx); err != nil {
			return fmt.Errorf("bulk load: search index: %w", err)
		}
	}
	if err := b.buildIndexes(ctx); err != nil {
		return err
	}
	b.say("done")
	return nil
}

// buildIndexes makes the indexes and keys the load dropped. On SQLite
// they sort in two threads: a load leaves the second core idle otherwise
// (at a million cases the peak memory with one thread was within a few MB
// of it). The GROUP BYs of fillSummaries do not: each of the sorter's
// threads holds a list of up to a page cache's size (16 MiB, twice that
// resident): in two threads they made the load's peak memory at a million
// cases 301 MB, in one 264 (guanjia bench --cases 1000000), no slower.
func (b *BulkLoad) buildIndexes(ctx context.Context) error {
	if b.db.engine == SQLite {
		if _, err := b.db.w.ExecContext(ctx, "PRAGMA threads = 2"); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
	}
	for i, def := range b.indexes {
		b.say(fmt.Sprintf("index or key %d of %d", i+1, len(b.indexes)))
		if _, err := b.db.w.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
	}
	b.indexes = nil
	return nil
}

// say writes a line of progress, with the time since the last.
func (b *BulkLoad) say(step string) {
	if b.Progress == nil {
		return
	}
	now := time.Now()
	if b.said.IsZero() {
		fmt.Fprintf(b.Progress, "bulk load: %s\n", step)
	} else {
		fmt.Fprintf(b.Progress, "bulk load: %s (the step before took %s)\n", step, now.Sub(b.said).Round(time.Second))
	}
	b.said = now
}
