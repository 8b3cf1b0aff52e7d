package app

import (
	"context"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// ParseReportPeriod reads the period of a report's name: a month
// (2026-11) or the local dates [from, to) joined by "_"
// (2026-11-01_2026-12-01). It returns the dates.
func ParseReportPeriod(s string) (from, to string, err error) {
	if m, e := time.ParseInLocation("2006-01", s, guanjia.TownZone); e == nil && len(s) == 7 {
		return m.Format(dateLayout), m.AddDate(0, 1, 0).Format(dateLayout), nil
	}
	f, t, ok := strings.Cut(s, "_")
	if ok && len(f) == 10 && len(t) == 10 {
		_, e1 := time.ParseInLocation(dateLayout, f, guanjia.TownZone)
		_, e2 := time.ParseInLocation(dateLayout, t, guanjia.TownZone)
		if e1 == nil && e2 == nil {
			return f, t, nil
		}
	}
	return "", "", guanjia.FieldErrorf(guanjia.EINVALID, "period", "Name the period as a month (2026-11) or as two dates, the first and the day after the last (2026-11-01_2026-12-01).")
}

// ExportCases calls fn with each case reported on the local dates
// [from, to), newest first, as actor may see it: staff only; a handler or
// unit lead their unit's; a town's staff their town's.
func (a *App) ExportCases(ctx context.Context, actor guanjia.Actor, from, to string, fn func(*guanjia.Case) error) error {
	if !guanjia.MaySeeStats(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only staff may export cases.")
	}
	f0, t0, err := a.statsPeriod(from, to)
	if err != nil {
		return err
	}
	start, end := dayStart(f0), dayStart(t0)
	f := guanjia.CaseFilter{From: &start, To: &end, Status: guanjia.Statuses, Limit: 500}
	if unit := guanjia.StatsUnit(actor); unit != "" {
		f.Unit = &unit
	}
	for {
		cases, next, err := a.FindCases(ctx, actor, f)
		if err != nil {
			return err
		}
		for _, c := range cases {
			if err := fn(c); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		f.After = next
	}
}

// dayStart returns the local midnight that starts a day number.
func dayStart(day int) time.Time {
	return time.Unix(int64(day)*86400-8*3600, 0).In(guanjia.TownZone)
}
