package bench

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// view is a map view: a box and a zoom.
type view struct {
	minLng, minLat, maxLng, maxLat float64
	zoom                           int
}

// views are what consoles look at: the whole town, districts round the hot
// spots, streets.
func views() []view {
	vs := []view{{120.43, 30.69, 120.54, 30.80, 13}}
	for _, c := range [][2]float64{{30.7445, 120.4870}, {30.7520, 120.4790}, {30.7210, 120.4620}, {30.7680, 120.5080}} {
		vs = append(vs, view{c[1] - 0.02, c[0] - 0.015, c[1] + 0.02, c[0] + 0.015, 15})
		vs = append(vs, view{c[1] - 0.005, c[0] - 0.004, c[1] + 0.005, c[0] + 0.004, 17})
	}
	return vs
}

// cell is the cluster size the server picks for v (see httpapi's caseMap).
func (v view) cell() float64 {
	c := 360 / math.Exp2(float64(v.zoom)) / 256 * 64
	return math.Max(c, math.Max(v.maxLng-v.minLng, v.maxLat-v.minLat)/200)
}

// measureMap: open cases in a map view, clustered on the server. The
// floor issues the store's SQL for the town's staff, who see their town
// alone: for large cells from the summary of open cases by cells of 0.001
// degrees, for small ones from the index of open cases by place.
func (r *run) measureMap(ctx context.Context) error {
	t := r.town
	vs := views()
	_, _, code := t.app.Locate((vs[0].minLat+vs[0].maxLat)/2, (vs[0].minLng+vs[0].maxLng)/2)
	cast := func(e string) string {
		if t.engine == store.Postgres {
			return "floor(" + e + ")::bigint"
		}
		return "CAST(" + e + " AS INTEGER)"
	}
	raw := rebind(t.engine, "SELECT "+cast("(lat - ?) / ?")+" AS y, "+cast("(lng - ?) / ?")+" AS x, COUNT(*), AVG(lat), AVG(lng), MIN(id), MIN(category), MIN(status) FROM cases"+
		" WHERE status IN ('new', 'dispatched', 'accepted', 'resolved') AND jurisdiction = ? AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ? GROUP BY y, x")
	summary := rebind(t.engine, "SELECT "+cast("((cy + 0.5) / 1000.0 - ?) / ?")+" AS y, "+cast("((cx + 0.5) / 1000.0 - ?) / ?")+" AS x, SUM(n), SUM(lat), SUM(lng) FROM case_cells"+
		" WHERE cy BETWEEN ? AND ? AND cx BETWEEN ? AND ? AND n > 0 AND jurisdiction = ? GROUP BY y, x HAVING SUM(n) > 0")
	return r.readPhase(ctx, "map", func(w, i int) string {
		v := vs[(w+i)%len(vs)]
		return fmt.Sprintf("/api/v1/cases/map?bbox=%f,%f,%f,%f&zoom=%d", v.minLng, v.minLat, v.maxLng, v.maxLat, v.zoom)
	}, func(ctx context.Context, db *sql.DB, w, i int) error {
		v := vs[(w+i)%len(vs)]
		c := v.cell()
		if c >= 0.002 {
			_, err := queryAll(ctx, db, summary, v.minLat, c, v.minLng, c, int64(math.Floor(v.minLat*1000)),
				int64(math.Floor(v.maxLat*1000)), int64(math.Floor(v.minLng*1000)), int64(math.Floor(v.maxLng*1000)), code)
			return err
		}
		_, err := queryAll(ctx, db, raw, v.minLat, c, v.minLng, c, code, v.minLat, v.maxLat, v.minLng, v.maxLng)
		return err
	})
}

// measureDashboard: counts by status × category × unit of the cases
// reported in the last 30 days.
func (r *run) measureDashboard(ctx context.Context) error {
	t := r.town
	query := rebind(t.engine, `SELECT status, category, unit, SUM(n) FROM case_days
		WHERE day >= ? AND day <= ? GROUP BY status, category, unit HAVING SUM(n) > 0
		ORDER BY status, category, unit`)
	today := store.DayNumber(time.Now())
	return r.readPhase(ctx, "dashboard", func(w, i int) string {
		return "/api/v1/cases/stats?days=30"
	}, func(ctx context.Context, db *sql.DB, w, i int) error {
		_, err := queryAll(ctx, db, query, today-29, today)
		return err
	})
}

// measureStats: every assessment figure by unit for last month, with the
// month before (GET /api/v1/stats, docs/figures.md). The floor is the
// sum of the month's summary rows by unit (stat_days, by month), without
// the rest.
func (r *run) measureStats(ctx context.Context) error {
	t := r.town
	now := time.Now().In(guanjia.TownZone)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, guanjia.TownZone)
	from, to := first.AddDate(0, -1, 0), first
	query := rebind(t.engine, `SELECT k, SUM(n), SUM(dispatches), SUM(returns), SUM(signed), SUM(sign_on_time),
		SUM(resolved), SUM(resolve_on_time), SUM(satisfaction_sum), SUM(sign_timed), SUM(sign_secs),
		SUM(resolve_timed), SUM(resolve_secs)
		FROM stat_days WHERE dim = 'unit:m' AND day >= ? AND day < ? GROUP BY k ORDER BY k`)
	path := fmt.Sprintf("/api/v1/stats?from=%s&to=%s&by=unit", from.Format("2006-01-02"), to.Format("2006-01-02"))
	return r.readPhase(ctx, "stats", func(w, i int) string { return path },
		func(ctx context.Context, db *sql.DB, w, i int) error {
			_, err := queryAll(ctx, db, query, guanjia.ReportDay(from), guanjia.ReportDay(to))
			return err
		})
}
