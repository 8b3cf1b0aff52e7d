package store

import (
	"context"
	"fmt"
	"time"
)

// AddRectificationOverdue records that rectification caseID was told
// overdue past its deadline due and reports whether that is new: each
// deadline passed is told once.
func (tx *Tx) AddRectificationOverdue(ctx context.Context, caseID int64, due, at time.Time) (bool, error) {
	n, err := tx.affected(ctx, `INSERT INTO bnb_rectification_overdue (case_id, due, sent_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, caseID, due.UTC().Format(time.RFC3339), norm(at))
	if err != nil {
		return false, fmt.Errorf("overdue rectification %d: %w", caseID, err)
	}
	return n == 1, nil
}
