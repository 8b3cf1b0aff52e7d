package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// DocTerms exposes docTerms to the tests of package store_test.
var DocTerms = docTerms

// QueryRowForTest runs a query on the reader pool, through the dialect.
func (db *DB) QueryRowForTest(ctx context.Context, query string, args ...any) *sql.Row {
	return db.queryRow(ctx, query, args...)
}

// IndexSearchForTest indexes the cases waiting for the search index now,
// in rounds of a few.
func (db *DB) IndexSearchForTest(ctx context.Context) error {
	return db.catchUp(ctx, 128)
}

// SearchExecForTest runs query on the search file's writer (SQLite).
func (db *DB) SearchExecForTest(ctx context.Context, query string) error {
	_, err := db.search.w.ExecContext(ctx, query)
	return err
}

// HoldSearchForTest holds the search file's writer in a transaction that
// has written, until release is called.
func (db *DB) HoldSearchForTest(ctx context.Context) (release func(), err error) {
	held, done := make(chan error, 1), make(chan struct{})
	go func() {
		held <- db.searchTx(ctx, func(tx *Tx) error {
			if _, err := tx.exec(ctx, "UPDATE search_state SET through = through"); err != nil {
				return err
			}
			held <- nil
			<-done
			return nil
		})
	}()
	if err := <-held; err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(func() { close(done); <-held }) }, nil
}

// TrimSearchQueueForTest takes away the notes of the changes the search
// file took in, however recently.
func (db *DB) TrimSearchQueueForTest(ctx context.Context) error {
	return db.trimQueue(ctx, time.Now().Add(time.Hour))
}

// QueryForTest runs a query on the reader pool, through the dialect.
func (db *DB) QueryForTest(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.query(ctx, query, args...)
}

// DocTrigrams exposes docTrigrams to the tests of package store_test.
var DocTrigrams = docTrigrams
