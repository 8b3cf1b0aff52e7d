package app

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// The report archive: on the first day of each month (or the first run of
// the job after it) the reports of the month before are made for each town
// and each unit that works in it (ArchiveLastMonth, run by the background
// jobs under the lease "reports"). The archive keeps each report's
// definition and its totals then; a report is made again when opened.

// ArchiveLastMonth archives the reports of the month before now's, those
// not archived already; it returns how many it archived.
func (a *App) ArchiveLastMonth(ctx context.Context) (int, error) {
	now := a.now().In(guanjia.TownZone)
	return a.ArchiveMonth(ctx, time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, guanjia.TownZone))
}

// ArchiveMonth archives the reports of the month of first (its first
// local day) for each town and each active unit working there, unless they
// are archived already; it returns how many it archived.
func (a *App) ArchiveMonth(ctx context.Context, first time.Time) (int, error) {
	period := first.Format("2006-01")
	ref := a.ref.Load()
	n := 0
	for _, town := range ref.towns {
		have, err := a.db.ArchivedReports(ctx, guanjia.ReportFilter{Town: town.Code, Period: period, UnitOnly: true, Limit: 1})
		if err != nil {
			return n, err
		}
		if len(have) > 0 {
			continue // a town's reports of a month are written together: done
		}
		set, err := a.db.Figures(ctx, guanjia.StatsQuery{FromDay: guanjia.ReportDay(first),
			ToDay: guanjia.ReportDay(first.AddDate(0, 1, 0)), By: "unit", Town: town.Code, Now: a.now(), NoPercentiles: true})
		if err != nil {
			return n, err
		}
		byUnit := map[string]guanjia.Figures{}
		for _, f := range set.Rows {
			byUnit[f.Key] = f
		}
		reports := []*guanjia.ArchivedReport{}
		for _, u := range ref.units {
			if u.Active && ref.tree.Reaches(u.Jurisdiction, town.Code) {
				f := byUnit[u.Code]
				f.Key = u.Code
				reports = append(reports, &guanjia.ArchivedReport{Period: period, Town: town.Code, Unit: u.Code, Figures: f})
			}
		}
		reports = append(reports, &guanjia.ArchivedReport{Period: period, Town: town.Code, Figures: set.Total})
		err = a.db.Tx(ctx, func(tx *store.Tx) error {
			for _, r := range reports {
				r.GeneratedAt = a.now()
				ok, err := tx.ArchiveReport(ctx, r)
				if err != nil {
					return err
				}
				if ok {
					n++
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// ArchivedReports returns the archived reports actor may see: a handler or
// unit lead their unit's; a town's staff their town's and its units'; county
// staff those of town, or of every town ("").
func (a *App) ArchivedReports(ctx context.Context, actor guanjia.Actor, town string) ([]*guanjia.ArchivedReport, error) {
	town, unit, err := a.reportScope(actor, town, "")
	if err != nil {
		return nil, err
	}
	return a.db.ArchivedReports(ctx, guanjia.ReportFilter{Town: town, Unit: unit, UnitOnly: unit != "", Limit: 500})
}
