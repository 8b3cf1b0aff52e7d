package app

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// B&B inspections: checklists (versioned by administrators), rounds, the
// inspectors' and owners' inspections, the due list. Failed items of an
// inspector's inspection become rectification cases (bnb_rectify.go).

// Checklist returns version of kind's checklist (0: the latest). Checklists
// are public: owners prepare with them.
func (a *App) Checklist(ctx context.Context, kind string, version int) (*guanjia.Checklist, error) {
	if err := guanjia.CheckText("kind", kind); err != nil {
		return nil, err
	}
	return a.db.Checklist(ctx, kind, version)
}

// SaveChecklist makes the next version of c.Kind's checklist with c's
// items: administrators. Earlier versions stay as they were, for the
// inspections that used them.
func (a *App) SaveChecklist(ctx context.Context, actor guanjia.Actor, c *guanjia.Checklist) error {
	if !guanjia.MayEditChecklist(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators edit the inspection checklists.")
	}
	if err := guanjia.CheckChecklist(c); err != nil {
		return err
	}
	c.CreatedBy, c.CreatedAt = actor.UserID, a.now()
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.AddChecklist(ctx, c); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditChecklist, "save", c.Kind+"/"+strconv.Itoa(c.Version), "", nil, c)
	})
}

// InspectionRounds returns the rounds.
func (a *App) InspectionRounds(ctx context.Context) ([]guanjia.InspectionRound, error) {
	return a.db.InspectionRounds(ctx)
}

// PutInspectionRound creates or changes a round: administrators.
func (a *App) PutInspectionRound(ctx context.Context, actor guanjia.Actor, r guanjia.InspectionRound) error {
	if !guanjia.MayEditChecklist(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators set the inspection rounds.")
	}
	if err := guanjia.CheckRound(&r); err != nil {
		return err
	}
	u, ok := a.Unit(r.Unit)
	if !ok {
		return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "unit", "There is no unit %q.", r.Unit)
	}
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.PutInspectionRound(ctx, r); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditInspectionRound, "put", r.Kind+"/"+r.Unit, u.Jurisdiction, nil, r)
	})
}

// inspectable returns B&B id to an inspector of its town (what the public
// sees of it is enough for them) or to who may see it in full; others get
// not found.
func (a *App) inspectable(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.BnB, error) {
	b, err := a.db.GetBnB(ctx, id)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		return nil, errNoBnB(id)
	} else if err != nil {
		return nil, err
	}
	if actor.Role == guanjia.RoleInspector && actor.UserID != 0 && a.Reaches(actor.Jurisdiction, b.Jurisdiction) {
		return b, nil
	}
	if !a.maySeeBnB(actor, b) {
		return nil, errNoBnB(id)
	}
	return b, nil
}

// InspectableBnB returns B&B id as inspectable says.
func (a *App) InspectableBnB(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.BnB, error) {
	return a.inspectable(ctx, actor, id)
}

// Inspect records an inspection of B&B bnbID: an inspector's for a kind of
// a round of their unit, or the owner's self-inspection. Each failed item
// of an inspector's inspection becomes a rectification case addressed to
// the owner, in the same transaction. A retry with the same client_id
// returns the inspection made the first time.
func (a *App) Inspect(ctx context.Context, actor guanjia.Actor, bnbID int64, in guanjia.InspectionInput) (*guanjia.Inspection, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	b, err := a.inspectable(ctx, actor, bnbID)
	if err != nil {
		return nil, err
	}
	self := actor.Role == guanjia.RoleOwner
	rounds, err := a.db.InspectionRounds(ctx)
	if err != nil {
		return nil, err
	}
	if !guanjia.MayInspect(actor, b, in.Kind, rounds, self) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Your unit does not inspect B&Bs for %s.", in.Kind)
	}
	if in.ClientID != "" {
		if x, err := a.db.InspectionByClient(ctx, actor.UserID, in.ClientID); err == nil && x.BnBID == bnbID {
			return x, nil
		}
	}
	cl, err := a.db.Checklist(ctx, in.Kind, in.Version)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND {
		return nil, guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "version", "The checklist has changed; reload the form.")
	} else if err != nil {
		return nil, err
	}
	results, passed, failed, err := guanjia.CheckInspection(&in, cl)
	if err != nil {
		return nil, err
	}
	for _, r := range results {
		if r.Photo != "" && !a.photoExists(r.Photo) {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "results", "Photo %s was not uploaded.", r.Photo)
		}
	}
	x := &guanjia.Inspection{BnBID: b.ID, Jurisdiction: b.Jurisdiction, Kind: cl.Kind, Version: cl.Version,
		InspectorID: actor.UserID, Inspector: actor.Name, Self: self, Results: results, Passed: passed, Failed: failed,
		ClientID: in.ClientID, At: a.now()}
	if !self {
		x.Unit = actor.Unit
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateInspection(ctx, x); err != nil {
			return err
		}
		if self || failed == 0 {
			return nil
		}
		return a.rectify(ctx, tx, actor, b, cl, x)
	})
	if err != nil {
		return nil, fmt.Errorf("inspect B&B %d: %w", bnbID, err)
	}
	a.notifyChanged()
	return x, nil
}

// Inspections returns a B&B's inspections to who may inspect or see it.
func (a *App) Inspections(ctx context.Context, actor guanjia.Actor, bnbID int64) ([]*guanjia.Inspection, error) {
	if _, err := a.inspectable(ctx, actor, bnbID); err != nil {
		return nil, err
	}
	return a.db.Inspections(ctx, bnbID, 100)
}

// DueInspections lists, for an inspector, the next inspection of each
// B&B of their town under their unit's rounds, the overdue first.
func (a *App) DueInspections(ctx context.Context, actor guanjia.Actor) ([]guanjia.DueInspection, error) {
	if actor.Role != guanjia.RoleInspector || actor.Unit == "" {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only inspectors have inspections due.")
	}
	rounds, err := a.db.InspectionRounds(ctx)
	if err != nil {
		return nil, err
	}
	town := a.townFilter(actor)
	bs, err := a.db.BnBs(ctx, guanjia.BnBFilter{Jurisdiction: town, Status: guanjia.BnBOperating})
	if err != nil {
		return nil, err
	}
	last, err := a.db.LastInspections(ctx, town)
	if err != nil {
		return nil, err
	}
	now := a.now()
	out := []guanjia.DueInspection{}
	for _, r := range rounds {
		if r.Unit != actor.Unit {
			continue
		}
		for _, b := range bs {
			if !guanjia.RoundApplies(r, b) {
				continue
			}
			var lp *time.Time
			if t, ok := last[b.ID][r.Kind]; ok {
				lp = &t
			}
			due := guanjia.NextDue(r, b.CreatedAt, lp)
			out = append(out, guanjia.DueInspection{BnBID: b.ID, BnBName: b.Name, Village: b.Village, Kind: r.Kind, Unit: r.Unit,
				Last: lp, Due: due, Overdue: now.After(due)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out, nil
}
