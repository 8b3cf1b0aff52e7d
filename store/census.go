package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Census is what a backup records of a database to check a restore by: the
// schema version and how many rows its main tables hold.
type Census struct {
	SchemaVersion int              `json:"schema_version"`
	Counts        map[string]int64 `json:"counts"`
}

// censusTables are the tables a Census counts.
var censusTables = []string{"cases", "events", "users", "tokens", "followers", "grids", "housekeepers"}

// Census counts the rows of the main tables in one read transaction, so
// that the counts are of one moment.
func (db *DB) Census(ctx context.Context) (Census, error) {
	var c Census
	err := db.readSnapshot(ctx, func(r *reader, _ *sql.Tx) error {
		var err error
		c, err = r.census(ctx)
		return err
	})
	return c, err
}

// ExportSnapshot runs fn while a read transaction holds a snapshot of the
// PostgreSQL database, giving fn the snapshot's name (for pg_dump
// --snapshot) and the census of that snapshot, so that a dump and its
// census agree. It is for PostgreSQL only.
func (db *DB) ExportSnapshot(ctx context.Context, fn func(snapshot string, c Census) error) error {
	if db.engine != Postgres {
		return fmt.Errorf("export snapshot: not PostgreSQL")
	}
	return db.readSnapshot(ctx, func(r *reader, tx *sql.Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, "SELECT pg_export_snapshot()").Scan(&name); err != nil {
			return fmt.Errorf("export snapshot: %w", err)
		}
		c, err := r.census(ctx)
		if err != nil {
			return err
		}
		return fn(name, c)
	})
}

// Empty reports whether the database holds no tables at all, as a database
// to restore into must.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
	if db.engine == Postgres {
		q = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
	}
	var n int
	if err := db.r.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, fmt.Errorf("count tables: %w", err)
	}
	return n == 0, nil
}

// readSnapshot runs fn in a read-only transaction that sees one snapshot
// of the database: repeatable read on PostgreSQL, a deferred read
// transaction on SQLite (WAL keeps its snapshot from the first read).
func (db *DB) readSnapshot(ctx context.Context, fn func(r *reader, tx *sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	if err := fn(&reader{q: tx, d: db.d, db: db}, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// census counts the rows of censusTables and reads the schema version.
func (r *reader) census(ctx context.Context) (Census, error) {
	c := Census{Counts: make(map[string]int64, len(censusTables))}
	if err := r.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&c.SchemaVersion); err != nil {
		return Census{}, fmt.Errorf("census: schema version: %w", err)
	}
	for _, t := range censusTables {
		var n int64
		// t is one of censusTables, never input.
		if err := r.queryRow(ctx, "SELECT COUNT(*) FROM "+t).Scan(&n); err != nil {
			return Census{}, fmt.Errorf("census: count %s: %w", t, err)
		}
		c.Counts[t] = n
	}
	return c, nil
}
