package store

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
)

// B&Bs: a row per B&B of the registry, its licences a JSON array.

const bnbColumns = "b.id, b.jurisdiction, b.village, b.grid, b.name, b.owner_id, u.name, b.address, b.lat, b.lng, b.rooms, b.beds, " +
	"b.floors, b.floor_area, b.grade, b.zj_grade, b.member, b.status, b.licences, b.last_inspect_at, b.created_at, b.updated_at, b.version"

// bnbsFrom is the B&Bs with their owners' names.
const bnbsFrom = " FROM bnbs b JOIN users u ON u.id = b.owner_id"

func scanBnB(s scanner) (*guanjia.BnB, error) {
	b := &guanjia.BnB{}
	err := s.Scan(&b.ID, &b.Jurisdiction, &b.Village, &b.Grid, &b.Name, &b.OwnerID, &b.OwnerName, &b.Address, &b.Lat, &b.Lng,
		&b.Rooms, &b.Beds, &b.Floors, &b.FloorArea, &b.Grade, &b.ZJGrade, &b.Member, &b.Status, jsonCol{&b.Licences},
		nullTimeCol{&b.LastInspect}, timeCol{&b.CreatedAt}, timeCol{&b.UpdatedAt}, &b.Version)
	if b.Licences == nil {
		b.Licences = []guanjia.Licence{}
	}
	return b, err
}

// CreateBnB stores a new B&B and sets b.ID.
func (tx *Tx) CreateBnB(ctx context.Context, b *guanjia.BnB) error {
	b.CreatedAt, b.UpdatedAt = norm(b.CreatedAt), norm(b.UpdatedAt)
	lic, err := jsonArg(b.Licences)
	if err != nil {
		return err
	}
	err = tx.queryRow(ctx, `INSERT INTO bnbs (jurisdiction, village, grid, name, owner_id, address, lat, lng, rooms, beds, floors,
		floor_area, grade, zj_grade, member, status, licences, last_inspect_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		b.Jurisdiction, b.Village, b.Grid, b.Name, b.OwnerID, b.Address, b.Lat, b.Lng, b.Rooms, b.Beds, b.Floors,
		b.FloorArea, b.Grade, b.ZJGrade, b.Member, b.Status, lic, normp(b.LastInspect), b.CreatedAt, b.UpdatedAt).Scan(&b.ID)
	if err != nil {
		return fmt.Errorf("create B&B: %w", err)
	}
	b.Version = 1
	return nil
}

// UpdateBnB writes b over the stored B&B of its ID if that is still at
// b.Version, and counts the change in b.Version; a B&B changed since is
// ECONFLICT. Its last inspection is the inspections' to write.
func (tx *Tx) UpdateBnB(ctx context.Context, b *guanjia.BnB) error {
	b.UpdatedAt = norm(b.UpdatedAt)
	lic, err := jsonArg(b.Licences)
	if err != nil {
		return err
	}
	n, err := tx.affected(ctx, `UPDATE bnbs SET jurisdiction = ?, village = ?, grid = ?, name = ?, owner_id = ?, address = ?, lat = ?,
		lng = ?, rooms = ?, beds = ?, floors = ?, floor_area = ?, grade = ?, zj_grade = ?, member = ?, status = ?, licences = ?,
		updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, b.Jurisdiction, b.Village, b.Grid, b.Name, b.OwnerID, b.Address, b.Lat, b.Lng, b.Rooms, b.Beds,
		b.Floors, b.FloorArea, b.Grade, b.ZJGrade, b.Member, b.Status, lic, b.UpdatedAt, b.ID, b.Version)
	if err != nil {
		return fmt.Errorf("update B&B %d: %w", b.ID, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The B&B's record has changed since you loaded it. Reload and try again.")
	}
	b.Version++
	return nil
}

// GetBnB returns a B&B.
func (r *reader) GetBnB(ctx context.Context, id int64) (*guanjia.BnB, error) {
	b, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "B&B %d not found.", id),
		"SELECT "+bnbColumns+bnbsFrom+" WHERE b.id = ?", []any{id}, scanBnB)
	if err != nil {
		return nil, fmt.Errorf("get B&B %d: %w", id, err)
	}
	return b, nil
}

// BnBs returns the B&Bs that match f, by village and name.
func (r *reader) BnBs(ctx context.Context, f guanjia.BnBFilter) ([]*guanjia.BnB, error) {
	where, args := "1 = 1", []any{}
	for _, c := range []struct {
		col string
		v   any
		set bool
	}{{"b.jurisdiction = ?", f.Jurisdiction, f.Jurisdiction != ""}, {"b.village = ?", f.Village, f.Village != ""},
		{"b.owner_id = ?", f.OwnerID, f.OwnerID != 0}, {"b.status = ?", f.Status, f.Status != ""}} {
		if c.set {
			where, args = where+" AND "+c.col, append(args, c.v)
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > 2000 {
		limit = 2000
	}
	bs, err := list(ctx, r, "SELECT "+bnbColumns+bnbsFrom+" WHERE "+where+" ORDER BY b.village, b.name, b.id LIMIT "+
		fmt.Sprint(limit), args, scanBnB)
	if err != nil {
		return nil, fmt.Errorf("B&Bs: %w", err)
	}
	return bs, nil
}
