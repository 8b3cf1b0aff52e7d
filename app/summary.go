package app

import (
	"context"
	"slices"
	"time"

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

// TownRanking returns every town's figures over the last days days (today
// included, in China Standard Time), ranked best first
// (guanjia.RankTowns): the county's staff see every town, a town's staff
// their own town's alone.
func (a *App) TownRanking(ctx context.Context, actor guanjia.Actor, days int) ([]guanjia.TownFigures, error) {
	if !actor.Role.IsStaff() {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff see the towns' figures.")
	}
	if days < 1 {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "days", "days must be at least 1.")
	}
	now := a.now()
	local := now.In(guanjia.TownZone)
	from := time.Date(local.Year(), local.Month(), local.Day()-days+1, 0, 0, 0, 0, guanjia.TownZone)
	town := a.townFilter(actor)
	fs, err := a.db.TownFigures(ctx, town, from, now)
	if err != nil {
		return nil, err
	}
	for _, j := range a.ref.Load().towns {
		if (town == "" || j.Code == town) && !slices.ContainsFunc(fs, func(f guanjia.TownFigures) bool { return f.Jurisdiction == j.Code }) {
			fs = append(fs, guanjia.TownFigures{Jurisdiction: j.Code})
		}
	}
	guanjia.RankTowns(fs)
	return fs, nil
}
