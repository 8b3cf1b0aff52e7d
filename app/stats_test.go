package app_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// statsTown runs a town through the real closed loop for three weeks:
// reports, then seeded random actions at random times, on time or late:
// dispatches, sign-fors, returns, resolutions, extensions asked for and
// approved or denied, confirmations and their ratings, reports of not
// fixed, merges, rejections, reopenings, and the sweep's escalations and
// automatic closes. It returns the ids of the cases.
func statsTown(t *testing.T, a *app.App, clock *testenv.Clock, seed uint64) []int64 {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 16))
	units, err := a.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	admin := guanjia.Actor{UserID: 1, Role: guanjia.RoleAdmin, Name: "admin"}
	cats := []string{"garbage", "noise", "other", "overflowing-bin", "streetlight", "traffic-jam"}
	channels := []guanjia.Channel{guanjia.ChannelWeb, guanjia.ChannelApp, guanjia.ChannelPhone}
	var ids []int64
	now := testenv.Monday09
	ignorable := func(err error) bool {
		switch guanjia.ErrorCode(err) {
		case guanjia.ECONFLICT, guanjia.EINVALID, guanjia.EUNPROCESSABLE:
			return true
		}
		return err == nil
	}
	act := func(actor guanjia.Actor, id int64, cmd guanjia.Command) {
		if _, err := a.Act(ctx, actor, id, cmd); !ignorable(err) {
			t.Fatalf("%s case %d: %v", cmd.Action, id, err)
		}
	}
	for step := 0; step < 400; step++ {
		now = now.Add(time.Duration(5+r.IntN(6*60)) * time.Minute)
		clock.Set(now)
		if step%10 == 0 {
			if _, err := a.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if len(ids) < 15 || r.IntN(4) == 0 {
			rec, err := a.Report(ctx, resident, guanjia.Report{Category: cats[r.IntN(len(cats))],
				Lat: 30.7452 + r.Float64()*0.004, Lng: 120.4871 + r.Float64()*0.004,
				Description: "统计测试", Channel: channels[r.IntN(len(channels))]})
			if guanjia.ErrorCode(err) == guanjia.EINVALID {
				continue // a category that asks more questions
			}
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, rec.Case.ID)
			continue
		}
		id := ids[r.IntN(len(ids))]
		c, err := a.Store().GetCase(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		lead := guanjia.Actor{UserID: 900, Role: guanjia.RoleUnitLead, Unit: c.Unit, Name: "lead"}
		roll := r.IntN(100)
		switch c.Status {
		case guanjia.StatusNew, guanjia.StatusDispatched:
			switch {
			case roll < 8:
				act(admin, id, guanjia.Command{Action: guanjia.ActionReject, Reason: "无效"})
			case roll < 16:
				act(admin, id, guanjia.Command{Action: guanjia.ActionMerge, Target: ids[r.IntN(len(ids))]})
			case c.Status == guanjia.StatusNew || roll < 30:
				var mine []string
				for _, u := range units {
					if u.Active && u.Jurisdiction == c.Jurisdiction && u.Code != c.Unit {
						mine = append(mine, u.Code)
					}
				}
				if len(mine) > 0 {
					act(admin, id, guanjia.Command{Action: guanjia.ActionDispatch, Unit: mine[r.IntN(len(mine))]})
				}
			case roll < 45:
				act(lead, id, guanjia.Command{Action: guanjia.ActionReturn, Reason: "不属本单位"})
			default:
				act(lead, id, guanjia.Command{Action: guanjia.ActionAccept})
			}
		case guanjia.StatusAccepted:
			switch {
			case c.PendingExtension != nil:
				approve := roll < 60
				act(lead, id, guanjia.Command{Action: guanjia.ActionApproveExtension, Approve: &approve})
			case roll < 20 && c.ResolveDueAt != nil:
				act(lead, id, guanjia.Command{Action: guanjia.ActionExtend, Reason: "需要材料",
					Until: c.ResolveDueAt.Add(time.Duration(24+r.IntN(72)) * time.Hour)})
			case roll < 28:
				act(lead, id, guanjia.Command{Action: guanjia.ActionReturn, Reason: "不属本单位"})
			default:
				act(lead, id, guanjia.Command{Action: guanjia.ActionResolve, Note: "已处理"})
			}
		case guanjia.StatusResolved:
			switch {
			case roll < 50:
				fixed := true
				act(admin, id, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &fixed, Satisfaction: 1 + r.IntN(5)})
			case roll < 65:
				fixed := false
				act(admin, id, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &fixed})
			} // else the sweep closes it in time
		case guanjia.StatusClosed, guanjia.StatusRejected:
			if roll < 15 {
				act(admin, id, guanjia.Command{Action: guanjia.ActionReopen, Reason: "群众再次反映"})
			}
		}
	}
	return ids
}

// TestStatsAgreeWithTimelines: every figure, by every grouping, for a
// period, the one before it and each day, as the store's summary gives it
// equals the figure worked out by brute force from the cases' timelines.
func TestStatsAgreeWithTimelines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _, clock := testenv.AppWith(t, dsn, app.Options{AutoCloseAfter: 3 * 24 * time.Hour})
		ids := statsTown(t, a, clock, 16)
		ctx := context.Background()
		var cases []bruteCase
		seen := map[string]bool{}
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
		}
		for _, s := range []string{"closed", "merged", "rejected", "accepted", "ever", "returned"} {
			if !seen[s] {
				t.Errorf("the generated town has no %s case; the test would not cover it", s)
			}
		}
		now := clock.Now()
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
			for i := range trend { // the trend leaves out the percentiles
				trend[i].SignP90Secs, trend[i].ResolveP90Secs = 0, 0
			}
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
		whole, err := a.Stats(ctx, county, app.StatsRequest{From: "2026-11-01", To: "2026-12-01", By: "unit"})
		if err != nil {
			t.Fatal(err)
		}
		nov := guanjia.ReportDay(time.Date(2026, 11, 1, 0, 0, 0, 0, guanjia.TownZone))
		compare(t, "November", []guanjia.Figures{whole.Total}, bruteFigures(cases, nov, nov+30, "", "", now))
		if whole.Total.Received < 30 || whole.Total.Signed == 0 || whole.Total.Rated == 0 || whole.Total.Merged == 0 {
			t.Errorf("November's figures are too thin to test: %+v", whole.Total)
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
