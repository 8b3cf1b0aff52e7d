package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// admins of the county and of two towns, for the inheritance tests.
var (
	wuzhenAdmin = guanjia.Actor{Name: "乌镇管理员", Role: guanjia.RoleAdmin, Jurisdiction: wuzhen}
	puyuanAdmin = guanjia.Actor{Name: "濮院管理员", Role: guanjia.RoleAdmin, Jurisdiction: puyuan}
)

// TestCalendarInheritance: the county's calendar counts in every town;
// Puyuan makes Tuesday 3 November a holiday of its own, so a one-working-
// day limit that starts on Monday lapses on Wednesday there and on
// Tuesday in Wuzhen. Only Puyuan's administrators or the county's set
// Puyuan's days; a town's administrator may not change the county's.
func TestCalendarInheritance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		day := calendar.Day{Date: "2026-11-03", Kind: calendar.Holiday, Name: "濮院羊毛衫节"}
		tries := []struct {
			name  string
			actor guanjia.Actor
			town  string
			want  string
		}{
			{"Wuzhen's administrator sets Puyuan's", wuzhenAdmin, puyuan, guanjia.ENOTFOUND},
			{"Puyuan's administrator sets the county's", puyuanAdmin, "", guanjia.EFORBIDDEN},
			{"Puyuan's administrator sets the county's by its code", puyuanAdmin, county, guanjia.EFORBIDDEN},
			{"Puyuan's dispatcher sets Puyuan's", guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: puyuan}, puyuan, guanjia.EFORBIDDEN},
			{"the county's administrator sets a village", countyAdmin, "330483101200", guanjia.ENOTFOUND},
			{"Puyuan's administrator sets Puyuan's", puyuanAdmin, puyuan, ""},
		}
		for _, tr := range tries {
			if err := a.PutTownCalendarDay(ctx, tr.actor, tr.town, day); guanjia.ErrorCode(err) != tr.want {
				t.Errorf("%s: %v, want %q", tr.name, err, tr.want)
			}
		}
		got := map[string]string{}
		for town, p := range map[string][2]float64{wuzhen: {wuzhenLat, wuzhenLng}, puyuan: {puyuanLat, puyuanLng}} {
			clock.Set(t0)
			c := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: p[0], Lng: p[1]}).Case
			clock.Set(t0.Add(time.Hour))
			c, err := a.Act(ctx, guanjia.Actor{Role: guanjia.RoleHandler, Unit: c.Unit, Jurisdiction: town}, c.ID,
				guanjia.Command{Action: guanjia.ActionAccept})
			if err != nil {
				t.Fatal(err)
			}
			got[town] = c.ResolveDueAt.In(guanjia.TownZone).Format("Mon 15:04")
		}
		if diff := cmp.Diff(map[string]string{wuzhen: "Tue 10:00", puyuan: "Wed 10:00"}, got); diff != "" {
			t.Errorf("town → resolve due (-want +got):\n%s", diff)
		}
		has := func(days []calendar.Day) bool {
			for _, d := range days {
				if d.Date == day.Date {
					return true
				}
			}
			return false
		}
		if !has(a.CalendarDaysIn(puyuan)) || has(a.CalendarDaysIn(wuzhen)) || has(a.CalendarDays()) {
			t.Errorf("Puyuan's holiday is listed in Puyuan %v, Wuzhen %v, the county %v",
				has(a.CalendarDaysIn(puyuan)), has(a.CalendarDaysIn(wuzhen)), has(a.CalendarDays()))
		}
	})
}

// TestCategoryOverrideRest: a town may also stop dispatching a category
// automatically, and stop offering it at all; the county's setting holds
// in the other towns.
func TestCategoryOverrideRest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		no := false
		put := func(o guanjia.CategoryOverride) {
			t.Helper()
			o.Jurisdiction, o.Category = puyuan, "garbage"
			if err := a.PutCategoryOverride(ctx, puyuanAdmin, &o); err != nil {
				t.Fatal(err)
			}
		}
		put(guanjia.CategoryOverride{AutoDispatch: &no})
		wz := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng}).Case
		py := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: puyuanLat, Lng: puyuanLng}).Case
		if wz.Status != guanjia.StatusDispatched || py.Status != guanjia.StatusNew {
			t.Errorf("Wuzhen's garbage %s, Puyuan's %s; want dispatched at once in Wuzhen only", wz.Status, py.Status)
		}
		put(guanjia.CategoryOverride{Active: &no})
		_, err := a.Report(ctx, resident, guanjia.Report{Category: "garbage", Lat: puyuanLat, Lng: puyuanLng})
		if guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("garbage in Puyuan once it is not offered there: %v", err)
		}
		mustReport(t, a, guanjia.Report{Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng})
		if c, ok := a.CategoryIn("garbage", puyuan); ok || c.Active {
			t.Errorf("CategoryIn Puyuan: %v %v", c, ok)
		}
		if _, ok := a.CategoryIn("garbage", wuzhen); !ok {
			t.Error("garbage is no longer offered in Wuzhen")
		}
	})
}

// TestPointsByTown: Puyuan doubles every award; its housekeeper earns
// Puyuan's amounts, Wuzhen's the county's. Each town's leaderboard ranks
// its own housekeepers only, whoever asks; the county's staff see every
// town's or filter by one. The ledger is confined the same way.
func TestPointsByTown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		rules := guanjia.DefaultPointRules()
		for k, r := range rules.Kinds {
			r.Amount *= 2
			rules.Kinds[k] = r
		}
		rules.Jurisdiction = puyuan
		for _, tr := range []struct {
			name  string
			actor guanjia.Actor
			town  string
			want  string
		}{
			{"Wuzhen's administrator sets Puyuan's", wuzhenAdmin, puyuan, guanjia.ENOTFOUND},
			{"Puyuan's administrator sets the county's", puyuanAdmin, "", guanjia.EFORBIDDEN},
			{"the county's administrator sets Puyuan's", countyAdmin, puyuan, ""},
		} {
			r := rules
			r.Jurisdiction = tr.town
			if _, err := a.SetPointRules(ctx, tr.actor, r); guanjia.ErrorCode(err) != tr.want {
				t.Errorf("%s: %v, want %q", tr.name, err, tr.want)
			}
		}
		if r, err := a.PointRulesIn(ctx, puyuan); err != nil || r.Jurisdiction != puyuan || r.Kinds[guanjia.PointsReport].Amount != 10 {
			t.Errorf("Puyuan's rules: %+v %v", r, err)
		}
		if r, err := a.PointRulesIn(ctx, wuzhen); err != nil || r.Version != 0 || r.Kinds[guanjia.PointsReport].Amount != 5 {
			t.Errorf("Wuzhen's rules: %+v %v", r, err)
		}

		l := &loop{t: t, a: a, clock: clock, now: t0}
		wzKeeper, _ := sameGridKeepers(t, a)
		pyGrid, _, _ := a.Locate(puyuanLat, puyuanLng)
		pyKeeper := guanjia.Actor{Name: "濮院网格员", Role: guanjia.RoleHousekeeper, Grid: pyGrid}
		u := &guanjia.User{Username: "puyuan-keeper", Name: pyKeeper.Name, Role: guanjia.RoleHousekeeper, Grid: pyGrid, CreatedAt: t0}
		if err := a.Store().Tx(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		pyKeeper.UserID = u.ID
		for _, k := range []guanjia.Actor{wzKeeper, pyKeeper} {
			c := l.report(k, k.Grid)
			if c.Status == guanjia.StatusNew {
				l.act(guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: c.Jurisdiction}, c.ID,
					guanjia.Command{Action: guanjia.ActionDispatch, Unit: "puyuan-sanitation"})
			}
			h := guanjia.Actor{Name: "处置", Role: guanjia.RoleHandler, Unit: c.Unit, Jurisdiction: c.Jurisdiction}
			if c.Unit == "" {
				h.Unit = "puyuan-sanitation"
			}
			l.act(h, c.ID, guanjia.Command{Action: guanjia.ActionAccept})
			l.act(h, c.ID, guanjia.Command{Action: guanjia.ActionResolve, Note: "已清理"})
			l.act(k, c.ID, confirmed())
		}
		l.process()

		board := func(who guanjia.Actor, town string) map[string]int {
			t.Helper()
			b, err := a.Leaderboard(ctx, who, town, "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, s := range b.Standings {
				out[s.Name+"@"+s.Jurisdiction] = s.Points
			}
			return out
		}
		wzRow, pyRow := map[string]int{wzKeeper.Name + "@" + wuzhen: 5}, map[string]int{pyKeeper.Name + "@" + puyuan: 10}
		both := map[string]int{wzKeeper.Name + "@" + wuzhen: 5, pyKeeper.Name + "@" + puyuan: 10}
		countyLeader := guanjia.Actor{Role: guanjia.RoleLeader, Jurisdiction: county}
		tests := []struct {
			name string
			who  guanjia.Actor
			town string
			want map[string]int
		}{
			{"Wuzhen's dispatcher", guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: wuzhen}, "", wzRow},
			{"Wuzhen's dispatcher asking for Puyuan's", guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: wuzhen}, puyuan, wzRow},
			{"Puyuan's housekeeper asking for Wuzhen's", pyKeeper, wuzhen, pyRow},
			{"Wuzhen's housekeeper", wzKeeper, "", wzRow},
			{"the county's leader, every town", countyLeader, "", both},
			{"the county's leader, Puyuan", countyLeader, puyuan, pyRow},
			{"the public, Puyuan", guanjia.Actor{}, puyuan, pyRow},
			{"the public, no town: the first town", guanjia.Actor{}, "", wzRow},
		}
		for _, tt := range tests {
			if diff := cmp.Diff(tt.want, board(tt.who, tt.town)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		if _, err := a.Leaderboard(ctx, countyLeader, "330483101200", "", "", ""); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("a leaderboard of a village as a town: %v", err)
		}
		towns := func(who guanjia.Actor, town string) map[string]bool {
			t.Helper()
			es, err := a.PointEntries(ctx, who, guanjia.PointFilter{Jurisdiction: town})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, e := range es {
				out[e.Jurisdiction] = true
			}
			return out
		}
		wzDisp := guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: wuzhen}
		countyDisp := guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: county}
		if got := towns(wzDisp, puyuan); !cmp.Equal(got, map[string]bool{wuzhen: true}) {
			t.Errorf("Wuzhen's dispatcher reads the ledger of %v", got)
		}
		if got := towns(countyDisp, puyuan); !cmp.Equal(got, map[string]bool{puyuan: true}) {
			t.Errorf("the county's dispatcher, filtering Puyuan, reads the ledger of %v", got)
		}
		if got := towns(countyDisp, ""); !cmp.Equal(got, map[string]bool{wuzhen: true, puyuan: true}) {
			t.Errorf("the county's dispatcher reads the ledger of %v", got)
		}
		es, _ := a.PointEntries(ctx, countyDisp, guanjia.PointFilter{Jurisdiction: puyuan})
		if _, err := a.ReversePoints(ctx, wzDisp, es[0].ID, "?"); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("Wuzhen's dispatcher reverses Puyuan's entry: %v", err)
		}
		if _, err := a.PointEntries(ctx, pyKeeper, guanjia.PointFilter{}); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a housekeeper reads the ledger: %v", err)
		}
		h, err := a.Honours(ctx, puyuan, "", "")
		if err != nil || len(h.Standings) != 1 || h.Standings[0].UserID != pyKeeper.UserID {
			t.Errorf("Puyuan's honours: %+v %v", h, err)
		}
	})
}
