package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Tasks in the demo: the last month's, done and confirmed, and the coming
// week's, some full already, some still open.

var taskIdeas = []struct {
	kind        guanjia.TaskKind
	title, desc string
	needed      int
	points      int
	hours       int
}{
	{guanjia.TaskTraffic, "互联网大会期间西栅停车场交通引导", "穿志愿者马甲，引导车辆有序停放。", 8, 20, 4},
	{guanjia.TaskPublicity, "防范电信诈骗入户宣传", "每户发放宣传单，讲解常见骗局。", 6, 10, 3},
	{guanjia.TaskPatrol, "汛期河道巡查", "沿河巡查护栏、堤岸和落水隐患。", 4, 10, 2},
	{guanjia.TaskCleanup, "周末河埠头清理", "带上手套和夹子，清理河埠头垃圾。", 10, 8, 2},
	{guanjia.TaskPublicity, "垃圾分类桶边督导", "早晚投放高峰在桶边指导分类。", 5, 8, 2},
	{guanjia.TaskPatrol, "夜间消防通道巡查", "检查楼道堆物和消防通道占用。", 3, 12, 2},
	{guanjia.TaskMediation, "协助调解邻里漏水纠纷", "陪同村调解员上门，帮助沟通。", 2, 15, 2},
}

// seedTasks publishes tasks over the last 30 days and the next 7, and has
// housekeepers of the area claim, check in, complete, and staff confirm.
func (k *keeping) seedTasks(ctx context.Context) error {
	a, r, now := k.a, k.r, k.now
	grids, err := a.Grids(ctx)
	if err != nil {
		return err
	}
	for i := 0; i < 24; i++ {
		idea := taskIdeas[r.IntN(len(taskIdeas))]
		g := grids[r.IntN(len(grids))]
		starts := now.AddDate(0, 0, -30+i*37/24).Truncate(time.Hour).Add(time.Duration(r.IntN(10)) * time.Hour)
		t := &guanjia.Task{Title: idea.title, Description: idea.desc, Kind: idea.kind, Grid: g.Code,
			StartsAt: starts, EndsAt: starts.Add(time.Duration(idea.hours) * time.Hour), Needed: idea.needed, Points: idea.points}
		t.Lat, t.Lng = placeIn(r, &g)
		if i%3 == 0 {
			t.Grid, t.Village = "", g.Village // for the whole village
		}
		k.clock.Set(starts.AddDate(0, 0, -3))
		if err := a.PublishTask(ctx, k.dispatcher, t); err != nil {
			return fmt.Errorf("publish task: %w", err)
		}
		if err := k.workOn(ctx, t); err != nil {
			return fmt.Errorf("task %d: %w", t.ID, err)
		}
	}
	return nil
}

// workOn has housekeepers of the task's village grab it and, as far as
// now allows, do it and have it confirmed.
func (k *keeping) workOn(ctx context.Context, t *guanjia.Task) error {
	a, r, now := k.a, k.r, k.now
	keepers, err := k.db.Housekeepers(ctx, guanjia.HousekeeperFilter{Village: &t.Village,
		Status: []guanjia.HousekeeperStatus{guanjia.HousekeeperApproved}})
	if err != nil {
		return err
	}
	r.Shuffle(len(keepers), func(i, j int) { keepers[i], keepers[j] = keepers[j], keepers[i] })
	want := t.Needed + 1 // one more than needed tries: the last finds it full
	if t.StartsAt.After(now) && r.IntN(2) == 0 {
		want = r.IntN(t.Needed)
	}
	for i, hk := range keepers[:min(want, len(keepers))] {
		k.clock.Set(t.CreatedAt.Add(time.Duration(10+i*17+r.IntN(30)) * time.Minute))
		actor := guanjia.Actor{UserID: hk.UserID, Name: hk.Name, Role: guanjia.RoleHousekeeper, Grid: hk.Grid}
		if _, err := a.ClaimTask(ctx, actor, t.ID); guanjia.ErrorCode(err) == guanjia.ECONFLICT {
			continue
		} else if err != nil {
			return err
		}
		if t.EndsAt.After(now) {
			continue
		}
		if err := k.doTask(ctx, t, actor); err != nil {
			return err
		}
	}
	return nil
}

// doTask checks in, completes with a photo and has staff confirm.
func (k *keeping) doTask(ctx context.Context, t *guanjia.Task, actor guanjia.Actor) error {
	a, r := k.a, k.r
	if r.IntN(10) == 0 {
		return nil // claimed and did not turn up
	}
	k.clock.Set(t.StartsAt.Add(time.Duration(r.IntN(20)) * time.Minute))
	if _, err := a.CheckIn(ctx, actor, t.ID, t.Lat+r.NormFloat64()*0.0003, t.Lng+r.NormFloat64()*0.0003); err != nil {
		return err
	}
	k.clock.Set(t.EndsAt.Add(-time.Duration(r.IntN(30)) * time.Minute))
	if _, err := a.CompleteTask(ctx, actor, t.ID, []string{k.photo}, "已按要求完成，附现场照片。"); err != nil {
		return err
	}
	k.clock.Set(t.EndsAt.Add(time.Duration(30+r.IntN(600)) * time.Minute))
	approve := r.IntN(15) > 0
	reason := ""
	if !approve {
		reason = "照片与任务地点不符，请补充说明。"
	}
	_, err := a.ConfirmTask(ctx, k.dispatcher, t.ID, actor.UserID, approve, reason)
	return err
}
