package store

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
)

// Summaries for consoles: counts for dashboards from the daily summary
// that triggers keep (case_days, migration 0003) and for the console's
// chips from the totals beside it (case_totals, 0450), and clusters of open
// cases for maps from the index of open cases by place.

// DayNumber returns the day t falls on in China Standard Time, as days since
// 1970-01-01: the days case_days counts by.
func DayNumber(t time.Time) int { return guanjia.ReportDay(t) }

// CaseCounts counts the cases reported on the days from fromDay to toDay
// (see DayNumber), both included, by status, category and unit, from the daily
// summary: its cost grows with the days and the kinds of case, not with
// the cases. Combinations without cases are left out. A town counts its
// own cases; "" counts every town's.
func (r *reader) CaseCounts(ctx context.Context, town string, fromDay, toDay int) ([]guanjia.CaseCount, error) {
	var c conds
	if town != "" {
		c.add("jurisdiction = ?", town)
	}
	c.add("day >= ? AND day <= ?", fromDay, toDay)
	cs, err := list(ctx, r, `SELECT status, category, unit, SUM(n) FROM case_days`+whereClause(c.where)+`
		GROUP BY status, category, unit HAVING SUM(n) > 0
		ORDER BY status, category, unit`, c.args,
		func(s scanner) (guanjia.CaseCount, error) {
			var c guanjia.CaseCount
			err := s.Scan(&c.Status, &c.Category, &c.Unit, &c.Count)
			return c, err
		})
	if err != nil {
		return nil, fmt.Errorf("case counts: %w", err)
	}
	return cs, nil
}

// summaryCount returns the query that counts f's cases by status from
// case_totals (migration 0450), when f selects by town, unit, category and
// status alone (the console's chips): its cost grows with the kinds of
// case, not with the cases or the days. ok is false when f selects by
// anything else.
func summaryCount(f *guanjia.CaseFilter) (query string, args []any, ok bool) {
	rest := *f
	rest.Jurisdiction, rest.Unit, rest.Category, rest.Status = nil, nil, nil, nil
	rest.Now, rest.Sort, rest.After, rest.Limit = time.Time{}, "", "", 0
	if !reflect.ValueOf(rest).IsZero() {
		return "", nil, false
	}
	var c conds
	c.caseFields(&guanjia.CaseFilter{Jurisdiction: f.Jurisdiction, Unit: f.Unit, Category: f.Category, Status: f.Status})
	return "SELECT status, SUM(n), 0, 0 FROM case_totals" + whereClause(c.where) + " GROUP BY status HAVING SUM(n) > 0",
		c.args, true
}

// openStatuses is the condition of the indexes on open cases, word for word.
const openStatuses = "status IN ('new', 'dispatched', 'accepted', 'resolved')"

// summaryCell is the size of case_cells' cells in degrees; clusters of at
// least twice that are counted from them.
const summaryCell = 0.001

// CaseClusters groups the open cases inside b (of the given categories,
// all when none) into square cells of cell degrees and returns a cluster a
// cell. Small cells, or a choice of categories, are counted from the index
// of open cases; cells of 0.002 degrees and more from case_cells, the open
// cases counted by cells of 0.001 degrees (migration 0003), which is
// quick whatever the number of cases: then a cell of the view takes in
// the small cells that overlap it, which may reach up to 0.001 degrees
// beyond the view, and a cluster of one does not say which case. A town
// sees its own cases, counted from the index ("" sees every town's).
func (r *reader) CaseClusters(ctx context.Context, town string, b guanjia.BBox, cell float64, categories []string) ([]guanjia.Cluster, error) {
	if !(cell > 0) {
		return nil, guanjia.Errorf(guanjia.EINVALID, "The cell size must be positive.")
	}
	if cell >= 2*summaryCell && len(categories) == 0 {
		return r.summaryClusters(ctx, town, b, cell)
	}
	query, args := clusterQuery(r.d, town, b, cell, categories)
	out, err := list(ctx, r, query, args, func(s scanner) (guanjia.Cluster, error) {
		var cl guanjia.Cluster
		var y, x int64
		err := s.Scan(&y, &x, &cl.Count, &cl.Lat, &cl.Lng, &cl.ID, &cl.Category, &cl.Status)
		if cl.Count != 1 {
			cl.ID, cl.Category, cl.Status = 0, "", ""
		}
		return cl, err
	})
	if err != nil {
		return nil, fmt.Errorf("case clusters: %w", err)
	}
	return out, nil
}

// clusterQuery is CaseClusters' query of the open cases themselves, for
// cells too small for case_cells. It reads cases_open_place alone (or
// cases_open_category, given categories), which hold every column it
// names (migration 0350).
func clusterQuery(d dialect, town string, b guanjia.BBox, cell float64, categories []string) (string, []any) {
	var c conds
	c.add(openStatuses)
	if town != "" {
		c.add("jurisdiction = ?", town)
	}
	c.add("lat BETWEEN ? AND ?", b.MinLat, b.MaxLat)
	c.add("lng BETWEEN ? AND ?", b.MinLng, b.MaxLng)
	if len(categories) > 0 {
		c.add("category IN ("+placeholders(len(categories))+")", anys(categories)...)
	}
	y, x := d.cell("(lat - ?) / ?"), d.cell("(lng - ?) / ?")
	query := "SELECT " + y + " AS y, " + x + " AS x, COUNT(*), AVG(lat), AVG(lng), MIN(id), MIN(category), MIN(status)" +
		" FROM cases" + whereClause(c.where) + " GROUP BY y, x"
	return query, append([]any{b.MinLat, cell, b.MinLng, cell}, c.args...)
}

// summaryClusters is CaseClusters from case_cells: town's cells, or
// every town's for "".
func (r *reader) summaryClusters(ctx context.Context, town string, b guanjia.BBox, cell float64) ([]guanjia.Cluster, error) {
	y, x := r.d.cell("((cy + 0.5) / 1000.0 - ?) / ?"), r.d.cell("((cx + 0.5) / 1000.0 - ?) / ?")
	query := "SELECT " + y + " AS y, " + x + " AS x, SUM(n), SUM(lat), SUM(lng) FROM case_cells" +
		" WHERE cy BETWEEN ? AND ? AND cx BETWEEN ? AND ? AND n > 0"
	args := []any{b.MinLat, cell, b.MinLng, cell,
		int64(math.Floor(b.MinLat / summaryCell)), int64(math.Floor(b.MaxLat / summaryCell)),
		int64(math.Floor(b.MinLng / summaryCell)), int64(math.Floor(b.MaxLng / summaryCell))}
	if town != "" {
		query += " AND jurisdiction = ?"
		args = append(args, town)
	}
	query += " GROUP BY y, x HAVING SUM(n) > 0"
	out, err := list(ctx, r, query, args, func(s scanner) (guanjia.Cluster, error) {
		var cl guanjia.Cluster
		var y, x int64
		var lat, lng float64
		err := s.Scan(&y, &x, &cl.Count, &lat, &lng)
		if cl.Count > 0 {
			cl.Lat, cl.Lng = lat/float64(cl.Count), lng/float64(cl.Count)
		}
		return cl, err
	})
	if err != nil {
		return nil, fmt.Errorf("case clusters: %w", err)
	}
	return out, nil
}

// TownFigures returns each town's figures (town "": every town's): the
// cases reported since from (a local midnight) up to now, resolved on time
// and rated among them, as docs/figures.md counts them (the town rows of
// stat_days: a few rows a town, whatever the number of cases), and the open
// and overdue cases at now. Towns with no case at all are missing; the
// caller adds them.
func (r *reader) TownFigures(ctx context.Context, town string, from, now time.Time) ([]guanjia.TownFigures, error) {
	if err := r.statsWritten(ctx); err != nil {
		return nil, err
	}
	spans, args, _ := statSpans("town", guanjia.ReportDay(from), guanjia.ReportDay(now)+1, false)
	where := []string{spans}
	if town != "" {
		where, args = append(where, "jurisdiction = ?"), append(args, town)
	}
	received, err := list(ctx, r, `SELECT jurisdiction, SUM(n), SUM(resolved), SUM(resolve_on_time), SUM(rated),
		SUM(satisfaction_sum) FROM stat_days`+whereClause(where)+` GROUP BY jurisdiction HAVING SUM(n) > 0 ORDER BY 1`, args,
		func(s scanner) (guanjia.TownFigures, error) {
			var f guanjia.TownFigures
			err := s.Scan(&f.Jurisdiction, &f.Received, &f.Resolved, &f.ResolvedOnTime, &f.Rated, &f.SatisfactionSum)
			return f, err
		})
	if err != nil {
		return nil, fmt.Errorf("town figures: %w", err)
	}
	opened, err := r.openFigures(ctx, town, now)
	if err != nil {
		return nil, fmt.Errorf("town figures: %w", err)
	}
	for _, o := range opened {
		i := slices.IndexFunc(received, func(f guanjia.TownFigures) bool { return f.Jurisdiction == o.Jurisdiction })
		if i < 0 {
			received, i = append(received, guanjia.TownFigures{Jurisdiction: o.Jurisdiction}), len(received)
		}
		received[i].Open, received[i].Overdue = o.Open, o.Overdue
	}
	return received, nil
}

// openFigures returns each town's open cases and the overdue among them at
// now (town "": every town's) from open_due_days (migration 0260): the
// cases due on days before today are overdue, and of those due today the
// ones due before now, sought in the index of cases by town, status and
// deadline. It reads a row a town and day with open deadlines, however many
// cases stay open.
func (r *reader) openFigures(ctx context.Context, town string, now time.Time) ([]guanjia.TownFigures, error) {
	today := DayNumber(now)
	var c conds
	if town != "" {
		c.add("jurisdiction = ?", town)
	}
	figures, err := list(ctx, r, `SELECT jurisdiction, SUM(n), SUM(CASE WHEN day < ? THEN n ELSE 0 END)
		FROM open_due_days`+whereClause(c.where)+` GROUP BY jurisdiction HAVING SUM(n) > 0`, append([]any{today}, c.args...),
		func(s scanner) (guanjia.TownFigures, error) {
			var f guanjia.TownFigures
			err := s.Scan(&f.Jurisdiction, &f.Open, &f.Overdue)
			return f, err
		})
	if err != nil {
		return nil, err
	}
	if town == "" {
		// Every town by name, so that today's cases are sought town by
		// town and status by status in the index.
		c.add("jurisdiction IN (SELECT code FROM jurisdictions)")
	}
	c.add(openStatuses)
	c.add("due_at >= ?", time.Unix(int64(today)*86400-8*3600, 0))
	c.add("due_at < ?", ceilMicro(now))
	_, err = list(ctx, r, "SELECT jurisdiction, COUNT(*) FROM cases"+whereClause(c.where)+" GROUP BY jurisdiction", c.args,
		func(s scanner) (struct{}, error) {
			var j string
			var n int
			if err := s.Scan(&j, &n); err != nil {
				return struct{}{}, err
			}
			if i := slices.IndexFunc(figures, func(f guanjia.TownFigures) bool { return f.Jurisdiction == j }); i >= 0 {
				figures[i].Overdue += n
			}
			return struct{}{}, nil
		})
	return figures, err
}
