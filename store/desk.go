package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// The command center's desk: the triage clock's one-time notice.

// UntriagedCases returns the ids of up to limit new cases whose triage
// limit passed before now and of which the command center has not been
// told, the longest overdue first.
func (r *reader) UntriagedCases(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	ids, err := list(ctx, r, `SELECT id FROM cases WHERE status = 'new' AND due_at < ? AND untriaged_at IS NULL
		ORDER BY due_at, id LIMIT `+fmt.Sprint(limit), []any{ceilMicro(now)},
		func(s scanner) (int64, error) {
			var id int64
			err := s.Scan(&id)
			return id, err
		})
	if err != nil {
		return nil, fmt.Errorf("untriaged cases: %w", err)
	}
	return ids, nil
}

// MarkUntriaged records that the command center was told at at that case
// id waited past its triage limit. It reports false, and changes nothing,
// when it was told before or the case is no longer new, so that the
// notice goes out once per case whatever runs twice.
func (tx *Tx) MarkUntriaged(ctx context.Context, id int64, at time.Time) (bool, error) {
	n, err := tx.affected(ctx, "UPDATE cases SET untriaged_at = ? WHERE id = ? AND status = ? AND untriaged_at IS NULL",
		at, id, guanjia.StatusNew)
	if err != nil {
		return false, fmt.Errorf("mark case %d untriaged: %w", id, err)
	}
	return n == 1, nil
}
