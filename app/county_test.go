package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

const hour = time.Hour

var countyAdmin = guanjia.Actor{Name: "县管理员", Role: guanjia.RoleAdmin, Jurisdiction: county}

// TestSweepRefersToCounty: the county's catalogue says an overdue garbage
// case goes up to the county one working day past its deadline; Puyuan
// overrides that with three. The sweep hands Wuzhen's case up once (not
// Puyuan's, not twice); the county's dispatcher sends it to a county
// department, which signs for and resolves it; Wuzhen follows every step
// on its timeline. Puyuan's goes up only at its own limit.
func TestSweepRefersToCounty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		garbage, _ := a.Category("garbage")
		g := *garbage
		g.ReferAfter = guanjia.Limit{N: 1, Unit: guanjia.WorkingDays}
		if err := a.PutCategory(ctx, countyAdmin, &g); err != nil {
			t.Fatal(err)
		}
		err := a.PutCategoryOverride(ctx, countyAdmin, &guanjia.CategoryOverride{Jurisdiction: puyuan, Category: "garbage",
			ReferAfter: guanjia.Limit{N: 3, Unit: guanjia.WorkingDays}})
		if err != nil {
			t.Fatal(err)
		}
		wzCase := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng}).Case
		pyCase := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: puyuanLat, Lng: puyuanLng}).Case
		if wzCase.Status != guanjia.StatusDispatched || pyCase.Status != guanjia.StatusDispatched {
			t.Fatalf("not dispatched automatically: %s %s", wzCase.Status, pyCase.Status)
		}
		sweep := func(days int, hours time.Duration) app.SweepResult {
			t.Helper()
			clock.Set(t0.AddDate(0, 0, days).Add(hours))
			res, err := a.Sweep(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		// Due to be signed for at 11:00 on Monday; a working day later is
		// Tuesday 11:00.
		if res := sweep(1, 1*hour); res.Referred != 0 {
			t.Errorf("Tuesday 10:00: %d referred, want none yet", res.Referred)
		}
		if res := sweep(1, 3*hour); res.Referred != 1 {
			t.Errorf("Tuesday 12:00: %d referred, want Wuzhen's", res.Referred)
		}
		if res := sweep(1, 4*hour); res.Referred != 0 {
			t.Errorf("Tuesday 13:00: %d referred again", res.Referred)
		}
		wz := guanjia.Actor{Name: "王丽", Role: guanjia.RoleDispatcher, Jurisdiction: wuzhen}
		cd := guanjia.Actor{Name: "县指挥中心", Role: guanjia.RoleDispatcher, Jurisdiction: county}
		housing := guanjia.Actor{Name: "住建局", Role: guanjia.RoleHandler, Unit: "county-housing", Jurisdiction: county}
		referred := true
		list, _, err := a.FindCases(ctx, cd, guanjia.CaseFilter{Referred: &referred})
		if err != nil || len(list) != 1 || list[0].ID != wzCase.ID || list[0].Status != guanjia.StatusNew || list[0].Unit != "" {
			t.Fatalf("the county's referred cases: %+v %v", list, err)
		}
		steps := []struct {
			actor guanjia.Actor
			cmd   guanjia.Command
		}{
			{cd, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "county-housing"}},
			{housing, guanjia.Command{Action: guanjia.ActionAccept}},
			{housing, guanjia.Command{Action: guanjia.ActionResolve, Note: "已督促清运"}},
		}
		for _, s := range steps {
			if _, err := a.Act(ctx, s.actor, wzCase.ID, s.cmd); err != nil {
				t.Fatalf("%s: %v", s.cmd.Action, err)
			}
		}
		got, events, err := a.CaseTimeline(ctx, wz, wzCase.ID)
		if err != nil {
			t.Fatal(err)
		}
		type step struct {
			Action guanjia.Action
			Role   guanjia.Role
			Unit   string
		}
		var steps2 []step
		for _, e := range events {
			steps2 = append(steps2, step{e.Action, e.ActorRole, e.Unit})
		}
		want := []step{
			{guanjia.ActionReport, guanjia.RoleResident, ""},
			{guanjia.ActionDispatch, guanjia.RoleSystem, "sanitation"},
			{guanjia.ActionEscalate, guanjia.RoleSystem, "sanitation"},
			{guanjia.ActionEscalate, guanjia.RoleSystem, "sanitation"},
			{guanjia.ActionRefer, guanjia.RoleSystem, ""},
			{guanjia.ActionDispatch, guanjia.RoleDispatcher, "county-housing"},
			{guanjia.ActionAccept, guanjia.RoleHandler, "county-housing"},
			{guanjia.ActionResolve, guanjia.RoleHandler, "county-housing"},
		}
		if diff := cmp.Diff(want, steps2); diff != "" || got.Status != guanjia.StatusResolved || !got.Referred {
			t.Errorf("Wuzhen sees %s, referred %v; timeline (-want +got):\n%s", got.Status, got.Referred, diff)
		}
		// Puyuan's limit is three working days: Thursday 11:00.
		if res := sweep(3, 1*hour); res.Referred != 0 {
			t.Errorf("Thursday 10:00: %d referred, want none yet", res.Referred)
		}
		if res := sweep(3, 3*hour); res.Referred != 1 {
			t.Errorf("Thursday 12:00: %d referred, want Puyuan's", res.Referred)
		}
		py, err := a.Case(ctx, guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: puyuan}, pyCase.ID)
		if err != nil || !py.Referred || py.Status != guanjia.StatusNew {
			t.Errorf("Puyuan's case: %+v %v", py, err)
		}
	})
}
