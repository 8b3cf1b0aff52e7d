package store

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
)

// The organisation and its geography: jurisdictions, units, villages and
// grids, each kept by its code. Put methods insert or replace by code.

const jurisdictionColumns = "code, name, name_en, prefix, parent, level, lat, lng"

func scanJurisdiction(s scanner) (guanjia.Jurisdiction, error) {
	var j guanjia.Jurisdiction
	err := s.Scan(&j.Code, &j.Name, &j.NameEN, &j.Prefix, &j.Parent, &j.Level, &j.Lat, &j.Lng)
	return j, err
}

// Jurisdictions returns every jurisdiction by code.
func (r *reader) Jurisdictions(ctx context.Context) ([]guanjia.Jurisdiction, error) {
	js, err := list(ctx, r, "SELECT "+jurisdictionColumns+" FROM jurisdictions ORDER BY code", nil, scanJurisdiction)
	if err != nil {
		return nil, fmt.Errorf("jurisdictions: %w", err)
	}
	return js, nil
}

// PutJurisdiction inserts or replaces a jurisdiction. Two jurisdictions may
// not share a case number prefix (ECONFLICT).
func (tx *Tx) PutJurisdiction(ctx context.Context, j *guanjia.Jurisdiction) error {
	if j.Code == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, "code", "A jurisdiction needs a code.")
	}
	if j.Prefix != "" {
		var n int
		err := tx.queryRow(ctx, "SELECT COUNT(*) FROM jurisdictions WHERE prefix = ? AND code <> ?", j.Prefix, j.Code).Scan(&n)
		if err != nil {
			return fmt.Errorf("put jurisdiction %s: %w", j.Code, err)
		} else if n > 0 {
			return guanjia.FieldErrorf(guanjia.ECONFLICT, "prefix", "The case number prefix %s is taken.", j.Prefix)
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO jurisdictions (`+jurisdictionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, prefix = excluded.prefix,
		parent = excluded.parent, level = excluded.level, lat = excluded.lat, lng = excluded.lng`,
		j.Code, j.Name, j.NameEN, j.Prefix, j.Parent, j.Level, j.Lat, j.Lng)
	if err != nil {
		return fmt.Errorf("put jurisdiction %s: %w", j.Code, err)
	}
	return nil
}

const unitColumns = "code, name_zh, name_en, kind, jurisdiction, village, phone, active"

func scanUnit(s scanner) (guanjia.Unit, error) {
	var u guanjia.Unit
	err := s.Scan(&u.Code, &u.NameZH, &u.NameEN, &u.Kind, &u.Jurisdiction, &u.Village, &u.Phone, &u.Active, &u.Version)
	return u, err
}

// Units returns every unit, active or not, by code.
func (r *reader) Units(ctx context.Context) ([]guanjia.Unit, error) {
	us, err := list(ctx, r, "SELECT "+unitColumns+", version FROM units ORDER BY code", nil, scanUnit)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	return us, nil
}

// PutUnit inserts a unit or replaces the one of its code if that is still
// at u.Version (0: whatever its version), and sets u.Version to the
// stored one; a unit changed since is ECONFLICT.
func (tx *Tx) PutUnit(ctx context.Context, u *guanjia.Unit) error {
	if u.Code == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, "code", "A unit needs a code.")
	}
	err := tx.upsertVersioned(ctx, guanjia.Errorf(guanjia.ECONFLICT, "The unit has changed since you loaded it. Reload and try again."),
		&u.Version, `INSERT INTO units (`+unitColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind,
		jurisdiction = excluded.jurisdiction, village = excluded.village, phone = excluded.phone, active = excluded.active`+
			upsertVersion("units"),
		u.Code, u.NameZH, u.NameEN, u.Kind, u.Jurisdiction, u.Village, u.Phone, u.Active)
	if err != nil {
		return fmt.Errorf("put unit %s: %w", u.Code, err)
	}
	return nil
}

const villageColumns = "code, name, name_en, kind, jurisdiction, households, lat, lng"

// Villages returns every village and community by code.
func (r *reader) Villages(ctx context.Context) ([]guanjia.Village, error) {
	vs, err := list(ctx, r, "SELECT "+villageColumns+" FROM villages ORDER BY code", nil,
		func(s scanner) (guanjia.Village, error) {
			var v guanjia.Village
			err := s.Scan(&v.Code, &v.Name, &v.NameEN, &v.Kind, &v.Jurisdiction, &v.Households, &v.Lat, &v.Lng)
			return v, err
		})
	if err != nil {
		return nil, fmt.Errorf("villages: %w", err)
	}
	return vs, nil
}

// PutVillage inserts or replaces a village or community.
func (tx *Tx) PutVillage(ctx context.Context, v *guanjia.Village) error {
	if v.Code == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, "code", "A village needs a code.")
	}
	_, err := tx.exec(ctx, `INSERT INTO villages (`+villageColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, kind = excluded.kind,
		jurisdiction = excluded.jurisdiction, households = excluded.households, lat = excluded.lat, lng = excluded.lng`,
		v.Code, v.Name, v.NameEN, v.Kind, v.Jurisdiction, v.Households, v.Lat, v.Lng)
	if err != nil {
		return fmt.Errorf("put village %s: %w", v.Code, err)
	}
	return nil
}

const gridColumns = "code, name, village, households, geometry, synthetic, jurisdiction"

func scanGrid(s scanner) (guanjia.Grid, error) {
	var g guanjia.Grid
	var geom string
	err := s.Scan(&g.Code, &g.Name, &g.Village, &g.Households, &geom, &g.Synthetic, &g.Jurisdiction)
	if geom != "" {
		g.Geometry = []byte(geom)
	}
	return g, err
}

// Grids returns every grid, with its geometry, by code.
func (r *reader) Grids(ctx context.Context) ([]guanjia.Grid, error) {
	gs, err := list(ctx, r, "SELECT "+gridColumns+" FROM grids ORDER BY code", nil, scanGrid)
	if err != nil {
		return nil, fmt.Errorf("grids: %w", err)
	}
	return gs, nil
}

// GetGrid returns the grid with the given code.
func (r *reader) GetGrid(ctx context.Context, code string) (*guanjia.Grid, error) {
	g, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Grid %s not found.", code),
		"SELECT "+gridColumns+" FROM grids WHERE code = ?", []any{code}, scanGrid)
	if err != nil {
		return nil, fmt.Errorf("get grid %s: %w", code, err)
	}
	return &g, nil
}

// PutGrid inserts or replaces a grid. Its geometry is stored as given; its
// town is its village's.
func (tx *Tx) PutGrid(ctx context.Context, g *guanjia.Grid) error {
	if g.Code == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, "code", "A grid needs a code.")
	}
	_, err := tx.exec(ctx, `INSERT INTO grids (`+gridColumns+`) VALUES (?, ?, ?, ?, ?, ?,
		`+townOfVillage+`)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, village = excluded.village,
		households = excluded.households, geometry = excluded.geometry, synthetic = excluded.synthetic,
		jurisdiction = excluded.jurisdiction`,
		g.Code, g.Name, g.Village, g.Households, string(g.Geometry), g.Synthetic, g.Village)
	if err != nil {
		return fmt.Errorf("put grid %s: %w", g.Code, err)
	}
	return nil
}
