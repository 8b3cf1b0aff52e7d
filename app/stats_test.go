package app_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestStatsAgreeWithTimelines: every figure, by every grouping, for a
// period, the one before it and each day, as the store's summary gives it
// equals the figure worked out by brute force from the cases' timelines.
func TestStatsAgreeWithTimelines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _, clock := testenv.AppWith(t, dsn, app.Options{AutoCloseAfter: 3 * 24 * time.Hour})
		ids := testenv.StatsTown(t, a, a.Store(), clock, 16)
		ctx := context.Background()
		var cases []bruteCase
		seen := map[string]bool{}
		now := clock.Now()
		dec3 := guanjia.ReportDay(time.Date(2026, 12, 3, 0, 0, 0, 0, guanjia.TownZone))
		for _, id := range ids {
			b := bruteOf(t, a, id)
			cases = append(cases, b)
			seen[string(b.status)] = true
			if b.ever {
				seen["ever"] = true
			}
			if b.returns > 0 {
				seen["returned"] = true
			}
			// Overdue now is the running cases less those not yet due.
			if b.running != nil && now.After(*b.running) && !b.ever {
				seen["overdue now"] = true
			} else if b.running != nil && !now.After(*b.running) && !b.ever && b.day >= dec3 {
				seen["not yet due"] = true
			}
		}
		bruteSameProblems(cases)
		for _, b := range cases {
			if b.same {
				seen["same"] = true
			} else if b.status != guanjia.StatusMerged {
				seen["new problem"] = true
			}
		}
		for _, s := range []string{"closed", "merged", "rejected", "accepted", "ever", "returned", "same", "new problem", "overdue now", "not yet due"} {
			if !seen[s] {
				t.Errorf("the generated town has no %s case; the test would not cover it", s)
			}
		}
		county := guanjia.Actor{UserID: 1, Role: guanjia.RoleAdmin}
		for _, by := range []string{"unit", "village", "grid", "category", "channel", "town"} {
			st, err := a.Stats(ctx, county, app.StatsRequest{From: "2026-11-04", To: "2026-11-16", By: by})
			if err != nil {
				t.Fatal(err)
			}
			from, to := guanjia.ReportDay(time.Date(2026, 11, 4, 0, 0, 0, 0, guanjia.TownZone)), guanjia.ReportDay(time.Date(2026, 11, 16, 0, 0, 0, 0, guanjia.TownZone))
			compare(t, by, st.Rows, bruteFigures(cases, from, to, by, "", now))
			compare(t, by+" total", []guanjia.Figures{st.Total}, bruteFigures(cases, from, to, "", "", now))
			trend := bruteFigures(cases, from, to, "day", "", now)
			compare(t, by+" trend", st.Trend, trend)
			var prev []guanjia.Figures
			for _, f := range bruteFigures(cases, from-(to-from), from, by, "", now) {
				prev = append(prev, f)
				if !reflect.DeepEqual(st.Prev[f.Key], f) {
					t.Errorf("%s previous %q:\n got %+v\nwant %+v", by, f.Key, st.Prev[f.Key], f)
				}
			}
			if len(prev) != len(st.Prev) {
				t.Errorf("%s previous: %d groups, want %d", by, len(st.Prev), len(prev))
			}
			if by == "unit" && len(st.Rows) > 0 {
				u := st.Rows[len(st.Rows)-1].Key
				mine, err := a.Stats(ctx, guanjia.Actor{UserID: 900, Role: guanjia.RoleHandler, Unit: u}, app.StatsRequest{From: "2026-11-04", To: "2026-11-16", By: "category"})
				if err != nil {
					t.Fatal(err)
				}
				compare(t, "unit "+u+" by category", mine.Rows, bruteFigures(cases, from, to, "category", u, now))
			}
		}
		// A period of whole months and days either side: November's rows
		// by month, the others' by day.
		whole, err := a.Stats(ctx, county, app.StatsRequest{From: "2026-10-25", To: "2026-12-03", By: "village"})
		if err != nil {
			t.Fatal(err)
		}
		oct25 := guanjia.ReportDay(time.Date(2026, 10, 25, 0, 0, 0, 0, guanjia.TownZone))
		compare(t, "October 25 to December 2", whole.Rows, bruteFigures(cases, oct25, oct25+39, "village", "", now))
		compare(t, "October 25 to December 2, all", []guanjia.Figures{whole.Total}, bruteFigures(cases, oct25, oct25+39, "", "", now))
		// A month's previous period is the month before.
		nov, err := a.Stats(ctx, county, app.StatsRequest{From: "2026-11-01", To: "2026-12-01", By: "unit"})
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "November by unit", nov.Rows, bruteFigures(cases, oct25+7, oct25+37, "unit", "", now))
		if nov.PrevFrom != "2026-10-01" || nov.PrevTo != "2026-11-01" {
			t.Errorf("November's previous period: %s to %s", nov.PrevFrom, nov.PrevTo)
		}
		// From December 3 to now, with cases whose deadline has not yet
		// come: overdue now is the running cases less those.
		tomorrow := guanjia.ReportDay(now) + 1
		recent, err := a.Stats(ctx, county, app.StatsRequest{From: "2026-12-03", To: time.Unix(int64(tomorrow)*86400, 0).UTC().Format("2006-01-02"), By: "unit"})
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "December 3 to now", recent.Rows, bruteFigures(cases, dec3, tomorrow, "unit", "", now))
		compare(t, "December 3 to now, by day", recent.Trend, bruteFigures(cases, dec3, tomorrow, "day", "", now))
		// Five days by unit: a unit's day rows summed by the store, not
		// by SQL (store.statSums).
		days, err := a.Stats(ctx, county, app.StatsRequest{From: "2026-11-28", To: "2026-12-03", By: "unit"})
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "November 28 to December 2", days.Rows, bruteFigures(cases, dec3-5, dec3, "unit", "", now))
		if whole.Total.Received < 30 || whole.Total.Signed == 0 || whole.Total.Rated == 0 || whole.Total.Merged == 0 ||
			whole.Total.Callbacks == 0 || whole.Total.SupervisionAnswered == 0 || whole.Total.SupervisionLapsed == 0 {
			t.Errorf("November's figures are too thin to test: %+v", whole.Total)
		}
		if whole.Total.Repeated <= whole.Total.Merged || whole.Total.Repeated >= whole.Total.Received {
			t.Errorf("November's reports of the same problem are too thin to test: %+v", whole.Total)
		}
		// Migrations 0110 and 0200, working out the summaries afresh from
		// the timelines and the cases' rows, give the figures the
		// transactions kept: an install upgraded keeps exact figures.
		if err := a.Store().RebuildStats(ctx); err != nil {
			t.Fatal(err)
		}
		again, err := a.Stats(ctx, county, app.StatsRequest{From: "2026-10-25", To: "2026-12-03", By: "village"})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, whole) {
			t.Errorf("rebuilt as the migrations do:\n got %+v\nwant %+v", again, whole)
		}
	})
}

func compare(t *testing.T, what string, got, want []guanjia.Figures) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}
