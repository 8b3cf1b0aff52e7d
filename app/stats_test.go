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
		if (c.Status == guanjia.StatusDispatched || c.Status == guanjia.StatusAccepted) && roll >= 93 {
			if c.Supervision == nil || c.Supervision.FeedbackAt != nil || roll < 95 {
				act(admin, id, guanjia.Command{Action: guanjia.ActionSupervise, Note: "限期反馈",
					Until: now.Add(time.Duration(1+r.IntN(48)) * time.Hour)})
			} else {
				act(lead, id, guanjia.Command{Action: guanjia.ActionFeedback, Note: "正在处理"})
			}
			continue
		}
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
			if c.Status == guanjia.StatusClosed && roll >= 50 {
				act(admin, id, guanjia.Command{Action: guanjia.ActionCallback, Callback: guanjia.CallbackResults[r.IntN(3)]})
			} else if roll < 15 {
				act(admin, id, guanjia.Command{Action: guanjia.ActionReopen, Reason: "群众再次反映"})
			}
		}
	}
	// The last case is dispatched now: its deadline has not yet come.
	rec, err := a.Report(ctx, resident, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Description: "统计测试"})
	if err != nil {
		t.Fatal(err)
	}
	act(admin, rec.Case.ID, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "sanitation"})
	return append(ids, rec.Case.ID)
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
