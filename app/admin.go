package app

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Administration across towns: the county's administrators keep the
// county-wide reference data and every town's; a town's keep their own
// town's (guanjia.Tree.MayEdit, docs/county.md).

// areaTown returns the town a routing rule's area lies in: "" for a
// county-wide rule, the town itself, or the town of the village or grid.
func (a *App) areaTown(ctx context.Context, tx *store.Tx, actor guanjia.Actor, area string) (string, error) {
	ref := a.ref.Load()
	if area == "" {
		return "", nil
	}
	if _, ok := ref.jurisdictions[area]; ok {
		return area, nil
	}
	if v, ok := ref.villages[area]; ok {
		return v.Jurisdiction, nil
	}
	g, err := tx.GetGrid(ctx, area)
	switch {
	case err == nil:
		return g.Jurisdiction, nil
	case guanjia.ErrorCode(err) != guanjia.ENOTFOUND:
		return "", err
	case ref.tree.UnderCounty(actor.Jurisdiction):
		return "", guanjia.Errorf(guanjia.ENOTFOUND, "There is no such object here.")
	}
	return "", guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "area", "There is no grid, village or town %q.", area)
}

// mayEditRule returns the town of rule r's area and the stored rule r
// replaces (nil for a new one) after checking that actor may edit the
// rules of that town and of the replaced rule's. A change sent without a
// version is made against the stored rule's.
func (a *App) mayEditRule(ctx context.Context, tx *store.Tx, actor guanjia.Actor, r *guanjia.Rule) (string, *guanjia.Rule, error) {
	ref := a.ref.Load()
	var old *guanjia.Rule
	if r.ID != 0 {
		var err error
		if old, err = tx.GetRule(ctx, r.ID); err != nil {
			return "", nil, err
		}
		town, err := a.areaTown(ctx, tx, actor, old.Area)
		if err == nil {
			err = ref.tree.MayEdit(actor, town)
		}
		if err != nil {
			return "", nil, err
		}
		if r.Version == 0 {
			r.Version = old.Version // no version sent: no check
		}
	}
	town, err := a.areaTown(ctx, tx, actor, r.Area)
	if err != nil {
		return "", nil, err
	}
	return town, old, ref.tree.MayEdit(actor, town)
}

// unitServes reports whether a rule of town may send cases to unit u: a
// unit of the town or of the county. A county-wide rule ("") may name any
// unit.
func unitServes(ref *reference, u *guanjia.Unit, town string) bool {
	return town == "" || u.Jurisdiction == "" || u.Jurisdiction == town || ref.tree.IsCounty(u.Jurisdiction)
}

// AddUser creates an account as actor: administrators of the county any
// account, a town's the accounts of their town (of its units), whose
// account is of their town when it names none.
func (a *App) AddUser(ctx context.Context, actor guanjia.Actor, u *guanjia.User, password string) error {
	ref := a.ref.Load()
	if u.Jurisdiction == "" && ref.tree.UnderCounty(actor.Jurisdiction) {
		u.Jurisdiction = actor.Jurisdiction
	}
	if err := ref.tree.MayEdit(actor, u.Jurisdiction); err != nil {
		return err
	}
	if unit, ok := ref.units[u.Unit]; ok {
		if err := ref.tree.MayEdit(actor, unit.Jurisdiction); err != nil {
			return err
		}
	}
	return a.createUser(ctx, actor, u, password)
}

// UsersFor lists the accounts actor administers: a town's administrators
// see their town's, the county's every account.
func (a *App) UsersFor(ctx context.Context, actor guanjia.Actor) ([]*guanjia.User, error) {
	if err := a.ref.Load().tree.MayEdit(actor, actor.Jurisdiction); err != nil {
		return nil, err
	}
	f := guanjia.UserFilter{Limit: 100000}
	if a.ref.Load().tree.UnderCounty(actor.Jurisdiction) {
		f.Jurisdiction = &actor.Jurisdiction
	}
	return a.db.Users(ctx, f)
}
