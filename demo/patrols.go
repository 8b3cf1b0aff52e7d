package demo

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
)

// patrolFindings are what a housekeeper finds on a walk of their grid.
var patrolFindings = []struct{ category, note string }{
	{"garbage", "河埠头有人倒了一堆装修垃圾。"},
	{"overflowing-bin", "菜场门口垃圾桶满了，没人清运。"},
	{"public-facility", "巷口路灯不亮。"},
	{"illegal-parking", "电动车停在消防通道上。"},
}

// seedPatrols has the grids' housekeepers walk their grids over the last
// four weeks: one to three patrols a week each, checking in at some of the
// grid's check-in points, now and then logging a finding, most of them
// reported as cases. The demo housekeeper's patrol of today is under way.
func (k *keeping) seedPatrols(ctx context.Context) error {
	f := guanjia.HousekeeperFilter{Status: []guanjia.HousekeeperStatus{guanjia.HousekeeperApproved}, Limit: 24}
	hs, err := k.db.Housekeepers(ctx, f)
	if err != nil {
		return err
	}
	for _, h := range hs {
		u, err := k.db.GetUser(ctx, h.UserID)
		if err != nil {
			return err
		}
		walker := guanjia.ActorOf(u)
		if walker.Grid == "" {
			continue
		}
		pts, err := k.a.PatrolPoints(walker.Grid)
		if err != nil {
			return err
		}
		for week := 4; week >= 1; week-- {
			for range 1 + k.r.IntN(3) {
				start := k.now.AddDate(0, 0, -7*week+k.r.IntN(7)).Truncate(time.Hour).Add(-time.Duration(k.r.IntN(8)) * time.Hour)
				if err := k.patrol(ctx, walker, pts, start, true); err != nil {
					return err
				}
			}
		}
	}
	keeper, err := actorOf(ctx, k.db, "housekeeper")
	if err != nil {
		return err
	}
	pts, err := k.a.PatrolPoints(keeper.Grid)
	if err != nil {
		return err
	}
	return k.patrol(ctx, keeper, pts, k.now.Add(-40*time.Minute), false)
}

// patrol walks one patrol from start: check-ins at a few points, perhaps a
// finding; it ends it when end is set.
func (k *keeping) patrol(ctx context.Context, walker guanjia.Actor, pts []guanjia.PatrolPoint, start time.Time, end bool) error {
	if !start.Before(k.now) {
		return nil
	}
	k.clock.Set(start)
	p, err := k.a.StartPatrol(ctx, walker, walker.Grid)
	if err != nil {
		return err
	}
	at := start
	for _, i := range k.r.Perm(len(pts))[:1+k.r.IntN(len(pts))] {
		at = at.Add(time.Duration(5+k.r.IntN(15)) * time.Minute)
		k.clock.Set(at)
		if _, err := k.a.PatrolCheckin(ctx, walker, p.ID, pts[i].Lat+k.jitter(), pts[i].Lng+k.jitter()); err != nil {
			return err
		}
		if k.r.IntN(6) > 0 {
			continue
		}
		what := patrolFindings[k.r.IntN(len(patrolFindings))]
		f, err := k.a.AddFinding(ctx, walker, p.ID, guanjia.PatrolFinding{Lat: pts[i].Lat, Lng: pts[i].Lng,
			Category: what.category, Note: what.note, Photos: []string{k.photo}})
		if err != nil {
			return err
		}
		if k.r.IntN(4) > 0 {
			if _, err := k.a.FindingToCase(ctx, walker, p.ID, f.ID); err != nil {
				return err
			}
		}
	}
	if !end {
		return nil
	}
	k.clock.Set(at.Add(10 * time.Minute))
	_, err = k.a.EndPatrol(ctx, walker, p.ID, "")
	return err
}

// jitter is a GPS fix's wander, about ±10 m.
func (k *keeping) jitter() float64 { return (k.r.Float64() - 0.5) * 0.0002 }
