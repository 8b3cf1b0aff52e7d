package app

import (
	"context"

	"github.com/guanjia/guanjia"
)

// Administration across towns: the county's administrators keep the
// county-wide reference data and every town's; a town's keep their own
// town's (guanjia.Tree.MayEdit, docs/county.md).

// areaTown returns the town a routing rule's area lies in: "" for a
// county-wide rule, the town itself, or the town of the village or grid.
func (a *App) areaTown(ctx context.Context, actor guanjia.Actor, area string) (string, error) {
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
	g, err := a.db.GetGrid(ctx, area)
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

// mayEditRule returns the town of rule r's area after checking that
// actor may edit the rules of that town and, when r replaces a rule, of
// the replaced rule's town.
func (a *App) mayEditRule(ctx context.Context, actor guanjia.Actor, r *guanjia.Rule) (string, error) {
	ref := a.ref.Load()
	if r.ID != 0 {
		for _, old := range ref.rules {
			if old.ID != r.ID {
				continue
			}
			town, err := a.areaTown(ctx, actor, old.Area)
			if err == nil {
				err = ref.tree.MayEdit(actor, town)
			}
			if err != nil {
				return "", err
			}
		}
	}
	town, err := a.areaTown(ctx, actor, r.Area)
	if err != nil {
		return "", err
	}
	return town, ref.tree.MayEdit(actor, town)
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
