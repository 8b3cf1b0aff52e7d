package store

import (
	"context"
	"database/sql"
	"errors"
)

// Records that count their changes in a version column: a change made
// against an older version is refused (ECONFLICT) instead of overwriting
// another's edit unseen.

// upsertVersion is the tail of an upsert keyed by code into table: its
// DO UPDATE counts the change, and updates only a row still at the
// version the change was made against, its last argument (0 skips the
// check); RETURNING tells the row's version after. A new row starts at 1
// whatever the version given.
func upsertVersion(table string) string {
	return ", version = " + table + ".version + 1 WHERE ? IN (0, " + table + ".version) RETURNING version"
}

// upsertVersioned runs an upsert ending in upsertVersion with args and
// *version, and sets *version to the row's version after it; a row
// changed since is conflict.
func (tx *Tx) upsertVersioned(ctx context.Context, conflict error, version *int, query string, args ...any) error {
	err := tx.queryRow(ctx, query, append(args, *version)...).Scan(version)
	if errors.Is(err, sql.ErrNoRows) {
		return conflict
	}
	return err
}

// missingOr tells why an update of table's row id guarded by a version
// changed nothing: notFound when the row is gone, else conflict (it has
// changed since).
func (tx *Tx) missingOr(ctx context.Context, table string, id int64, notFound, conflict error) error {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE id = ?", id).Scan(&n); err != nil {
		return err
	} else if n == 0 {
		return notFound
	}
	return conflict
}
