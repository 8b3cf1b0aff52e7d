package store

import (
	"context"
	"fmt"
	"time"
)

// Requests counted per key in fixed windows, for the rate limits that
// several instances must share (app/ratelimit.go makes the keys and the
// rules); see migration 0380.

// CountRate counts k requests against key at now and returns the
// requests counted in key's window, those k included, and when the window
// ends. A window that ended at or before now starts again, ending at
// until.
//
// On PostgreSQL it is one statement outside any transaction: the table is
// unlogged, so the count does not wait for the log's flush. On SQLite it
// takes the writer (the app counts in memory there).
func (db *DB) CountRate(ctx context.Context, key string, k int, now, until time.Time) (n int, end time.Time, err error) {
	count := func(r *reader) error {
		return r.queryRow(ctx, `INSERT INTO rate_counts (key, n, until_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET
				n = CASE WHEN rate_counts.until_at <= ? THEN excluded.n ELSE rate_counts.n + excluded.n END,
				until_at = CASE WHEN rate_counts.until_at <= ? THEN excluded.until_at ELSE rate_counts.until_at END
			RETURNING n, until_at`, key, k, until, now, now).Scan(&n, timeCol{&end})
	}
	if db.engine == Postgres {
		err = count(&db.reader) // the pool, which writes on PostgreSQL
	} else {
		err = db.Tx(ctx, func(tx *Tx) error { return count(&tx.reader) })
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count a request: %w", err)
	}
	return n, end, nil
}

// SweepRates forgets the windows that ended at or before now, and returns
// how many.
func (db *DB) SweepRates(ctx context.Context, now time.Time) (int64, error) {
	var deleted int64
	err := db.Tx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM rate_counts WHERE until_at <= ?`, now)
		if err == nil {
			deleted, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sweep rate counts: %w", err)
	}
	return deleted, nil
}

// SharedRates reports whether rate limits must be counted in the database:
// on PostgreSQL, which several instances may share. A SQLite database is
// served by one process, which can count in its memory.
func (db *DB) SharedRates() bool { return db.engine == Postgres }
