package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// Demo nights and complaints of B&Bs (with the history only): each
// operating B&B's occupancy for the last bnbNightDays nights (and tonight,
// half of them so far), higher on
// the nights before a day off (weekends, holidays) and in the autumn
// holiday week; and some of the B&B complaints of the history linked to
// the B&B nearest their point.

const bnbNightDays = 90

func seedBnBNights(ctx context.Context, a *app.App, db *store.DB) error {
	now := a.Now().In(guanjia.TownZone)
	cal := a.Calendar()
	r := rand.New(rand.NewPCG(41, 41))
	bs, err := db.BnBs(ctx, guanjia.BnBFilter{Status: guanjia.BnBOperating})
	if err != nil {
		return err
	}
	last, _ := guanjia.ParseNight(guanjia.Tonight(now))
	owner, err := db.GetUserByUsername(ctx, "owner")
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		var nights []guanjia.BnBNight
		for d := bnbNightDays; d >= 0; d-- {
			night := last.AddDate(0, 0, -d)
			busy := !cal.IsWorkday(night.AddDate(0, 0, 1)) // the night before a day off
			share := 0.45
			if busy {
				share = 0.85
			}
			for _, b := range bs {
				if r.IntN(20) == 0 || d == 0 && (b.OwnerID == owner.ID || r.IntN(2) == 0) {
					continue // not reported; tonight half have, not the demo owner, who is to try it
				}
				rooms := int(float64(b.Rooms)*(share+0.25*(r.Float64()-0.5)) + 0.5)
				rooms = max(0, min(b.Rooms, rooms))
				guests := rooms + r.IntN(rooms+1)
				guests = min(guests, 2*b.Beds)
				n := guanjia.BnBNight{BnBID: b.ID, Night: night.Format(guanjia.NightLayout), Jurisdiction: b.Jurisdiction,
					Village: b.Village, Rooms: rooms, Guests: guests, Beds: b.Beds, ReportedBy: b.OwnerID,
					Source: guanjia.NightByOwner, ReportedAt: minTime(night.Add(21*time.Hour), now)}
				nights = append(nights, n)
			}
		}
		if err := tx.InsertNights(ctx, nights); err != nil {
			return err
		}
		return linkDemoComplaints(ctx, tx, bs)
	})
}

// linkDemoComplaints links each B&B complaint of the history to the B&B
// nearest its point, as a visitor choosing it on the form would have.
func linkDemoComplaints(ctx context.Context, tx *store.Tx, bs []*guanjia.BnB) error {
	cs, _, err := tx.FindCases(ctx, guanjia.CaseFilter{Category: []string{guanjia.BnBComplaintCategory}, Limit: 200})
	if err != nil {
		return err
	}
	for _, c := range cs {
		var best *guanjia.BnB
		bestD := 0.0
		for _, b := range bs {
			if b.Jurisdiction != c.Jurisdiction {
				continue
			}
			d := (b.Lat-c.Lat)*(b.Lat-c.Lat) + (b.Lng-c.Lng)*(b.Lng-c.Lng)
			if best == nil || d < bestD {
				best, bestD = b, d
			}
		}
		if best == nil {
			continue
		}
		if _, err := tx.LinkCaseBnB(ctx, guanjia.CaseBnB{CaseID: c.ID, BnBID: best.ID, How: guanjia.BnBLinkChosen,
			LinkedAt: c.CreatedAt}, false); err != nil {
			return err
		}
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
