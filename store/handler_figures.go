package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// HandlerFigures returns the figures of unit's cases reported on the days
// [fromDay, toDay) by the handler they are assigned to now, in order of
// handler id: one grouped read of the period's case_stats rows joined to
// their cases for the handler.
func (r *reader) HandlerFigures(ctx context.Context, unit string, fromDay, toDay int, now time.Time) ([]guanjia.HandlerFigures, error) {
	n := now.UnixMicro()
	out, err := list(ctx, r, "SELECT c.handler_id, COUNT(*), SUM(s.resolved), SUM(s.resolve_on_time),"+
		" SUM(CASE WHEN s.status IN ('dispatched', 'accepted') THEN 1 ELSE 0 END), SUM(CASE WHEN s.due_us < ? THEN 1 ELSE 0 END),"+
		" COUNT(s.resolve_secs), COALESCE(SUM(s.resolve_secs), 0)"+
		" FROM case_stats s JOIN cases c ON c.id = s.case_id WHERE s.day >= ? AND s.day < ? AND s.unit = ?"+
		" GROUP BY c.handler_id ORDER BY c.handler_id", []any{n, fromDay, toDay, unit},
		func(s scanner) (guanjia.HandlerFigures, error) {
			var h guanjia.HandlerFigures
			err := s.Scan(&h.Handler, &h.Received, &h.Resolved, &h.ResolvedOnTime, &h.Open, &h.OverdueNow, &h.ResolveTimed, &h.ResolveSecs)
			return h, err
		})
	if err != nil {
		return nil, fmt.Errorf("handler figures: %w", err)
	}
	return out, nil
}
