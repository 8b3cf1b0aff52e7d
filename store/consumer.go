package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Outbox consumers keep how far they have read in consumer_cursors, and
// move it in the same transaction as the effects of what they read, so a
// consumer that stops half-way resumes where its last commit left it.

// Cursor returns the id of the last outbox message consumer name has
// handled; 0 for a consumer that has not started.
func (r *reader) Cursor(ctx context.Context, name string) (int64, error) {
	var id int64
	err := r.queryRow(ctx, "SELECT COALESCE(MAX(last_id), 0) FROM consumer_cursors WHERE name = ?", name).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("cursor of %s: %w", name, err)
	}
	return id, nil
}

// MoveCursor moves consumer name's cursor from from to to. Another writer
// that moved it first makes it ECONFLICT, so the caller rolls back what it
// did with the messages it read.
func (tx *Tx) MoveCursor(ctx context.Context, name string, from, to int64, at time.Time) error {
	var n int64
	var err error
	if from == 0 {
		n, err = tx.affected(ctx, `INSERT INTO consumer_cursors (name, last_id, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id, updated_at = excluded.updated_at
			WHERE consumer_cursors.last_id = 0`, name, to, at)
	} else {
		n, err = tx.affected(ctx, "UPDATE consumer_cursors SET last_id = ?, updated_at = ? WHERE name = ? AND last_id = ?",
			to, at, name, from)
	}
	if err != nil {
		return fmt.Errorf("move cursor of %s: %w", name, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "Consumer %s moved on meanwhile.", name)
	}
	return nil
}
