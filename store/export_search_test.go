package store

import (
	"context"
	"database/sql"
)

// DocTerms exposes docTerms to the tests of package store_test.
var DocTerms = docTerms

// QueryRowForTest runs a query on the reader pool, through the dialect.
func (db *DB) QueryRowForTest(ctx context.Context, query string, args ...any) *sql.Row {
	return db.queryRow(ctx, query, args...)
}

// IndexSearchForTest indexes the cases waiting for the search index now.
func (db *DB) IndexSearchForTest(ctx context.Context) error {
	for more := true; more; {
		if err := db.Tx(ctx, func(tx *Tx) (err error) {
			more, err = tx.indexSearch(ctx, searchIndexChunk)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// QueryForTest runs a query on the reader pool, through the dialect.
func (db *DB) QueryForTest(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.query(ctx, query, args...)
}

// DocTrigrams exposes docTrigrams to the tests of package store_test.
var DocTrigrams = docTrigrams
