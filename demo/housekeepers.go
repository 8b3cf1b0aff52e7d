package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// The housekeepers of the demo town: a partner for rewards, records for
// the demo housekeeper accounts and, with history, a few hundred residents
// who applied and whom their committee approved (or not).

// PartnerUnit is the demo's partner of rewards: shops that take civility
// coins and hand out goods. Its staff (handler-civility-shops) check receipts.
const PartnerUnit = "civility-shops"

// Recruits is how many residents apply to be housekeepers in the history.
const Recruits = 300

var occupations = []struct {
	o      guanjia.Occupation
	weight int
}{
	{guanjia.OccupationPostman, 5}, {guanjia.OccupationCourier, 12}, {guanjia.OccupationTaxiDriver, 8},
	{guanjia.OccupationMilkCarrier, 4}, {guanjia.OccupationHomemaker, 22}, {guanjia.OccupationShopkeeper, 15},
	{guanjia.OccupationRetiree, 22}, {guanjia.OccupationCleaner, 6}, {guanjia.OccupationOther, 6},
}

func pickOccupation(r *rand.Rand) guanjia.Occupation {
	n := r.IntN(100)
	for _, x := range occupations {
		if n -= x.weight; n < 0 {
			return x.o
		}
	}
	return guanjia.OccupationOther
}

// seedPartners adds the partner unit; it takes no cases, so it is inactive.
func seedPartners(ctx context.Context, a *app.App, db *store.DB) error {
	u := guanjia.Unit{Code: PartnerUnit, NameZH: "乌镇文明商家联盟（积分兑换点）", NameEN: "Civility Shops Alliance",
		Kind: guanjia.UnitPartner, Jurisdiction: Town.Code, Phone: "0573-88731010"}
	if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.PutUnit(ctx, &u) }); err != nil {
		return err
	}
	return a.Reload(ctx)
}

// seedHousekeeperRecords gives every demo housekeeper account, made a
// housekeeper directly, the approved record an application would have led to.
func seedHousekeeperRecords(ctx context.Context, a *app.App, db *store.DB) error {
	role := guanjia.RoleHousekeeper
	users, err := db.Users(ctx, guanjia.UserFilter{Role: &role})
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(11, 5))
	now := a.Now()
	return db.Tx(ctx, func(tx *store.Tx) error {
		for _, u := range users {
			g, err := tx.GetGrid(ctx, u.Grid)
			if err != nil {
				return err
			}
			lat, lng := placeIn(r, g)
			h := &guanjia.Housekeeper{UserID: u.ID, Name: u.Name, Phone: u.Phone, Occupation: pickOccupation(r),
				Grid: g.Code, Village: g.Village, Households: 8 + r.IntN(23), Lat: lat, Lng: lng,
				Status: guanjia.HousekeeperApproved, DecidedAt: &now, CreatedAt: now, UpdatedAt: now}
			if u.Username == "housekeeper" {
				h.Occupation, h.Stairwell = guanjia.OccupationCourier, "子夜路 8 号楼 2 单元"
			}
			if err := tx.CreateHousekeeper(ctx, h); err != nil {
				return err
			}
		}
		return nil
	})
}

// placeIn returns a point near the centre of a grid, where its housekeeper lives.
func placeIn(r *rand.Rand, g *guanjia.Grid) (float64, float64) {
	lat, lng, err := geo.Centre(g.Geometry)
	if err != nil {
		return 0, 0
	}
	return lat + r.NormFloat64()*0.0008, lng + r.NormFloat64()*0.0008
}

// recruit has Recruits residents apply over the weeks before the history
// starts, and the lead of their village's committee decide: most are
// approved, some declined, a few still pending, and a few approved and
// later suspended. All goes through the app, as on the phone pages.
func recruit(ctx context.Context, a *app.App, db *store.DB, opts Options) error {
	r := rand.New(rand.NewPCG(uint64(opts.Seed), 55))
	leads, err := committeeLeads(ctx, a, db)
	if err != nil {
		return err
	}
	grids, err := a.Grids(ctx)
	if err != nil {
		return err
	}
	applicants, err := newApplicants(ctx, a, db, r)
	if err != nil {
		return err
	}
	start := opts.Now.AddDate(0, 0, -opts.Days-60)
	for i, u := range applicants {
		at := start.Add(time.Duration(r.IntN(55*24)) * time.Hour)
		g := grids[r.IntN(len(grids))]
		if err := applyAndDecide(ctx, a, opts.Clock, r, u, g, leads[g.Village], at, i); err != nil {
			return fmt.Errorf("recruit %s: %w", u.Username, err)
		}
	}
	return nil
}

// newApplicants creates the residents who will apply.
func newApplicants(ctx context.Context, a *app.App, db *store.DB, r *rand.Rand) ([]*guanjia.User, error) {
	hash, err := app.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	users := make([]*guanjia.User, Recruits)
	err = db.Tx(ctx, func(tx *store.Tx) error {
		for i := range users {
			users[i] = &guanjia.User{Username: fmt.Sprintf("volunteer-%03d", i+1), Name: chineseName(r),
				Role: guanjia.RoleResident, Phone: fmt.Sprintf("137573%05d", 20000+i), PasswordHash: hash,
				Jurisdiction: Town.Code, CreatedAt: a.Now()}
			if err := tx.CreateUser(ctx, users[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return users, err
}

// applyAndDecide files one application at at and has the committee decide
// a few days later.
func applyAndDecide(ctx context.Context, a *app.App, clock *Clock, r *rand.Rand, u *guanjia.User, g guanjia.Grid, lead guanjia.Actor, at time.Time, i int) error {
	clock.Set(at)
	ap := guanjia.Application{Name: u.Name, Phone: u.Phone, Occupation: pickOccupation(r), Grid: g.Code,
		Households: 6 + r.IntN(25), Stairwell: fmt.Sprintf("%s%d号", roads[r.IntN(len(roads))], 1+r.IntN(200)),
		Note: applicationNotes[r.IntN(len(applicationNotes))]}
	h, err := a.ApplyHousekeeper(ctx, guanjia.ActorOf(u), ap)
	if err != nil {
		return err
	}
	roll := r.IntN(100)
	if roll < 5 { // still pending
		return nil
	}
	clock.Set(at.Add(time.Duration(24+r.IntN(96)) * time.Hour))
	d, reason := guanjia.DecisionApprove, ""
	if roll < 9 {
		d, reason = guanjia.DecisionDecline, "该网格管家已满额，请先参加志愿服务队。"
	}
	if _, err := a.DecideHousekeeper(ctx, lead, h.ID, d, reason); err != nil || roll < 9 || roll >= 12 {
		return err
	}
	clock.Set(at.Add(20 * 24 * time.Hour))
	_, err = a.DecideHousekeeper(ctx, lead, h.ID, guanjia.DecisionSuspend, "连续两个月未履职，暂停管家资格。")
	return err
}

var applicationNotes = []string{"每天送快递走遍这片，愿意帮忙看看。", "退休在家，时间多，想为村里出点力。",
	"开小店十几年，街坊都熟。", "早晚送奶，路上有事可以随手报。", "想给孩子做个榜样。", ""}

// committeeLeads returns, per village, the lead of its committee.
func committeeLeads(ctx context.Context, a *app.App, db *store.DB) (map[string]guanjia.Actor, error) {
	units, err := a.Units(ctx)
	if err != nil {
		return nil, err
	}
	village := map[string]string{}
	for _, u := range units {
		if u.Kind == guanjia.UnitCommittee {
			village[u.Code] = u.Village
		}
	}
	role := guanjia.RoleUnitLead
	users, err := db.Users(ctx, guanjia.UserFilter{Role: &role})
	if err != nil {
		return nil, err
	}
	out := map[string]guanjia.Actor{}
	for _, u := range users {
		if v, ok := village[u.Unit]; ok {
			out[v] = guanjia.ActorOf(u)
		}
	}
	return out, nil
}
