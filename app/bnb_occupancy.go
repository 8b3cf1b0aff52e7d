package app

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Nightly occupancy of B&Bs and the visitor load it adds up to. An owner
// reports their own B&Bs' nights; the staff who keep a B&B may too; the
// town's command center uploads many at once (the association's CSV),
// all or nothing. The load per village and night is guests over the beds
// of the operating B&Bs.

// ReportNight stores one night of a B&B, replacing an earlier report of
// that night (the replaced one is kept in the history). It reports
// whether it replaced one. Who may not see the B&B gets not found.
func (a *App) ReportNight(ctx context.Context, actor guanjia.Actor, n *guanjia.BnBNight) (replaced bool, err error) {
	if err := signedIn(actor); err != nil {
		return false, err
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		b, err := tx.GetBnB(ctx, n.BnBID)
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && !a.maySeeBnB(actor, b)) {
			return errNoBnB(n.BnBID)
		} else if err != nil {
			return err
		}
		if !guanjia.MayReportNight(actor, b, a.committeeVillage(actor), a.Reaches(actor.Jurisdiction, b.Jurisdiction)) {
			return guanjia.Errorf(guanjia.EFORBIDDEN, "Leaders read the occupancy; they do not report it.")
		}
		if err := guanjia.CheckNight(b, n, a.now()); err != nil {
			return err
		}
		n.ReportedBy, n.ReportedAt, n.Source = actor.UserID, a.now(), guanjia.NightByStaff
		if actor.Role == guanjia.RoleOwner {
			n.Source = guanjia.NightByOwner
		}
		old, err := tx.PutNight(ctx, n)
		replaced = old != nil
		return err
	})
	if err == nil {
		a.notifyChanged() // the load alerts look again
	}
	return replaced, err
}

// UploadNights stores many B&Bs' nights at once, all or nothing: when any
// row is wrong (no such B&B in the actor's town, a night or number out of
// range) nothing is stored and every wrong row is returned with its line.
func (a *App) UploadNights(ctx context.Context, actor guanjia.Actor, rows []guanjia.NightRow) (int, []guanjia.RowError, error) {
	if !guanjia.MayUploadNights(actor) {
		return 0, nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center uploads occupancy in bulk.")
	}
	if len(rows) == 0 {
		return 0, nil, guanjia.FieldErrorf(guanjia.EINVALID, "file", "The file has no rows.")
	}
	var bad []guanjia.RowError
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		bnbs := map[int64]*guanjia.BnB{}
		nights := make([]guanjia.BnBNight, len(rows))
		for i, r := range rows {
			b, ok := bnbs[r.BnBID]
			if !ok {
				var err error
				b, err = tx.GetBnB(ctx, r.BnBID)
				if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && !a.maySeeBnB(actor, b)) {
					b = nil
				} else if err != nil {
					return err
				}
				bnbs[r.BnBID] = b
			}
			if b == nil {
				bad = append(bad, guanjia.RowErrorf(r.Line, "bnb_id", "There is no B&B %d in your town.", r.BnBID))
				continue
			}
			nights[i] = guanjia.BnBNight{BnBID: r.BnBID, Night: r.Night, Rooms: r.Rooms, Guests: r.Guests}
			if err := guanjia.CheckNight(b, &nights[i], a.now()); err != nil {
				bad = append(bad, guanjia.RowErrorOf(r.Line, err))
			}
		}
		if len(bad) > 0 {
			return nil // nothing written
		}
		for i := range nights {
			nights[i].ReportedBy, nights[i].ReportedAt, nights[i].Source = actor.UserID, a.now(), guanjia.NightByCSV
			if _, err := tx.PutNight(ctx, &nights[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(bad) > 0 {
		return 0, bad, err
	}
	a.notifyChanged()
	return len(rows), nil, nil
}

// Nights returns a B&B's reported nights in from..to (YYYY-MM-DD), to who
// may see the B&B.
func (a *App) Nights(ctx context.Context, actor guanjia.Actor, bnbID int64, from, to string) ([]guanjia.BnBNight, error) {
	if _, err := a.BnB(ctx, actor, bnbID); err != nil {
		return nil, err
	}
	return a.db.Nights(ctx, bnbID, from, to)
}

// VillageLoads is the visitor load of town's villages on a night, and the
// town's (the entry with Village ""), for the staff: the command center
// and the wall screen. A town's staff see their own town ("" picks it).
func (a *App) VillageLoads(ctx context.Context, actor guanjia.Actor, town, night string) ([]guanjia.VillageLoad, error) {
	if !guanjia.MayWatchLoad(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the staff see the visitor load.")
	}
	if t := a.townFilter(actor); t != "" || town == "" {
		if t == "" {
			t = a.onlyTown()
		}
		town = t
	}
	if town == "" || !a.Reaches(actor.Jurisdiction, town) {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Choose a town.")
	}
	if night == "" {
		night = guanjia.Tonight(a.now())
	} else if _, err := guanjia.ParseNight(night); err != nil {
		return nil, err
	}
	loads, err := a.VisitorLoad(ctx, town, nil, night, night)
	if err != nil {
		return nil, err
	}
	return append(loads, townLoad(town, night, loads)), nil
}

// VisitorLoad is the visitor load of town's villages (every village when
// villages is nil) for each night from..to (YYYY-MM-DD, inclusive), by
// night and village: what the events module reads to size a festival's
// crowd. Villages with no operating B&B are left out.
func (a *App) VisitorLoad(ctx context.Context, town string, villages []string, from, to string) ([]guanjia.VillageLoad, error) {
	f, err := guanjia.ParseNight(from)
	if err != nil {
		return nil, err
	}
	t, err := guanjia.ParseNight(to)
	if err != nil {
		return nil, err
	}
	if t.Before(f) || t.Sub(f) > 400*24*time.Hour {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "to", "Give at most a year of nights, the last after the first.")
	}
	caps, err := a.db.BnBCapacity(ctx, town)
	if err != nil {
		return nil, err
	}
	sums, err := a.db.NightSums(ctx, town, from, to)
	if err != nil {
		return nil, err
	}
	limits, err := a.db.LoadThresholds(ctx, town)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, v := range villages {
		want[v] = true
	}
	got := map[string]store.NightSum{}
	for _, s := range sums {
		got[s.Village+"|"+s.Night] = s
	}
	var out []guanjia.VillageLoad
	for d := f; !d.After(t); d = d.AddDate(0, 0, 1) {
		night := d.Format(guanjia.NightLayout)
		for _, c := range caps {
			if villages != nil && !want[c.Village] {
				continue
			}
			s := got[c.Village+"|"+night]
			out = append(out, guanjia.VillageLoad{Jurisdiction: town, Village: c.Village, Night: night, BnBs: c.BnBs,
				Reported: s.Reported, Beds: c.Beds, Rooms: c.Rooms, RoomsTaken: s.Rooms, Guests: s.Guests,
				Threshold: loadThreshold(limits, c.Village)})
		}
	}
	return out, nil
}

// loadThreshold is a village's threshold: its own, else its town's, else the default.
func loadThreshold(limits map[string]int, village string) int {
	if p, ok := limits[village]; ok {
		return p
	}
	if p, ok := limits[""]; ok {
		return p
	}
	return guanjia.DefaultLoadThreshold
}

// townLoad sums the villages' loads of one night into the town's.
func townLoad(town, night string, loads []guanjia.VillageLoad) guanjia.VillageLoad {
	t := guanjia.VillageLoad{Jurisdiction: town, Night: night}
	for _, l := range loads {
		t.BnBs, t.Reported, t.Beds, t.Rooms, t.RoomsTaken, t.Guests = t.BnBs+l.BnBs, t.Reported+l.Reported, t.Beds+l.Beds,
			t.Rooms+l.Rooms, t.RoomsTaken+l.RoomsTaken, t.Guests+l.Guests
	}
	return t
}

// LoadThresholds returns town's thresholds by village ("" the town's own).
func (a *App) LoadThresholds(ctx context.Context, actor guanjia.Actor, town string) (map[string]int, error) {
	if !guanjia.MayWatchLoad(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the staff see the visitor load.")
	}
	return a.db.LoadThresholds(ctx, town)
}

// SetLoadThreshold sets the load (percent of beds) past which a village
// of the actor's town (or, with village "", any village of it without its
// own) raises an alert; 0 removes the setting.
func (a *App) SetLoadThreshold(ctx context.Context, actor guanjia.Actor, village string, threshold int) error {
	if !guanjia.MaySetLoadThreshold(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center sets the load thresholds.")
	}
	town := actor.Jurisdiction
	if village != "" {
		v := a.ref.Load().villages[village]
		if v == nil || !a.Reaches(actor.Jurisdiction, v.Jurisdiction) {
			return guanjia.FieldErrorf(guanjia.EINVALID, "village", "There is no such village in your town.")
		}
		town = v.Jurisdiction
	}
	if threshold != 0 {
		if err := guanjia.CheckLoadThreshold(threshold); err != nil {
			return err
		}
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.SetLoadThreshold(ctx, town, village, threshold); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditBnBLoad, "set", village, town, nil, map[string]int{"threshold": threshold})
	})
}
