package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestReportArchive: the monthly job archives last month's reports once
// per month, however often it runs (on a test clock); a unit lead sees
// their unit's archived reports only, and cannot open another unit's; the
// report names the cases left overdue and the supervised one as notable.
func TestReportArchive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		var ids []int64
		for i := range 2 {
			rec := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: 30.7452 + float64(i)*0.001, Lng: 120.4871, Description: "垃圾"})
			ids = append(ids, rec.Case.ID)
		}
		if _, err := a.Act(ctx, actor(t, a, "leader"), ids[1], guanjia.Command{Action: guanjia.ActionSupervise,
			Until: clock.Now().AddDate(0, 0, 10), Note: "请书面反馈"}); err != nil {
			t.Fatal(err)
		}
		clock.Set(time.Date(2026, 12, 1, 0, 30, 0, 0, guanjia.TownZone))
		first, err := a.ArchiveLastMonth(ctx)
		if err != nil || first == 0 {
			t.Fatalf("the first run of December archived %d: %v", first, err)
		}
		for _, at := range []time.Time{time.Date(2026, 12, 1, 0, 31, 0, 0, guanjia.TownZone), time.Date(2026, 12, 20, 9, 0, 0, 0, guanjia.TownZone)} {
			clock.Set(at)
			if n, err := a.ArchiveLastMonth(ctx); n != 0 || err != nil {
				t.Errorf("a run on %s archived %d more: %v", at, n, err)
			}
		}
		clock.Set(time.Date(2027, 1, 1, 0, 5, 0, 0, guanjia.TownZone))
		if n, err := a.ArchiveLastMonth(ctx); n != first || err != nil {
			t.Errorf("January's first run archived %d, December's %d: %v", n, first, err)
		}

		dispatcher, lead := actor(t, a, "dispatcher"), actor(t, a, "lead-sanitation")
		all, err := a.ArchivedReports(ctx, dispatcher, "")
		if err != nil {
			t.Fatal(err)
		}
		var town *guanjia.ArchivedReport
		for _, r := range all {
			if r.Town != dispatcher.Jurisdiction {
				t.Errorf("the town's dispatcher sees a report of %s", r.Town)
			}
			if r.Period == "2026-11" && r.Unit == "" {
				town = r
			}
		}
		if town == nil || town.Figures.Received != 2 {
			t.Fatalf("November's town report: %+v", town)
		}
		own, err := a.ArchivedReports(ctx, lead, "")
		if err != nil || len(own) != 2 {
			t.Fatalf("the sanitation lead sees %d reports (%v), want November's and December's", len(own), err)
		}
		for _, r := range own {
			if r.Unit != "sanitation" {
				t.Errorf("the sanitation lead sees %s's report", r.Unit)
			}
		}

		if _, err := a.PeriodReport(ctx, lead, app.ReportRequest{Period: "2026-11", Unit: "urban"}); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("the sanitation lead opening urban's report: %v, want not found", err)
		}
		rep, err := a.PeriodReport(ctx, lead, app.ReportRequest{Period: "2026-11"})
		if err != nil {
			t.Fatal(err)
		}
		var notable []string
		for _, n := range rep.Notable {
			notable = append(notable, fmt.Sprintf("%s %d", n.Kind, n.Case.ID))
		}
		// Both overdue by as long (the newer first), the second supervised.
		want := []string{fmt.Sprintf("overdue %d", ids[1]), fmt.Sprintf("overdue %d", ids[0]), fmt.Sprintf("supervised %d", ids[1])}
		if rep.Unit != "sanitation" || rep.Total.Received != 2 || !slices.Equal(notable, want) {
			t.Errorf("the sanitation lead's November: unit %q, %d received, notable %q, want %q", rep.Unit, rep.Total.Received, notable, want)
		}
		if rep.PrevFrom != "2026-10-01" || rep.PrevTo != "2026-11-01" {
			t.Errorf("November is compared with %s – %s", rep.PrevFrom, rep.PrevTo)
		}
	})
}
