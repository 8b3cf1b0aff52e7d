package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// Hot spots (docs/figures.md): the cases of a period grouped by town,
// category and cell of the fixed ~100 m grid, counted in SQL from the
// cases table (its created_at index bounds the read to the window). The
// preventive tasks made of a hot spot are rows of hotspot_tasks
// (migration 0130), written in the task's transaction.

// hotspotFrom returns the FROM ... WHERE of q's cases, with the cell's row
// and column as r and c, and its arguments.
func (r *reader) hotspotFrom(q guanjia.HotspotQuery) (string, []any) {
	row, col := r.d.cell("lat / ?"), r.d.cell("lng / ?")
	args := []any{guanjia.HotspotCellLat, guanjia.HotspotCellLng, q.From, q.To}
	where := []string{"created_at >= ?", "created_at < ?", "status <> 'merged'", "lat > 0", "lng > 0"}
	if q.Town != "" {
		where = append(where, "jurisdiction = ?")
		args = append(args, q.Town)
	}
	if q.Unit != "" {
		where = append(where, "unit = ?")
		args = append(args, q.Unit)
	}
	return "SELECT id, jurisdiction, category, " + row + " AS r, " + col + " AS c FROM cases WHERE " +
		strings.Join(where, " AND "), args
}

// Hotspots returns the hot spots of q with at least q.Min cases, the
// q.Limit busiest first (then by key), without their cases.
func (r *reader) Hotspots(ctx context.Context, q guanjia.HotspotQuery) ([]guanjia.Hotspot, error) {
	from, args := r.hotspotFrom(q)
	args = append(args, q.Min, q.Limit)
	out, err := list(ctx, r, "SELECT jurisdiction, category, r, c, COUNT(*) FROM ("+from+
		") h GROUP BY jurisdiction, category, r, c HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, jurisdiction, category, r, c LIMIT ?",
		args, func(s scanner) (guanjia.Hotspot, error) {
			var h guanjia.Hotspot
			err := s.Scan(&h.Town, &h.Category, &h.Row, &h.Col, &h.Cases)
			return h, err
		})
	if err != nil {
		return nil, fmt.Errorf("hotspots: %w", err)
	}
	return out, nil
}

// HotspotCases returns the hot spots of q with at least q.Min cases, the
// q.Limit busiest, each with the ids of its cases, newest first.
func (r *reader) HotspotCases(ctx context.Context, q guanjia.HotspotQuery) ([]guanjia.Hotspot, error) {
	from, args := r.hotspotFrom(q)
	args = append(args, q.Min, q.Limit)
	rows, err := r.query(ctx, "WITH k AS ("+from+"), s AS (SELECT jurisdiction, category, r, c, COUNT(*) AS n FROM k"+
		" GROUP BY jurisdiction, category, r, c HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, jurisdiction, category, r, c LIMIT ?)"+
		" SELECT s.jurisdiction, s.category, s.r, s.c, s.n, k.id FROM s JOIN k ON k.jurisdiction = s.jurisdiction"+
		" AND k.category = s.category AND k.r = s.r AND k.c = s.c ORDER BY s.n DESC, s.jurisdiction, s.category, s.r, s.c, k.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("hotspot cases: %w", err)
	}
	defer rows.Close()
	out := []guanjia.Hotspot{}
	for rows.Next() {
		var h guanjia.Hotspot
		var id int64
		if err := rows.Scan(&h.Town, &h.Category, &h.Row, &h.Col, &h.Cases, &id); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].HotspotKey != h.HotspotKey {
			out = append(out, h)
		}
		last := &out[len(out)-1]
		last.CaseIDs = append(last.CaseIDs, id)
	}
	return out, rows.Err()
}

// HotspotTask is a preventive task made of a hot spot.
type HotspotTask struct {
	guanjia.HotspotKey
	TaskID int64
}

// HotspotTasks returns the preventive tasks made since since of the hot
// spots of town ("" every town), newest first.
func (r *reader) HotspotTasks(ctx context.Context, town string, since time.Time) ([]HotspotTask, error) {
	q, args := "SELECT jurisdiction, category, cell_row, cell_col, task_id FROM hotspot_tasks WHERE created_at >= ?", []any{since}
	if town != "" {
		q += " AND jurisdiction = ?"
		args = append(args, town)
	}
	return list(ctx, r, q+" ORDER BY task_id DESC", args, func(s scanner) (HotspotTask, error) {
		var t HotspotTask
		err := s.Scan(&t.Town, &t.Category, &t.Row, &t.Col, &t.TaskID)
		return t, err
	})
}

// AddHotspotTask links task id to hot spot k.
func (tx *Tx) AddHotspotTask(ctx context.Context, k guanjia.HotspotKey, taskID int64, at time.Time) error {
	_, err := tx.exec(ctx, "INSERT INTO hotspot_tasks (task_id, jurisdiction, category, cell_row, cell_col, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		taskID, k.Town, k.Category, k.Row, k.Col, at)
	if err != nil {
		return fmt.Errorf("link hotspot task: %w", err)
	}
	return nil
}
