package testenv

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// The generated town of the figures' tests (app's TestStatsAgreeWithTimelines,
// web's TestStatsDrillDown).

// StatsTown runs a town through the real closed loop for three weeks:
// reports, then seeded random actions at random times, on time or late:
// dispatches, sign-fors, returns, resolutions, extensions asked for and
// approved or denied, confirmations and their ratings, reports of not
// fixed, merges, rejections, reopenings, and the sweep's escalations and
// automatic closes. It returns the ids of the cases.
func StatsTown(t testing.TB, a *app.App, db *store.DB, clock *Clock, seed uint64) []int64 {
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
	now := Monday09
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
			rec, err := a.Report(ctx, guanjia.Actor{UserID: 4, Role: guanjia.RoleResident, Name: "张秀英"}, guanjia.Report{Category: cats[r.IntN(len(cats))],
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
		c, err := db.GetCase(ctx, id)
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
				act(admin, id, guanjia.Command{Action: guanjia.ActionApproveExtension, Approve: &approve}) // the lead asked
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
	rec, err := a.Report(ctx, guanjia.Actor{UserID: 4, Role: guanjia.RoleResident, Name: "张秀英"},
		guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Description: "统计测试"})
	if err != nil {
		t.Fatal(err)
	}
	act(admin, rec.Case.ID, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "sanitation"})
	return append(ids, rec.Case.ID)
}
