package app

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Inheritance: the county's catalogue applies in every town, except where
// a town overrides a category's priority, time limits, referral to the
// county, automatic dispatch or being offered at all (docs/county.md).

func (a *App) loadOverrides(ctx context.Context) (map[[2]string]*guanjia.CategoryOverride, error) {
	os, err := a.db.CategoryOverrides(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[[2]string]*guanjia.CategoryOverride, len(os))
	for i := range os {
		out[[2]string{os[i].Jurisdiction, os[i].Category}] = &os[i]
	}
	return out, nil
}

// categoryIn returns category code as it applies in town, inactive ones
// included: the county's, with the town's override if it has one.
func (a *App) categoryIn(code, town string) (*guanjia.Category, bool) {
	r := a.ref.Load()
	c, ok := r.categories[code]
	if !ok {
		return nil, false
	}
	in := c.In(r.overrides[[2]string{town, code}])
	return &in, true
}

// CategoryIn returns an active category as it applies in town.
func (a *App) CategoryIn(code, town string) (*guanjia.Category, bool) {
	c, ok := a.categoryIn(code, town)
	return c, ok && c.Active
}

// PutCategoryOverride sets a town's own priority, time limits, referral,
// automatic dispatch and activity for a category of the county's catalogue: administrators of the town or of the
// county.
func (a *App) PutCategoryOverride(ctx context.Context, actor guanjia.Actor, o *guanjia.CategoryOverride) error {
	if !guanjia.MayEditReference(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit categories.")
	}
	r := a.ref.Load()
	if err := r.tree.MayEdit(actor, o.Jurisdiction); err != nil {
		return err
	}
	if j, ok := r.jurisdictions[o.Jurisdiction]; !ok || !j.IsTown() || !r.tree.Reaches(actor.Jurisdiction, o.Jurisdiction) {
		return guanjia.FieldErrorf(guanjia.EINVALID, "jurisdiction", "There is no town %q.", o.Jurisdiction)
	}
	if _, ok := r.categories[o.Category]; !ok {
		return guanjia.FieldErrorf(guanjia.EINVALID, "category", "There is no category %q.", o.Category)
	}
	if o.Priority < 0 || o.Priority > 4 {
		return guanjia.FieldErrorf(guanjia.EINVALID, "priority", "Priority is 1 (urgent) to 4 (low).")
	}
	for _, l := range []guanjia.Limit{o.SignLimit, o.ResolveLimit, o.TriageLimit, o.ReferAfter} {
		if l.N == 0 {
			continue // inherited
		}
		if _, err := guanjia.ParseLimit(l.String()); err != nil {
			return err
		}
	}
	old := a.ref.Load().overrides[[2]string{o.Jurisdiction, o.Category}]
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.PutCategoryOverride(ctx, o); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditOverride, verb(old != nil), o.Jurisdiction+"/"+o.Category, o.Jurisdiction, old, o)
	})
	if err != nil {
		return err
	}
	return a.Reload(ctx)
}

// TownCategory is a category of the county's catalogue beside the same
// category as it applies in a town, with the town's own settings.
type TownCategory struct {
	County   guanjia.Category
	InTown   guanjia.Category
	Override *guanjia.CategoryOverride // nil: the town inherits everything
}

// TownCategories returns the catalogue as it applies in town, for the
// administrators who may override it there (the town's and the county's):
// EFORBIDDEN to others, ENOTFOUND for another town.
func (a *App) TownCategories(actor guanjia.Actor, town string) ([]TownCategory, error) {
	r := a.ref.Load()
	if err := r.tree.MayEdit(actor, town); err != nil {
		return nil, err
	}
	if j, ok := r.jurisdictions[town]; !ok || !j.IsTown() {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "jurisdiction", "There is no town %q.", town)
	}
	out := make([]TownCategory, 0, len(r.categoryList))
	for _, c := range r.categoryList {
		o := r.overrides[[2]string{town, c.Code}]
		out = append(out, TownCategory{County: c, InTown: c.In(o), Override: o})
	}
	return out, nil
}
