package app

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
)

// ExportCases calls fn with each case reported on the local dates
// [from, to), newest first, of town and unit as actor may see them
// (reportScope): staff only; a handler or unit lead their unit's; a town's
// staff their town's.
func (a *App) ExportCases(ctx context.Context, actor guanjia.Actor, from, to, town, unit string, fn func(*guanjia.Case) error) error {
	town, unit, err := a.reportScope(actor, town, unit)
	if err != nil {
		return err
	}
	f0, t0, err := a.statsPeriod(from, to)
	if err != nil {
		return err
	}
	return a.eachCase(ctx, a.reportFilter(actor, f0, t0, town, unit), func(c *guanjia.Case) error { return fn(redact(c, actor)) })
}

// dayStart returns the local midnight that starts a day number.
func dayStart(day int) time.Time {
	return time.Unix(int64(day)*86400-8*3600, 0).In(guanjia.TownZone)
}
