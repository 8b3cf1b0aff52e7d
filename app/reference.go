package app

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/calendar"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// loadCalendar returns the county's calendar (the built-in one with the
// county's days) and, for each town with days of its own, the county's
// with the town's days over it.
func (a *App) loadCalendar(ctx context.Context) (*calendar.Calendar, map[string]*calendar.Calendar, error) {
	days, err := a.db.CalendarDays(ctx)
	if err != nil {
		return nil, nil, err
	}
	byTown := map[string][]calendar.Day{}
	for _, d := range days {
		byTown[d.Jurisdiction] = append(byTown[d.Jurisdiction], calendar.Day{Date: d.Date, Kind: d.Kind, Name: d.Name})
	}
	county, err := calendar.Default().With(byTown[""])
	if err != nil {
		return nil, nil, err
	}
	towns := map[string]*calendar.Calendar{}
	for town, ds := range byTown {
		if town == "" {
			continue
		}
		if towns[town], err = county.With(ds); err != nil {
			return nil, nil, fmt.Errorf("calendar of %s: %w", town, err)
		}
	}
	return county, towns, nil
}

// Jurisdictions returns the towns (and the counties above them) this
// instance serves, from the reference data in memory: every Open311
// request asks.
func (a *App) Jurisdictions(ctx context.Context) ([]guanjia.Jurisdiction, error) {
	return slices.Clone(a.ref.Load().jurisdictionList), nil
}

// Categories returns the whole catalogue, inactive categories included,
// from the reference data in memory: every Open311 request asks.
func (a *App) Categories(ctx context.Context) ([]guanjia.Category, error) {
	return slices.Clone(a.ref.Load().categoryList), nil
}

// Units returns every unit.
func (a *App) Units(ctx context.Context) ([]guanjia.Unit, error) {
	return a.db.Units(ctx)
}

// Villages returns every village and community.
func (a *App) Villages(ctx context.Context) ([]guanjia.Village, error) {
	return a.db.Villages(ctx)
}

// Grids returns every grid with its geometry.
func (a *App) Grids(ctx context.Context) ([]guanjia.Grid, error) {
	return a.db.Grids(ctx)
}

// Rules returns the routing rules.
func (a *App) Rules(ctx context.Context) ([]guanjia.Rule, error) {
	return a.db.Rules(ctx)
}

// Category returns an active category from the cache.
func (a *App) Category(code string) (*guanjia.Category, bool) {
	c, ok := a.ref.Load().categories[code]
	return c, ok && c.Active
}

// Unit returns a unit from the cache.
func (a *App) Unit(code string) (*guanjia.Unit, bool) {
	u, ok := a.ref.Load().units[code]
	return u, ok
}

// Route returns the unit a category at a place is routed to, if any rule matches.
func (a *App) Route(category, grid, village, jurisdiction string) (string, bool) {
	return guanjia.Route(a.ref.Load().rules, category, grid, village, jurisdiction)
}

// ImportGrids reads a GeoJSON FeatureCollection of grids and stores them
// (replacing grids with the same codes), all or nothing. Each grid's village
// must exist.
func (a *App) ImportGrids(ctx context.Context, actor guanjia.Actor, r io.Reader) (int, error) {
	if !guanjia.MayEditReference(actor) {
		return 0, guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may import grids.")
	}
	grids, err := geo.DecodeGrids(r, 64<<20)
	if err != nil {
		return 0, err
	}
	if err := a.mayImportGrids(ctx, actor, grids); err != nil {
		return 0, err
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		before, after := gridImport{}, gridImport{}
		for i := range grids {
			g := &grids[i]
			g.Jurisdiction = a.ref.Load().villages[g.Village].Jurisdiction
			if old, err := tx.GetGrid(ctx, g.Code); err == nil {
				before.add(old)
			} else if guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
				return err
			}
			if err := tx.PutGrid(ctx, g); err != nil {
				return err
			}
			after.add(g)
		}
		return a.audit(ctx, tx, actor, guanjia.AuditGrid, "import", after.id(), after.town(), before.orNil(), after)
	})
	if err != nil {
		return 0, fmt.Errorf("import grids: %w", err)
	}
	return len(grids), a.Reload(ctx)
}

// mayImportGrids checks that every grid's village exists and that actor
// may edit the grids of its town, and of the town of the grid it replaces.
func (a *App) mayImportGrids(ctx context.Context, actor guanjia.Actor, grids []guanjia.Grid) error {
	ref := a.ref.Load()
	old, err := a.db.Grids(ctx)
	if err != nil {
		return err
	}
	towns := make(map[string]string, len(old))
	for _, g := range old {
		towns[g.Code] = g.Jurisdiction
	}
	for _, g := range grids {
		v, ok := ref.villages[g.Village]
		if !ok {
			return guanjia.Errorf(guanjia.EUNPROCESSABLE, "Grid %s names village %q, which does not exist.", g.Code, g.Village)
		}
		if err := ref.tree.MayEdit(actor, v.Jurisdiction); err != nil {
			return fmt.Errorf("grid %s: %w", g.Code, err)
		}
		if town, ok := towns[g.Code]; ok {
			if err := ref.tree.MayEdit(actor, town); err != nil {
				return fmt.Errorf("grid %s: %w", g.Code, err)
			}
		}
	}
	return nil
}

// PutCategory creates or replaces a category of the county's catalogue:
// administrators of the county (a town sets its own priority and time
// limits with PutCategoryOverride).
func (a *App) PutCategory(ctx context.Context, actor guanjia.Actor, c *guanjia.Category) error {
	if !guanjia.MayEditReference(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit categories.")
	}
	if err := a.ref.Load().tree.MayEdit(actor, ""); err != nil {
		return err
	}
	if err := validateCategory(c); err != nil {
		return err
	}
	var old *guanjia.Category
	if o, ok := a.ref.Load().categories[c.Code]; ok {
		cp := *o
		old = &cp
	}
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.PutCategory(ctx, c); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditCategory, verb(old != nil), c.Code, "", old, c)
	})
	if err != nil {
		return err
	}
	return a.Reload(ctx)
}

// verb names a put in the audit log: an update of what existed, else a
// creation.
func verb(existed bool) string {
	if existed {
		return "update"
	}
	return "create"
}

func validateCategory(c *guanjia.Category) error {
	switch {
	case !validCode(c.Code):
		return guanjia.FieldErrorf(guanjia.EINVALID, "code", "A code is 1 to 64 letters, digits, '-' or '_'.")
	case c.NameZH == "" || c.NameEN == "":
		return guanjia.FieldErrorf(guanjia.EINVALID, "name_zh", "A category needs a Chinese and an English name.")
	case c.SignLimit.N <= 0 || c.ResolveLimit.N <= 0:
		return guanjia.FieldErrorf(guanjia.EINVALID, "sign_limit", "A category needs a sign-for limit and a resolve limit.")
	case c.Priority < 1 || c.Priority > 4:
		return guanjia.FieldErrorf(guanjia.EINVALID, "priority", "Priority is 1 (urgent) to 4 (low).")
	}
	limits := []guanjia.Limit{c.SignLimit, c.ResolveLimit}
	if c.TriageLimit.N != 0 { // zero: the default for the priority (Category.Triage)
		limits = append(limits, c.TriageLimit)
	}
	if c.ReferAfter.N != 0 { // zero: never referred by the sweep
		limits = append(limits, c.ReferAfter)
	}
	for _, l := range limits {
		if _, err := guanjia.ParseLimit(l.String()); err != nil {
			return err
		}
	}
	return nil
}

func validCode(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// PutRule creates or replaces a routing rule: administrators of the
// county any rule, a town's the rules whose area lies in their town. A
// change made against an older version of the rule is refused
// (ECONFLICT).
func (a *App) PutRule(ctx context.Context, actor guanjia.Actor, r *guanjia.Rule) error {
	if !guanjia.MayEditReference(actor) {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may edit routing rules.")
	}
	ref := a.ref.Load()
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		town, old, err := a.mayEditRule(ctx, tx, actor, r)
		if err != nil {
			return err
		}
		if _, ok := ref.categories[r.Category]; !ok {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "category", "There is no category %q.", r.Category)
		}
		if u, ok := ref.units[r.Unit]; !ok || !unitServes(ref, u, town) {
			return guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "unit", "There is no unit %q.", r.Unit)
		}
		if err := tx.PutRule(ctx, r); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditRule, verb(old != nil), itoa(r.ID), town, old, r)
	})
	if err != nil {
		return err
	}
	return a.Reload(ctx)
}

// CalendarDays returns the county's holidays and make-up working days,
// built-in and edited, sorted by date.
func (a *App) CalendarDays() []calendar.Day { return a.CalendarDaysIn("") }

// PutCalendarDay marks a date as a holiday or a make-up working day in the
// county's calendar, which every town follows: only administrators of the
// county may.
func (a *App) PutCalendarDay(ctx context.Context, actor guanjia.Actor, d calendar.Day) error {
	return a.PutTownCalendarDay(ctx, actor, "", d)
}
