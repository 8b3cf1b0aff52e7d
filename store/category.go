package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/guanjia/guanjia"
)

// The service catalogue (categories) and the routing rules that send a
// category in an area to a unit.

const categoryColumns = "code, name_zh, name_en, category_group, description_zh, description_en, keywords, icon, " +
	"priority, sign_n, sign_unit, resolve_n, resolve_unit, auto_dispatch, attributes, active, sort, " +
	"triage_n, triage_unit, refer_n, refer_unit"

func scanCategory(s scanner) (guanjia.Category, error) {
	var c guanjia.Category
	err := s.Scan(&c.Code, &c.NameZH, &c.NameEN, &c.Group, &c.DescriptionZH, &c.DescriptionEN,
		jsonCol{&c.Keywords}, &c.Icon, &c.Priority, &c.SignLimit.N, &c.SignLimit.Unit,
		&c.ResolveLimit.N, &c.ResolveLimit.Unit, &c.AutoDispatch, jsonCol{&c.Attributes}, &c.Active, &c.Sort,
		&c.TriageLimit.N, &c.TriageLimit.Unit, &c.ReferAfter.N, &c.ReferAfter.Unit, &c.Version)
	return c, err
}

// Categories returns every category, active or not, by Sort and then Code.
func (r *reader) Categories(ctx context.Context) ([]guanjia.Category, error) {
	cs, err := list(ctx, r, "SELECT "+categoryColumns+", version FROM categories ORDER BY sort, code", nil, scanCategory)
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	return cs, nil
}

// PutCategory inserts a category or replaces the one of its code if that
// is still at c.Version (0: whatever its version), and sets c.Version to
// the stored one; a category changed since is ECONFLICT.
func (tx *Tx) PutCategory(ctx context.Context, c *guanjia.Category) error {
	if c.Code == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, "code", "A category needs a code.")
	}
	js, err := jsonArgs(c.Keywords, c.Attributes)
	if err != nil {
		return fmt.Errorf("put category %s: %w", c.Code, err)
	}
	err = tx.upsertVersioned(ctx, guanjia.Errorf(guanjia.ECONFLICT, "The category has changed since you loaded it. Reload and try again."),
		&c.Version, `INSERT INTO categories (`+categoryColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
		category_group = excluded.category_group, description_zh = excluded.description_zh,
		description_en = excluded.description_en, keywords = excluded.keywords, icon = excluded.icon,
		priority = excluded.priority, sign_n = excluded.sign_n, sign_unit = excluded.sign_unit,
		resolve_n = excluded.resolve_n, resolve_unit = excluded.resolve_unit,
		auto_dispatch = excluded.auto_dispatch, attributes = excluded.attributes,
		active = excluded.active, sort = excluded.sort,
		triage_n = excluded.triage_n, triage_unit = excluded.triage_unit,
		refer_n = excluded.refer_n, refer_unit = excluded.refer_unit`+upsertVersion("categories"),
		c.Code, c.NameZH, c.NameEN, c.Group, c.DescriptionZH, c.DescriptionEN, js[0], c.Icon,
		c.Priority, c.SignLimit.N, c.SignLimit.Unit, c.ResolveLimit.N, c.ResolveLimit.Unit,
		c.AutoDispatch, js[1], c.Active, c.Sort, c.TriageLimit.N, c.TriageLimit.Unit, c.ReferAfter.N, c.ReferAfter.Unit)
	if err != nil {
		return fmt.Errorf("put category %s: %w", c.Code, err)
	}
	return nil
}

const ruleColumns = "id, category, area, unit, version"

func scanRule(s scanner) (guanjia.Rule, error) {
	var x guanjia.Rule
	err := s.Scan(&x.ID, &x.Category, &x.Area, &x.Unit, &x.Version)
	return x, err
}

// Rules returns every routing rule by category, area and id.
func (r *reader) Rules(ctx context.Context) ([]guanjia.Rule, error) {
	rs, err := list(ctx, r, "SELECT "+ruleColumns+" FROM rules ORDER BY category, area, id", nil, scanRule)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return rs, nil
}

// GetRule returns the routing rule with the given id.
func (r *reader) GetRule(ctx context.Context, id int64) (*guanjia.Rule, error) {
	x, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Rule %d not found.", id),
		"SELECT "+ruleColumns+" FROM rules WHERE id = ?", []any{id}, scanRule)
	if err != nil {
		return nil, fmt.Errorf("get rule %d: %w", id, err)
	}
	return &x, nil
}

// PutRule stores a routing rule and sets r.ID and r.Version. With an ID
// it changes that rule if it is still at r.Version (ECONFLICT if it has
// changed since, ENOTFOUND if there is none); without, it inserts one or
// replaces the unit of the rule for the same category and area, whatever
// its version.
// Another rule for the same category and area is an ECONFLICT error.
func (tx *Tx) PutRule(ctx context.Context, r *guanjia.Rule) error {
	if err := tx.putRule(ctx, r); err != nil {
		return fmt.Errorf("put rule %s/%s: %w", r.Category, r.Area, err)
	}
	return nil
}

func (tx *Tx) putRule(ctx context.Context, r *guanjia.Rule) error {
	if r.Category == "" || r.Unit == "" {
		return guanjia.Errorf(guanjia.EINVALID, "A routing rule needs a category and a unit.")
	}
	if r.ID == 0 {
		return tx.queryRow(ctx, `INSERT INTO rules (category, area, unit) VALUES (?, ?, ?)
			ON CONFLICT (category, area) DO UPDATE SET unit = excluded.unit, version = rules.version + 1 RETURNING id, version`,
			r.Category, r.Area, r.Unit).Scan(&r.ID, &r.Version)
	}
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM rules WHERE category = ? AND area = ? AND id <> ?",
		r.Category, r.Area, r.ID).Scan(&n)
	if err != nil {
		return err
	} else if n > 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "A rule for %s in %q exists already.", r.Category, r.Area)
	}
	n64, err := tx.affected(ctx, "UPDATE rules SET category = ?, area = ?, unit = ?, version = version + 1 WHERE id = ? AND version = ?",
		r.Category, r.Area, r.Unit, r.ID, r.Version)
	if err != nil {
		return err
	} else if n64 == 0 {
		return tx.missingOr(ctx, "rules", r.ID, guanjia.Errorf(guanjia.ENOTFOUND, "Rule %d not found.", r.ID),
			guanjia.Errorf(guanjia.ECONFLICT, "The routing rule has changed since you loaded it. Reload and try again."))
	}
	r.Version++
	return nil
}

// CategoryOverrides returns every town's overrides of categories.
func (r *reader) CategoryOverrides(ctx context.Context) ([]guanjia.CategoryOverride, error) {
	os, err := list(ctx, r, `SELECT jurisdiction, category, priority, sign_n, sign_unit, resolve_n, resolve_unit,
		triage_n, triage_unit, refer_n, refer_unit, auto_dispatch, active
		FROM category_overrides ORDER BY jurisdiction, category`, nil,
		func(s scanner) (guanjia.CategoryOverride, error) {
			var o guanjia.CategoryOverride
			var auto, active sql.NullBool
			err := s.Scan(&o.Jurisdiction, &o.Category, &o.Priority, &o.SignLimit.N, &o.SignLimit.Unit,
				&o.ResolveLimit.N, &o.ResolveLimit.Unit, &o.TriageLimit.N, &o.TriageLimit.Unit, &o.ReferAfter.N, &o.ReferAfter.Unit, &auto, &active)
			if auto.Valid {
				o.AutoDispatch = &auto.Bool
			}
			if active.Valid {
				o.Active = &active.Bool
			}
			return o, err
		})
	if err != nil {
		return nil, fmt.Errorf("category overrides: %w", err)
	}
	return os, nil
}

// PutCategoryOverride inserts or replaces a town's override of a category.
func (tx *Tx) PutCategoryOverride(ctx context.Context, o *guanjia.CategoryOverride) error {
	_, err := tx.exec(ctx, `INSERT INTO category_overrides (jurisdiction, category, priority, sign_n, sign_unit,
		resolve_n, resolve_unit, triage_n, triage_unit, refer_n, refer_unit, auto_dispatch, active)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (jurisdiction, category) DO UPDATE SET priority = excluded.priority, sign_n = excluded.sign_n,
		sign_unit = excluded.sign_unit, resolve_n = excluded.resolve_n, resolve_unit = excluded.resolve_unit,
		triage_n = excluded.triage_n, triage_unit = excluded.triage_unit,
		refer_n = excluded.refer_n, refer_unit = excluded.refer_unit, auto_dispatch = excluded.auto_dispatch,
		active = excluded.active`,
		o.Jurisdiction, o.Category, o.Priority, o.SignLimit.N, o.SignLimit.Unit, o.ResolveLimit.N, o.ResolveLimit.Unit,
		o.TriageLimit.N, o.TriageLimit.Unit, o.ReferAfter.N, o.ReferAfter.Unit, o.AutoDispatch, o.Active)
	if err != nil {
		return fmt.Errorf("put override of category %s in %s: %w", o.Category, o.Jurisdiction, err)
	}
	return nil
}
