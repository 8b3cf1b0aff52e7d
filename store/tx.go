package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Tx runs fn in a write transaction and commits when fn returns nil, rolling
// back otherwise. On SQLite the transaction begins IMMEDIATE on the single
// writer connection, so write transactions run one at a time and fn must not
// call db.Tx again; on PostgreSQL it runs at read committed. Reads inside fn
// go through tx so that they see its writes.
func (db *DB) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	conn, stx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if conn != nil {
		defer conn.Close() // after the rollback below: back to the pool
	}
	defer stx.Rollback()
	if db.engine == Postgres && db.relaxed.Load() {
		if _, err := stx.ExecContext(ctx, "SET LOCAL synchronous_commit TO OFF"); err != nil {
			return fmt.Errorf("relax commit: %w", err)
		}
	}
	tx := db.newTx(stx)
	tx.conn = conn
	err = fn(tx)
	for _, f := range tx.beforeCommit {
		if err != nil {
			break
		}
		err = f(ctx)
	}
	err = commit(stx, err)
	for _, f := range tx.ended {
		f(err)
	}
	if tx.auth {
		db.authEpoch.Add(1) // after the commit: see AuthEpoch
	}
	return err
}

// txTries is how many times TxRetry runs a transaction at most.
const txTries = 3

// TxRetry is Tx for an fn whose every effect is in tx, so that it may run
// again: a transaction that PostgreSQL gives up as a deadlock's victim or
// for a serialization failure is run again, up to txTries times in all,
// as the groups of new cases are (runBatch). Other errors, and SQLite's,
// end it at once.
func (db *DB) TxRetry(ctx context.Context, fn func(tx *Tx) error) error {
	for tries := 1; ; tries++ {
		err := db.Tx(ctx, fn)
		if tries >= txTries || !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
}

// begin starts a write transaction: on SQLite on the writer; on
// PostgreSQL at read committed, on a connection held for it (conn, which
// copyRows uses too), which the caller closes once the transaction ends.
func (db *DB) begin(ctx context.Context) (conn *sql.Conn, stx *sql.Tx, err error) {
	if db.engine != Postgres {
		db.finishCheckpoint(ctx)
		stx, err = db.w.BeginTx(ctx, nil)
		return nil, stx, err
	}
	if conn, err = db.w.Conn(ctx); err != nil {
		return nil, nil, err
	}
	if stx, err = conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted}); err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, stx, nil
}

// commit ends a transaction: it commits when err is nil and rolls back
// otherwise, returning err or the commit's error.
func commit(stx *sql.Tx, err error) error {
	if err != nil {
		stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Tx is a write transaction; see DB.Tx. Its read methods see its own writes.
type Tx struct {
	reader
	stx *sql.Tx
	// beforeCommit runs, in order, when fn has returned nil; an error
	// rolls the transaction back. Writes add to it (see deferStats).
	beforeCommit []func(context.Context) error
	// ended runs, in order, once the transaction has committed (nil) or
	// not (the error).
	ended    []func(error)
	indexing bool      // the search file's writer is woken at the end (casesWritten)
	bulk     *BulkLoad // the bulk load writing, nil for none (see BulkLoad.Write)
	auth     bool      // a token or a user changed (see AuthEpoch)
	conn     *sql.Conn // the connection of stx on PostgreSQL (copyRows), nil on SQLite
	// foldShared says whether tx holds the folds' lock shared (takePending).
	foldShared bool
	changed    statRows // the rows of stat_days that changes of cases move (changedStats)
}

func (db *DB) newTx(stx *sql.Tx) *Tx {
	tx := &Tx{reader: reader{q: stx, d: db.d, db: db, stmts: db.ws}, stx: stx}
	tx.tx = tx
	return tx
}
