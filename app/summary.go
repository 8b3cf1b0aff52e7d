package app

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// CaseCounts counts the cases reported in the last days days (today
// included, in China Standard Time) by status, category and unit, for
// dashboards.
func (a *App) CaseCounts(ctx context.Context, days int) ([]guanjia.CaseCount, error) {
	if days < 1 {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "days", "days must be at least 1.")
	}
	today := store.DayNumber(a.now())
	return a.db.CaseCounts(ctx, today-days+1, today)
}

// CaseClusters groups the open cases in a map view into cells of cell
// degrees, for maps that show every open case at any zoom.
func (a *App) CaseClusters(ctx context.Context, b guanjia.BBox, cell float64, categories []string) ([]guanjia.Cluster, error) {
	return a.db.CaseClusters(ctx, b, cell, categories)
}
