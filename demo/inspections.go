package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// Demo inspections: the association as a unit, the inspection rounds, an
// inspector of each authority, and (with the history) a year of
// inspections through the real use cases with the clock held at each
// step: failed items become rectifications the owners fix and the
// inspectors verify; the recent ones are still open, some overdue.

// demoRounds are the rounds: fire and public security twice a year,
// hygiene and food once, the association's peer round once for members.
var demoRounds = []guanjia.InspectionRound{
	{Kind: guanjia.InspectFire, Unit: "fire", EveryDays: 182},
	{Kind: guanjia.InspectSecurity, Unit: "police", EveryDays: 182},
	{Kind: guanjia.InspectHygiene, Unit: "market", EveryDays: 365},
	{Kind: guanjia.InspectFood, Unit: "market", EveryDays: 365},
	{Kind: guanjia.InspectPeer, Unit: "bnb-assoc", EveryDays: 365, MembersOnly: true},
}

// demoInspectors are the inspectors' accounts, one per unit of a round.
var demoInspectors = []guanjia.User{
	{Username: "inspector", Name: "钱卫东（消防监督员）", Unit: "fire"},
	{Username: "inspector-police", Name: "孙立新（派出所民警）", Unit: "police"},
	{Username: "inspector-market", Name: "周晓燕（市场监管）", Unit: "market"},
	{Username: "inspector-peer", Name: "吴建国（民宿协会）", Unit: "bnb-assoc"},
}

// seedInspectors adds the association's unit, the rounds and the
// inspectors, and returns the fire inspector's account.
func seedInspectors(ctx context.Context, a *app.App, db *store.DB) (Account, error) {
	ref, err := db.GetUserByUsername(ctx, "resident")
	if err != nil {
		return Account{}, err
	}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		// The association handles no cases: it is kept inactive, so nothing is dispatched to it.
		assoc := guanjia.Unit{Code: "bnb-assoc", NameZH: "乌镇民宿协会", NameEN: "Wuzhen B&B Association", Kind: guanjia.UnitDepartment,
			Jurisdiction: Town.Code}
		if err := tx.PutUnit(ctx, &assoc); err != nil {
			return err
		}
		for _, r := range demoRounds {
			if err := tx.PutInspectionRound(ctx, r); err != nil {
				return err
			}
		}
		for _, u := range demoInspectors {
			u.Role, u.Jurisdiction, u.PasswordHash, u.CreatedAt = guanjia.RoleInspector, Town.Code, ref.PasswordHash, a.Now()
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Account{}, err
	}
	u := demoInspectors[0]
	// The banner lists the accounts without a unit: the fire inspector is one of them there.
	return Account{Username: u.Username, Role: guanjia.RoleInspector, Name: u.Name}, a.Reload(ctx)
}

// seedInspectionHistory writes a year of inspections of every operating
// B&B, ending at opts.Now.
func seedInspectionHistory(ctx context.Context, a *app.App, db *store.DB, opts Options) error {
	defer opts.Clock.Release()
	r := rand.New(rand.NewPCG(uint64(opts.Seed), 140))
	inspectors := map[string]guanjia.Actor{}
	for _, u := range demoInspectors {
		x, err := db.GetUserByUsername(ctx, u.Username)
		if err != nil {
			return err
		}
		inspectors[u.Unit] = guanjia.ActorOf(x)
	}
	bs, err := db.BnBs(ctx, guanjia.BnBFilter{Jurisdiction: Town.Code, Status: guanjia.BnBOperating})
	if err != nil {
		return err
	}
	lists := map[string]*guanjia.Checklist{}
	for _, r := range demoRounds {
		if lists[r.Kind], err = db.Checklist(ctx, r.Kind, 0); err != nil {
			return err
		}
	}
	now := opts.Now
	err = db.Tx(ctx, func(tx *store.Tx) error { // guests' ratings, imported from the platforms, for most B&Bs
		for _, b := range bs {
			if r.IntN(10) < 7 {
				g := guanjia.GuestRating{BnBID: b.ID, Average: 3.6 + float64(r.IntN(14))/10, Count: 5 + r.IntN(400),
					Source: []string{"携程", "美团", "飞猪"}[r.IntN(3)], UpdatedAt: now}
				if err := tx.PutRating(ctx, &g); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, b := range bs {
		if opts.Days < 60 && i%50 != 0 {
			continue // a short history (the tests' seed) inspects one B&B in fifty: the year costs time
		}
		owner, err := db.GetUser(ctx, b.OwnerID)
		if err != nil {
			return err
		}
		for _, round := range demoRounds {
			if !guanjia.RoundApplies(round, b) {
				continue
			}
			// The last visit falls within the interval, or (one B&B in
			// eight) before it: those are overdue now.
			last := now.Add(-time.Duration(r.IntN(round.EveryDays*24)) * time.Hour)
			if r.IntN(8) == 0 {
				last = now.AddDate(0, 0, -round.EveryDays-5-r.IntN(40))
			}
			for at := last; now.Sub(at) < 365*24*time.Hour; at = at.AddDate(0, 0, -round.EveryDays) {
				if err := demoInspect(ctx, a, r, inspectors[round.Unit], guanjia.ActorOf(owner), b, lists[round.Kind], at, now, opts.Clock); err != nil {
					return fmt.Errorf("demo inspection of B&B %d: %w", b.ID, err)
				}
			}
		}
	}
	return nil
}

// demoInspect inspects b at at: one item in twelve fails; the owner signs
// for each rectification within a day and fixes most in time; the
// inspector re-inspects a few days later. Steps after now do not happen.
func demoInspect(ctx context.Context, a *app.App, r *rand.Rand, inspector, owner guanjia.Actor, b *guanjia.BnB,
	cl *guanjia.Checklist, at, now time.Time, clock *Clock) error {
	in := guanjia.InspectionInput{Kind: cl.Kind, Version: cl.Version}
	for _, it := range cl.Items {
		res := guanjia.ItemPass
		switch n := r.IntN(24); {
		case n < 2:
			res = guanjia.ItemFail
		case n == 2:
			res = guanjia.ItemNA
		}
		ir := guanjia.ItemResult{Code: it.Code, Result: res}
		if res == guanjia.ItemFail {
			ir.Note = demoFaults[r.IntN(len(demoFaults))]
		}
		in.Results = append(in.Results, ir)
	}
	clock.Set(at)
	x, err := a.Inspect(ctx, inspector, b.ID, in)
	if err != nil {
		return err
	}
	for _, res := range x.Results {
		if res.Case == 0 {
			continue
		}
		signed := at.Add(time.Duration(2+r.IntN(30)) * time.Hour)
		if signed.After(now) {
			continue
		}
		clock.Set(signed)
		if _, err := a.Act(ctx, owner, res.Case, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			return err
		}
		fixed := signed.Add(time.Duration(1+r.IntN(24*20)) * time.Hour) // a few are late
		if fixed.After(now) || r.IntN(12) == 0 {                        // and some owners never get round to it: overdue
			continue
		}
		clock.Set(fixed)
		if _, err := a.Act(ctx, owner, res.Case, guanjia.Command{Action: guanjia.ActionResolve, Note: "已整改：" + res.Note}); err != nil {
			return err
		}
		checked := fixed.Add(time.Duration(4+r.IntN(72)) * time.Hour)
		if checked.After(now) {
			continue
		}
		clock.Set(checked)
		if _, err := a.Reinspect(ctx, inspector, res.Case, true, "复查合格", nil); err != nil {
			return err
		}
	}
	return nil
}

// demoFaults are the notes of failed items.
var demoFaults = []string{"二楼灭火器压力不足。", "走廊感烟探测器无电池。", "后门堆放杂物，疏散通道不畅。", "厨房电线私拉乱接。",
	"燃气报警器未通电。", "有住客未登记。", "门口监控画面缺失。", "布草消毒记录不全。", "冰箱内有过期食品。", "房价未公示。"}
