package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// seedDesk writes the command center's desk into the history: calls taken
// by phone, from the county's 12345 hotline and at the counter (one an
// information request answered on the spot and called back), an urgent
// fire hazard called in three days ago and still untriaged, supervision
// orders (answered, awaiting, and one lapsed and escalated), cases
// assigned inside their units, and an extension request whose new date
// has already passed.
func seedDesk(ctx context.Context, a *app.App, db *store.DB, opts Options) error {
	defer opts.Clock.Release()
	c := opts.Clock
	now := opts.Now
	op, err := actorOf(ctx, db, "dispatcher")
	if err != nil {
		return err
	}
	leader, err := actorOf(ctx, db, "leader")
	if err != nil {
		return err
	}
	call := func(at time.Time, ch guanjia.Channel, category, phone, name, words, answer string, dlat, dlng float64) (*guanjia.Case, error) {
		c.Set(at)
		rec, err := a.TakeCall(ctx, op, app.Call{Report: guanjia.Report{Category: category, Lat: Town.Lat + dlat, Lng: Town.Lng + dlng,
			Description: words, Name: name, Phone: phone, Channel: ch}, Answer: answer})
		if err != nil {
			return nil, fmt.Errorf("call %s: %w", category, err)
		}
		return rec.Case, nil
	}
	if _, err := call(now.Add(-72*time.Hour), guanjia.ChannelHotline, "fire-hazard", "13857311119", "周女士",
		"楼道里堆放了好几个液化气罐，堵住了安全出口。", "", 0.002, -0.003); err != nil {
		return err
	}
	if _, err := call(now.Add(-95*time.Minute), guanjia.ChannelPhone, "garbage", "13957300123", "沈先生",
		"桥边的垃圾又堆起来了，已经两天没人清运。", "", -0.001, 0.002); err != nil {
		return err
	}
	if _, err := call(now.Add(-40*time.Minute), guanjia.ChannelWalkIn, "streetlight", "13957300456", "钱阿姨",
		"小区门口的路灯坏了一个星期，晚上很黑。", "", 0.003, 0.001); err != nil {
		return err
	}
	info, err := call(now.Add(-26*time.Hour), guanjia.ChannelHotline, "other", "13957300123", "沈先生",
		"咨询：居住证办理需要带哪些材料？", "带身份证、租房合同和一寸照片到镇便民服务中心办理，工作日 8:30 起。", 0, 0)
	if err != nil {
		return err
	}
	c.Set(now.Add(-3 * time.Hour))
	if _, err := a.Act(ctx, op, info.ID, guanjia.Command{Action: guanjia.ActionCallback, Callback: guanjia.CallbackSatisfied,
		Note: "来电人表示已办好，满意。"}); err != nil {
		return fmt.Errorf("callback: %w", err)
	}
	return seedUnitWork(ctx, a, db, leader, opts)
}

// seedUnitWork supervises, assigns and extends some of Wuzhen's cases in
// work.
func seedUnitWork(ctx context.Context, a *app.App, db *store.DB, leader guanjia.Actor, opts Options) error {
	c, now := opts.Clock, opts.Now
	c.Set(now.Add(-26 * time.Hour))
	town := Town.Code
	f := guanjia.CaseFilter{Jurisdiction: &town, Status: []guanjia.Status{guanjia.StatusAccepted}, Sort: "due", Limit: 40}
	cases, _, err := a.FindCases(ctx, guanjia.SystemActor, f)
	if err != nil {
		return err
	}
	supervised := 0
	for _, k := range cases {
		if supervised == 3 || k.Unit == "" {
			continue
		}
		due := []time.Time{now.Add(-2 * time.Hour), now.Add(20 * time.Hour), now.Add(4 * time.Hour)}[supervised]
		order := []string{"群众反映强烈，请于今天上午前书面反馈处置进展。", "请明天前反馈处理结果。", "请加快处置，今天内反馈。"}[supervised]
		if _, err := a.Act(ctx, leader, k.ID, guanjia.Command{Action: guanjia.ActionSupervise, Note: order, Until: due, Version: k.Version}); err != nil {
			continue // moved on under the history; another will do
		}
		if supervised == 2 {
			h, err := actorOf(ctx, db, "handler-"+k.Unit)
			if err == nil {
				c.Set(now.Add(-time.Hour))
				_, _ = a.Act(ctx, h, k.ID, guanjia.Command{Action: guanjia.ActionFeedback, Note: "已安排人员到场处置，预计明天完成。"})
				c.Set(now.Add(-26 * time.Hour))
			}
		}
		supervised++
	}
	// Assignments: the leads hand their units' cases to a handler.
	c.Set(now.Add(-2 * time.Hour))
	f.Status = []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted}
	if cases, _, err = a.FindCases(ctx, guanjia.SystemActor, f); err != nil {
		return err
	}
	for i, k := range cases {
		if i%2 == 1 || k.Unit == "" {
			continue
		}
		lead, err1 := actorOf(ctx, db, "lead-"+k.Unit)
		h, err2 := actorOf(ctx, db, "handler-"+k.Unit)
		if err1 != nil || err2 != nil {
			continue
		}
		_, _ = a.Act(ctx, lead, k.ID, guanjia.Command{Action: guanjia.ActionAssign, Handler: h.UserID})
	}
	// An extension asked for a date that has passed, unanswered.
	for _, k := range cases {
		if k.Status != guanjia.StatusAccepted || k.PendingExtension != nil || k.ResolveDueAt == nil ||
			!k.ResolveDueAt.Before(now.Add(-3*time.Hour)) || k.ResolveDueAt.Before(now.Add(-72*time.Hour)) {
			continue
		}
		h, err := actorOf(ctx, db, "handler-"+k.Unit)
		if err != nil {
			continue
		}
		c.Set(k.ResolveDueAt.Add(-2 * time.Hour))
		if _, err := a.Act(ctx, h, k.ID, guanjia.Command{Action: guanjia.ActionExtend, Until: k.ResolveDueAt.Add(time.Hour),
			Reason: "需要等配件到货。"}); err == nil {
			break
		}
	}
	c.Set(now)
	_, err = a.Sweep(ctx)
	return err
}
