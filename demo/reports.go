package demo

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// seedReports fills the report archive (/stats/reports) with the reports
// of each whole month of the history before the current one, as the
// monthly job would have made them on the first of the month after (they
// show as made now). The job makes the next ones.
func seedReports(ctx context.Context, a *app.App, opts Options) error {
	start := opts.Now.AddDate(0, 0, -opts.Days).In(guanjia.TownZone)
	now := opts.Now.In(guanjia.TownZone)
	month := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, guanjia.TownZone)
	current := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, guanjia.TownZone)
	for ; month.Before(current); month = month.AddDate(0, 1, 0) {
		if _, err := a.ArchiveMonth(ctx, month); err != nil {
			return err
		}
	}
	return nil
}
