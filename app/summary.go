package app

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// CaseCounts counts the cases reported in the last days days (today
// included, in China Standard Time) by status, category and unit, for
// dashboards.
// A town's staff count their town's cases only.
func (a *App) CaseCounts(ctx context.Context, actor guanjia.Actor, days int) ([]guanjia.CaseCount, error) {
	if days < 1 {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "days", "days must be at least 1.")
	}
	today := store.DayNumber(a.now())
	return a.db.CaseCounts(ctx, a.townFilter(actor), today-days+1, today)
}

// CaseClusters groups the open cases in a map view into cells of cell
// degrees, for maps that show every open case at any zoom; a town's staff
// see their town's.
func (a *App) CaseClusters(ctx context.Context, actor guanjia.Actor, b guanjia.BBox, cell float64, categories []string) ([]guanjia.Cluster, error) {
	return a.db.CaseClusters(ctx, a.townFilter(actor), b, cell, categories)
}
