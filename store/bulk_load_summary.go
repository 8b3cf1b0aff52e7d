package store

import (
	"context"
	"fmt"
	"strconv"
)

// The summaries of new cases that triggers keep (migrations 0003, 0007,
// 0260, 0450): case_days, case_totals, case_cells and open_due_days. A bulk load drops the triggers on SQLite, where
// they were a good part of writing a case, and Finish adds the cases it
// wrote at once.

// fillSummaries adds the cases the load wrote to case_days, case_totals,
// case_cells and open_due_days, as the triggers would have one by one (SQLite). Its
// GROUP BYs sort with a smaller page cache than the writer's: SQLite's
// sorter keeps a list of up to the page cache's size in memory before it
// spills, and with the writer's 16 MiB (twice that resident) this step
// had made the load's peak memory (263 -> 295 MB in a load of 3,000,000
// cases: guanjia bench --cases 3000000, whose progress lines say the peak).
func (b *BulkLoad) fillSummaries(ctx context.Context) error {
	return b.db.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "PRAGMA cache_size = -"+strconv.Itoa(bulkSortCache)); err != nil {
			return err
		}
		defer tx.exec(context.WithoutCancel(ctx), "PRAGMA cache_size = -"+strconv.Itoa(sqliteWriterCache))
		_, err := tx.exec(ctx, `INSERT INTO case_days (jurisdiction, day, status, category, unit, n)
			SELECT jurisdiction, (created_at / 1000000 + 28800) / 86400, status, category, unit, COUNT(*) FROM cases
			WHERE id > ? GROUP BY 1, 2, 3, 4, 5
			ON CONFLICT (jurisdiction, day, status, category, unit) DO UPDATE SET n = n + excluded.n`, b.before)
		if err != nil {
			return fmt.Errorf("case days: %w", err)
		}
		_, err = tx.exec(ctx, `INSERT INTO case_totals (jurisdiction, status, category, unit, n)
			SELECT jurisdiction, status, category, unit, COUNT(*) FROM cases WHERE id > ? GROUP BY 1, 2, 3, 4
			ON CONFLICT (jurisdiction, status, category, unit) DO UPDATE SET n = n + excluded.n`, b.before)
		if err != nil {
			return fmt.Errorf("case totals: %w", err)
		}
		_, err = tx.exec(ctx, `INSERT INTO open_due_days (jurisdiction, day, n)
			SELECT jurisdiction, COALESCE((due_at / 1000000 + 28800) / 86400, 2147483647), COUNT(*) FROM cases
			WHERE id > ? AND `+openStatuses+` GROUP BY 1, 2
			ON CONFLICT (jurisdiction, day) DO UPDATE SET n = n + excluded.n`, b.before)
		if err != nil {
			return fmt.Errorf("open due days: %w", err)
		}
		if err := b.fillCells(ctx, tx); err != nil {
			return fmt.Errorf("case cells: %w", err)
		}
		return nil
	})
}

// bulkSortCache is the page cache, in KiB, that fillSummaries sorts with.
const bulkSortCache = 4096

// cellSum is a row of case_cells.
type cellSum struct {
	y, x     int64
	town     string
	n        int64
	lat, lng float64
}

// cellKey is case_cells' key.
type cellKey struct {
	y, x int64
	town string
}

// fillCells adds the open cases the load wrote to case_cells. Their
// latitudes and longitudes are summed here in Go, in the order of the
// cases, onto the sums on file: the additions the trigger makes, in the
// same order, so that the sums come out the same to the last bit (SQL's
// SUM would add them in another way).
func (b *BulkLoad) fillCells(ctx context.Context, tx *Tx) error {
	cells := map[cellKey]*cellSum{}
	changed := map[cellKey]bool{}
	add := func(loaded bool) func(s scanner) (struct{}, error) {
		return func(s scanner) (struct{}, error) {
			var c cellSum
			if err := s.Scan(&c.y, &c.x, &c.town, &c.n, &c.lat, &c.lng); err != nil {
				return struct{}{}, err
			}
			k := cellKey{c.y, c.x, c.town}
			if old := cells[k]; old != nil {
				old.n, old.lat, old.lng = old.n+c.n, old.lat+c.lat, old.lng+c.lng
			} else {
				cells[k] = &c
			}
			changed[k] = changed[k] || loaded
			return struct{}{}, nil
		}
	}
	if _, err := list(ctx, &tx.reader, "SELECT cy, cx, jurisdiction, n, lat, lng FROM case_cells", nil, add(false)); err != nil {
		return err
	}
	_, err := list(ctx, &tx.reader, "SELECT CAST(lat * 1000 + 100000 AS INTEGER) - 100000, CAST(lng * 1000 + 1000000 AS INTEGER) - 1000000,"+
		" jurisdiction, 1, lat, lng FROM cases WHERE id > ? AND "+openStatuses+" ORDER BY id", []any{b.before}, add(true))
	if err != nil {
		return err
	}
	var rows []*cellSum
	for k := range changed {
		rows = append(rows, cells[k])
	}
	return tx.upsertRows(ctx, "case_cells", "cy, cx, jurisdiction, n, lat, lng",
		"ON CONFLICT (cy, cx, jurisdiction) DO UPDATE SET n = excluded.n, lat = excluded.lat, lng = excluded.lng", len(rows),
		func(i int) ([]any, error) {
			c := rows[i]
			return []any{c.y, c.x, c.town, c.n, c.lat, c.lng}, nil
		})
}
