package store

import (
	"context"
	"fmt"
)

// ReferenceVersion returns the version of the reference data, which
// BumpReference raises after each change of it.
func (r *reader) ReferenceVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := r.queryRow(ctx, "SELECT version FROM reference_version WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("reference version: %w", err)
	}
	return v, nil
}

// BumpReference raises the version of the reference data and returns the
// new one: every instance sharing the database reloads its copy when it
// sees a version it has not loaded.
func (db *DB) BumpReference(ctx context.Context) (int64, error) {
	var v int64
	err := db.Tx(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "UPDATE reference_version SET version = version + 1 WHERE id = 1 RETURNING version").Scan(&v)
	})
	if err != nil {
		return 0, fmt.Errorf("bump reference version: %w", err)
	}
	return v, nil
}
