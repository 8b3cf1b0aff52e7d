package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestFigureDefinitions builds timelines by hand, each for one definition
// of docs/figures.md, and checks every figure to the unit. Garbage reports
// are dispatched to sanitation at once; they must be signed for within 2
// working hours and resolved within 1 working day (08:30–12:00 and
// 13:30–17:30 on working days). All are reported on Monday 2 November 2026
// at 09:00:
//
//	A on time: signed for at 10:00 (1 h), resolved at 15:00 (3.5 h), confirmed fixed, rated 5.
//	B late: signed for at 13:00 (3 h, late: ever overdue), resolved on Wednesday at 09:00
//	  (12 h, after Tuesday 12:00: late), closed by itself on Thursday.
//	C extended: signed for at 09:30 (0.5 h); an extension to Friday 17:00 asked for and
//	  approved by the command center; resolved on Thursday at 10:00 (23 h): on time thanks to it.
//	D returned: returned by sanitation, dispatched to urban at 10:00, signed for at 10:30
//	  (0.5 h, counted for urban); not resolved by Thursday: overdue now.
//	E reopened: signed for, resolved, rated 2, then reopened: none of that counts.
//	F merged into A.   G rejected.   H never signed for: overdue now.
func TestFigureDefinitions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _, clock := testenv.AppWith(t, dsn, app.Options{AutoCloseAfter: 24 * time.Hour})
		ctx := context.Background()
		at := func(day, hour, min int) { clock.Set(time.Date(2026, 11, day, hour, min, 0, 0, guanjia.TownZone)) }
		admin := guanjia.Actor{UserID: 1, Role: guanjia.RoleAdmin, Name: "admin"}
		sanitation := guanjia.Actor{UserID: 900, Role: guanjia.RoleUnitLead, Unit: "sanitation"}
		urban := guanjia.Actor{UserID: 901, Role: guanjia.RoleUnitLead, Unit: "urban"}
		do := func(who guanjia.Actor, id int64, cmd guanjia.Command) {
			t.Helper()
			if _, err := a.Act(ctx, who, id, cmd); err != nil {
				t.Fatalf("%s case %d: %v", cmd.Action, id, err)
			}
		}
		yes := true
		at(2, 9, 0)
		ids := map[string]int64{}
		for i, name := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
			rec, err := a.Report(ctx, resident, guanjia.Report{Category: "garbage", Lat: 30.7452 + float64(i)*0.002, Lng: 120.4871, Description: "垃圾 " + name})
			if err != nil {
				t.Fatal(err)
			}
			if rec.Case.Unit != "sanitation" {
				t.Fatalf("%s went to %q", name, rec.Case.Unit)
			}
			ids[name] = rec.Case.ID
		}
		at(2, 9, 5)
		do(admin, ids["F"], guanjia.Command{Action: guanjia.ActionMerge, Target: ids["A"]})
		do(admin, ids["G"], guanjia.Command{Action: guanjia.ActionReject, Reason: "无效"})
		at(2, 9, 10)
		do(sanitation, ids["E"], guanjia.Command{Action: guanjia.ActionAccept})
		at(2, 9, 20)
		do(sanitation, ids["E"], guanjia.Command{Action: guanjia.ActionResolve, Note: "已清理"})
		at(2, 9, 30)
		do(admin, ids["E"], guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: 2})
		do(sanitation, ids["C"], guanjia.Command{Action: guanjia.ActionAccept})
		do(sanitation, ids["D"], guanjia.Command{Action: guanjia.ActionReturn, Reason: "不属本单位"})
		at(2, 9, 40)
		do(admin, ids["E"], guanjia.Command{Action: guanjia.ActionReopen, Reason: "又堆上了"})
		at(2, 10, 0)
		do(sanitation, ids["A"], guanjia.Command{Action: guanjia.ActionAccept})
		do(admin, ids["D"], guanjia.Command{Action: guanjia.ActionDispatch, Unit: "urban"})
		do(sanitation, ids["C"], guanjia.Command{Action: guanjia.ActionExtend, Reason: "需要清运车",
			Until: time.Date(2026, 11, 6, 17, 0, 0, 0, guanjia.TownZone)})
		at(2, 10, 30)
		do(admin, ids["C"], guanjia.Command{Action: guanjia.ActionApproveExtension, Approve: &yes})
		do(urban, ids["D"], guanjia.Command{Action: guanjia.ActionAccept})
		at(2, 13, 0)
		do(sanitation, ids["B"], guanjia.Command{Action: guanjia.ActionAccept})
		at(2, 15, 0)
		do(sanitation, ids["A"], guanjia.Command{Action: guanjia.ActionResolve, Note: "已清理"})
		at(2, 16, 0)
		do(admin, ids["A"], guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: 5})
		at(4, 9, 0)
		do(sanitation, ids["B"], guanjia.Command{Action: guanjia.ActionResolve, Note: "已清理"})
		at(5, 9, 30)
		if res, err := a.Sweep(ctx); err != nil || res.Closed != 1 {
			t.Fatalf("sweep: %+v, %v; want B closed", res, err)
		}
		at(5, 10, 0)
		do(sanitation, ids["C"], guanjia.Command{Action: guanjia.ActionResolve, Note: "已清理"})
		at(5, 10, 30)

		st, err := a.Stats(ctx, admin, app.StatsRequest{From: "2026-11-02", To: "2026-11-03", By: "unit"})
		if err != nil {
			t.Fatal(err)
		}
		h := int64(3600)
		want := guanjia.Figures{Received: 8, Dispatches: 9, Returns: 1, Signed: 4, SignedOnTime: 3,
			Resolved: 3, ResolvedOnTime: 2, Closed: 2, Fixed: 1, Rated: 1, Satisfied: 1, SatisfactionSum: 5,
			Merged: 1, Repeated: 1, OverdueNow: 2, EverOverdue: 3, // F merged; the cases lie 222 m apart, none a repeat
			SignTimed: 4, SignSecs: h + 3*h + h/2 + h/2, SignP90Secs: 3 * h, // A, B, C, D
			ResolveTimed: 3, ResolveSecs: 7*h/2 + 12*h + 23*h, ResolveP90Secs: 30 * h} // A, B, C; 23 h is in the ladder's step of 30
		if diff := cmp.Diff(want, st.Total); diff != "" {
			t.Errorf("the day's figures (-want +got):\n%s", diff)
		}
		byUnit := map[string]guanjia.Figures{}
		for _, f := range st.Rows {
			byUnit[f.Key] = f
		}
		wantUrban := guanjia.Figures{Key: "urban", Received: 1, Dispatches: 2, Returns: 1, Signed: 1, SignedOnTime: 1,
			OverdueNow: 1, EverOverdue: 1, SignTimed: 1, SignSecs: h / 2, SignP90Secs: h / 2}
		if diff := cmp.Diff(wantUrban, byUnit["urban"]); diff != "" {
			t.Errorf("urban (-want +got):\n%s", diff)
		}
		if got := byUnit[""]; got.Received != 1 || got.Signed != 0 || got.Rated != 0 || got.Closed != 0 {
			t.Errorf("the reopened case, with no unit: %+v", got)
		}
		if got := byUnit["sanitation"]; got.Received != 6 || got.Merged != 1 || got.Signed != 3 || got.Resolved != 3 {
			t.Errorf("sanitation: %+v", got)
		}
		r := st.Total.Rates()
		if *r.SignOnTime != 0.75 || *r.ResolveOnTime != 2.0/3 || *r.FixRate != 0.5 || *r.SatisfactionRate != 1 ||
			*r.DuplicateRate != 0.125 || *r.ReturnRate != 1.0/9 || *r.SignHoursMean != 1.25 || *r.ResolveHoursP90 != 30 {
			t.Errorf("rates: %+v", r)
		}
		// The period before has no cases: its figures are zeros.
		if st.PrevTotal != (guanjia.Figures{}) || st.PrevFrom != "2026-11-01" || st.PrevTo != "2026-11-02" {
			t.Errorf("the previous period: %s–%s %+v", st.PrevFrom, st.PrevTo, st.PrevTotal)
		}
	})
}
