package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// Investment projects: two investors, a steward, and a handful of projects
// at different stages, one with an item past its limit, and a channel with
// messages.

// demoProject is a project of the demo: its name, its investor, its place,
// and how many of its items (in order) are done, and how many working days
// ago it was opened.
type demoProject struct {
	name, investor string
	lat, lng       float64
	done, daysAgo  int
}

var demoProjects = []demoProject{
	{"乌镇互联网数据中心二期", "investor", 30.7530, 120.4920, 5, 14},
	{"西栅文旅综合体", "investor", 30.7470, 120.4800, 1, 12},
	{"虹桥村精品民宿集群", "investor-2", 30.7570, 120.5000, 10, 60},
	{"乌镇智能制造产业园", "investor-2", 30.7400, 120.4950, 0, 1},
}

// seedProjects creates the investors and the steward, their projects and
// a channel's messages, and returns the accounts to sign in with.
func seedProjects(ctx context.Context, a *app.App, db *store.DB) ([]Account, error) {
	ref, err := db.GetUserByUsername(ctx, "resident") // the demo password's hash
	if err != nil {
		return nil, err
	}
	now := a.Now()
	users := []*guanjia.User{
		{Username: "investor", Name: "周志远（投资方）", Role: guanjia.RoleInvestor, Phone: "13957300011"},
		{Username: "investor-2", Name: "吴佳慧（投资方）", Role: guanjia.RoleInvestor, Phone: "13957300012"},
		{Username: "steward", Name: "沈涛（项目管家）", Role: guanjia.RoleDispatcher, Phone: "13957300013"},
	}
	ids := map[string]int64{}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		for _, u := range users {
			u.PasswordHash, u.CreatedAt, u.Jurisdiction = ref.PasswordHash, now, Town.Code
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			ids[u.Username] = u.ID
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cal := a.Calendar()
	sys := guanjia.SystemActor
	var first *guanjia.Project
	for _, d := range demoProjects {
		p := &guanjia.Project{Name: d.name, Lat: d.lat, Lng: d.lng, InvestorID: ids[d.investor], StewardID: ids["steward"],
			Description: "投资项目（演示）", Address: d.name}
		if err := a.CreateProject(ctx, sys, p); err != nil {
			return nil, fmt.Errorf("demo project %s: %w", d.name, err)
		}
		if err := backdate(ctx, db, p, cal, now, d); err != nil {
			return nil, err
		}
		if first == nil {
			first = p
		}
	}
	// The first project's channel: the investor asks, the steward answers.
	inv, stw := guanjia.ActorOf(users[0]), guanjia.ActorOf(users[2])
	for _, m := range []struct {
		who  guanjia.Actor
		body string
	}{
		{inv, "施工许可证的材料已经准备好，请问还缺什么？"},
		{stw, "@周志远 材料齐全，临时用电我已联系供电所，本周内上门踏勘。"},
		{inv, "谢谢沈管家！"},
	} {
		if _, err := a.PostProjectMessage(ctx, m.who, first.ID, m.body, nil); err != nil {
			return nil, fmt.Errorf("demo channel: %w", err)
		}
	}
	return []Account{{Username: "investor", Role: guanjia.RoleInvestor, Name: users[0].Name},
		{Username: "steward", Role: guanjia.RoleDispatcher, Name: users[2].Name}}, nil
}

// backdate moves project p as if opened d.daysAgo working days ago with its
// first d.done items done, each in half its limit (the second project's
// land-use permit is left past its limit).
func backdate(ctx context.Context, db *store.DB, p *guanjia.Project, cal guanjia.Calendar, now time.Time, d demoProject) error {
	start := now
	for guanjia.WorkingDaysUsed(cal, start, now) < d.daysAgo {
		start = start.AddDate(0, 0, -1)
	}
	for i := range p.Items {
		it := &p.Items[i]
		it.StartedAt, it.DoneAt = nil, nil
		if len(it.Prereqs) == 0 {
			s := start
			it.StartedAt = &s
		}
	}
	for i := range min(d.done, len(p.Items)) {
		it := &p.Items[i]
		if it.StartedAt == nil {
			break // it waits for an item later in the list
		}
		done := cal.AddWorkingDays(*it.StartedAt, max(1, it.LimitDays/2))
		if done.After(now) {
			done = now
		}
		it.DoneAt = &done
		for j := range p.Items {
			if n := &p.Items[j]; n.StartedAt == nil && p.Ready(n) {
				n.StartedAt = &done
			}
		}
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		for i := range p.Items {
			if err := tx.UpdateProjectItem(ctx, &p.Items[i]); err != nil {
				return err
			}
		}
		return nil
	})
}
