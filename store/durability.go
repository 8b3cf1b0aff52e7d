package store

import (
	"context"
	"fmt"
)

// SetDurable turns waiting for the disk at each commit on (the default)
// or off. Off is only for bulk loads that can be redone from scratch, such
// as seeding the demo town or loading benchmark data: a crash may lose the
// last commits, though never the database's consistency. On SQLite it
// switches the writer connection between synchronous=FULL and OFF; on
// PostgreSQL each write transaction sets synchronous_commit for itself.
func (db *DB) SetDurable(ctx context.Context, durable bool) error {
	db.relaxed.Store(!durable)
	if db.engine != SQLite {
		return nil
	}
	mode := "FULL"
	if !durable {
		mode = "OFF"
	}
	if _, err := db.w.ExecContext(ctx, "PRAGMA synchronous = "+mode); err != nil {
		return fmt.Errorf("set synchronous %s: %w", mode, err)
	}
	return nil
}
