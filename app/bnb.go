package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// B&Bs (民宿): the registry. An owner keeps their own B&Bs; a town's
// staff (the command center, leaders, administrators and each village's
// committee for its village) see the town's; the county's staff every
// town's; the public a directory of the operating ones.

// errNoBnB is what anyone who may not see a B&B gets: not found.
func errNoBnB(id int64) error { return guanjia.Errorf(guanjia.ENOTFOUND, "B&B %d not found.", id) }

// maySeeBnB and mayEditBnB apply the rules of guanjia with what the app knows.
func (a *App) maySeeBnB(actor guanjia.Actor, b *guanjia.BnB) bool {
	return guanjia.MaySeeBnB(actor, b, a.committeeVillage(actor), a.Reaches(actor.Jurisdiction, b.Jurisdiction))
}

func (a *App) mayEditBnB(actor guanjia.Actor, b *guanjia.BnB) bool {
	return guanjia.MayEditBnB(actor, b, a.committeeVillage(actor), a.Reaches(actor.Jurisdiction, b.Jurisdiction))
}

// BnB returns a B&B to who may see it; others get not found.
func (a *App) BnB(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.BnB, error) {
	b, err := a.db.GetBnB(ctx, id)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && !a.maySeeBnB(actor, b)) {
		return nil, errNoBnB(id)
	} else if err != nil {
		return nil, err
	}
	return b, nil
}

// BnBs lists the B&Bs actor sees, narrowed by f: an owner their own, a
// committee its village's, a town's staff the town's, the county's staff
// every town's. Other units' staff are refused.
func (a *App) BnBs(ctx context.Context, actor guanjia.Actor, f guanjia.BnBFilter) ([]*guanjia.BnB, error) {
	switch actor.Role {
	case guanjia.RoleOwner:
		if err := signedIn(actor); err != nil {
			return nil, err
		}
		f.OwnerID = actor.UserID
	case guanjia.RoleHandler, guanjia.RoleUnitLead:
		v := a.committeeVillage(actor)
		if v == "" {
			return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center and the village committees see the B&Bs.")
		}
		f.Village = v
	case guanjia.RoleDispatcher, guanjia.RoleLeader, guanjia.RoleAdmin, guanjia.RoleSystem:
	default:
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only owners and the staff see the B&B registry.")
	}
	if a.Confined(actor) {
		f.Jurisdiction = actor.Jurisdiction
	}
	bs, err := a.db.BnBs(ctx, f)
	if err != nil {
		return nil, err
	}
	out := bs[:0]
	for _, b := range bs {
		if a.maySeeBnB(actor, b) {
			out = append(out, b)
		}
	}
	return out, nil
}

// PublicBnBs is the public directory: the operating B&Bs of town (every
// town's if ""), with nothing of their owners.
func (a *App) PublicBnBs(ctx context.Context, town string) ([]guanjia.PublicBnB, error) {
	bs, err := a.db.BnBs(ctx, guanjia.BnBFilter{Jurisdiction: town, Status: guanjia.BnBOperating})
	if err != nil {
		return nil, err
	}
	out := make([]guanjia.PublicBnB, len(bs))
	for i, b := range bs {
		out[i] = b.Public()
	}
	return out, nil
}

// CreateBnB registers a B&B: an owner registers their own (operating, no
// grade); the staff register one for an owner of the town (b.OwnerID).
// The point places it in its town, village and grid.
func (a *App) CreateBnB(ctx context.Context, actor guanjia.Actor, b *guanjia.BnB) error {
	if err := signedIn(actor); err != nil {
		return err
	}
	if !guanjia.MaySetBnBStanding(actor) {
		b.OwnerID, b.Grade, b.ZJGrade, b.Member, b.Status = actor.UserID, "", "", false, guanjia.BnBOperating
	}
	if err := a.placeBnB(ctx, actor, b); err != nil {
		return err
	}
	b.ID, b.LastInspect, b.CreatedAt, b.UpdatedAt = 0, nil, a.now(), a.now()
	if !a.mayEditBnB(actor, b) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "You may register B&Bs only in your own town or village.")
	}
	if err := a.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateBnB(ctx, b) }); err != nil {
		return fmt.Errorf("create B&B: %w", err)
	}
	return nil
}

// UpdateBnB changes B&B b.ID to b: its owner may change its name,
// address, place, size and licences; the staff also its grade,
// membership, status and owner; a new owner takes over its open
// rectifications. Who may not see it gets not found.
func (a *App) UpdateBnB(ctx context.Context, actor guanjia.Actor, b *guanjia.BnB) error {
	if err := signedIn(actor); err != nil {
		return err
	}
	// A change of owner moves several cases and their figures, which can
	// deadlock on PostgreSQL with a group of new cases: the transaction
	// may run again (TxRetry), each time from what the caller sent.
	in, moved := *b, false
	err := a.db.TxRetry(ctx, func(tx *store.Tx) error {
		*b, moved = in, false
		old, err := tx.GetBnB(ctx, b.ID)
		if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && !a.maySeeBnB(actor, old)) {
			return errNoBnB(b.ID)
		} else if err != nil {
			return err
		}
		if !a.mayEditBnB(actor, old) {
			return guanjia.Errorf(guanjia.EFORBIDDEN, "Leaders read the B&B registry; they do not change it.")
		}
		if !guanjia.MaySetBnBStanding(actor) {
			b.OwnerID, b.Grade, b.ZJGrade, b.Member, b.Status = old.OwnerID, old.Grade, old.ZJGrade, old.Member, old.Status
		}
		if err := a.placeBnB(ctx, actor, b); err != nil {
			return err
		}
		if !a.mayEditBnB(actor, b) {
			return guanjia.Errorf(guanjia.EFORBIDDEN, "You may move a B&B only within your own town or village.")
		}
		b.LastInspect, b.CreatedAt, b.UpdatedAt = old.LastInspect, old.CreatedAt, a.now()
		if b.Version == 0 {
			b.Version = old.Version // no version sent: no check
		}
		if err := tx.UpdateBnB(ctx, b); err != nil || b.OwnerID == old.OwnerID {
			return err
		}
		moved = true
		return a.moveRectifications(ctx, tx, b, old.OwnerID)
	})
	if err == nil && moved {
		a.notifyChanged()
	}
	return err
}

// placeBnB checks b and fills its town, village and grid from its point,
// and checks its owner.
func (a *App) placeBnB(ctx context.Context, actor guanjia.Actor, b *guanjia.BnB) error {
	if err := guanjia.CheckBnB(b); err != nil {
		return err
	}
	if b.Lat < -90 || b.Lat > 90 || b.Lng < -180 || b.Lng > 180 || (b.Lat == 0 && b.Lng == 0) {
		return guanjia.FieldErrorf(guanjia.EINVALID, "lat", "Give the B&B's place on the map.")
	}
	b.Grid, b.Village, b.Jurisdiction = a.Locate(b.Lat, b.Lng)
	if b.Jurisdiction == "" {
		return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "lat", "This place is outside every town served here.")
	}
	if b.OwnerID == 0 {
		return guanjia.FieldErrorf(guanjia.EINVALID, "owner_id", "Choose the B&B's owner.")
	}
	u, err := a.db.GetUser(ctx, b.OwnerID)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && (u.Role != guanjia.RoleOwner || !a.Reaches(actor.Jurisdiction, u.Jurisdiction))) {
		return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "owner_id", "The owner must be an account with the role of B&B owner.")
	}
	return err
}
