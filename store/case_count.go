package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/guanjia/guanjia"
)

// Counting cases by status: from the counted figures' rows, the daily
// summary, or the cases themselves.

// CountCases counts the cases that match f by status; statuses without
// cases are absent. Sort, After and Limit are ignored.
func (r *reader) CountCases(ctx context.Context, f guanjia.CaseFilter) (map[guanjia.Status]int, error) {
	counts, err := r.countCases(ctx, &f)
	if err != nil {
		return nil, fmt.Errorf("count cases: %w", err)
	}
	return counts, nil
}

func (r *reader) countCases(ctx context.Context, f *guanjia.CaseFilter) (map[guanjia.Status]int, error) {
	if f.Overdue != nil && *f.Overdue {
		g, ok := runningOnly(*f)
		if !ok {
			return map[guanjia.Status]int{}, nil
		}
		f = &g
	}
	query, args, ok := countedCount(f, r.filterNow(f))
	if !ok {
		query, args, ok = summaryCount(f)
	}
	if !ok {
		plan := r.textCond(ctx, f, false)
		var where []string
		where, args = caseWhere(r.d, f, r.filterNow(f), plan.cond, plan.arg)
		query = "SELECT status, COUNT(*), 0, 0 FROM cases" + whereClause(where) + " GROUP BY status"
		if f.Near != nil {
			query = "SELECT status, 1, lat, lng FROM cases" + whereClause(where)
		}
	}
	rows, err := r.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[guanjia.Status]int{}
	for rows.Next() {
		var s guanjia.Status
		var n int
		var lat, lng float64
		if err := rows.Scan(&s, &n, &lat, &lng); err != nil {
			return nil, err
		}
		if f.Near == nil || withinCircle(*f.Near, lat, lng) {
			counts[s] += n
		}
	}
	return counts, rows.Err()
}

// runningOnly narrows f, which selects overdue cases, to the statuses
// whose deadline runs: only a running deadline passes, and named, the
// statuses let the index of town, status and deadline skip the closed
// cases. ok is false when f selects none of them.
func runningOnly(f guanjia.CaseFilter) (g guanjia.CaseFilter, ok bool) {
	g = f
	if g.Status = guanjia.RunningStatuses; len(f.Status) > 0 {
		g.Status = slices.DeleteFunc(slices.Clone(f.Status), func(s guanjia.Status) bool {
			return !slices.Contains(guanjia.RunningStatuses, s)
		})
	}
	return g, len(g.Status) > 0
}
