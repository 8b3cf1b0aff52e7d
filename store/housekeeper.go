package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/guanjia/guanjia"
)

// Housekeepers: applications and the records of approved housekeepers, one
// per user.

const housekeeperColumns = "id, user_id, name, phone, occupation, grid, village, households, stairwell, " +
	"lat, lng, note, status, reason, decided_by, decided_at, version, created_at, updated_at, jurisdiction"

func scanHousekeeper(s scanner) (*guanjia.Housekeeper, error) {
	h := &guanjia.Housekeeper{}
	err := s.Scan(&h.ID, &h.UserID, &h.Name, &h.Phone, &h.Occupation, &h.Grid, &h.Village, &h.Households,
		&h.Stairwell, &h.Lat, &h.Lng, &h.Note, &h.Status, &h.Reason, &h.DecidedBy, nullTimeCol{&h.DecidedAt},
		&h.Version, timeCol{&h.CreatedAt}, timeCol{&h.UpdatedAt}, &h.Jurisdiction)
	if err != nil {
		return nil, err
	}
	return h, nil
}

func normHousekeeper(h *guanjia.Housekeeper) {
	h.CreatedAt, h.UpdatedAt, h.DecidedAt = norm(h.CreatedAt), norm(h.UpdatedAt), normp(h.DecidedAt)
}

// GetHousekeeper returns the housekeeper with the given id.
func (r *reader) GetHousekeeper(ctx context.Context, id int64) (*guanjia.Housekeeper, error) {
	h, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Housekeeper %d not found.", id),
		"SELECT "+housekeeperColumns+" FROM housekeepers WHERE id = ?", []any{id}, scanHousekeeper)
	if err != nil {
		return nil, fmt.Errorf("get housekeeper %d: %w", id, err)
	}
	return h, nil
}

// GetHousekeeperByUser returns the housekeeper record of a user.
func (r *reader) GetHousekeeperByUser(ctx context.Context, userID int64) (*guanjia.Housekeeper, error) {
	h, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "You have not applied to be a housekeeper."),
		"SELECT "+housekeeperColumns+" FROM housekeepers WHERE user_id = ?", []any{userID}, scanHousekeeper)
	if err != nil {
		return nil, fmt.Errorf("get housekeeper of user %d: %w", userID, err)
	}
	return h, nil
}

// Housekeepers returns the housekeepers that match f, by id.
func (r *reader) Housekeepers(ctx context.Context, f guanjia.HousekeeperFilter) ([]*guanjia.Housekeeper, error) {
	where, args := housekeeperWhere(&f)
	limit := f.Limit
	if limit <= 0 {
		limit = guanjia.DefaultHousekeeperLimit
	}
	query := "SELECT " + housekeeperColumns + " FROM housekeepers" + whereClause(where) +
		" ORDER BY id LIMIT " + strconv.Itoa(min(limit, guanjia.MaxHousekeeperLimit))
	hs, err := list(ctx, r, query, args, scanHousekeeper)
	if err != nil {
		return nil, fmt.Errorf("housekeepers: %w", err)
	}
	if f.Near != nil {
		out := hs[:0]
		for _, h := range hs {
			if withinCircle(*f.Near, h.Lat, h.Lng) {
				out = append(out, h)
			}
		}
		hs = out
	}
	return hs, nil
}

func housekeeperWhere(f *guanjia.HousekeeperFilter) ([]string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.Jurisdiction != nil {
		add("jurisdiction = ?", *f.Jurisdiction)
	}
	if f.Grid != nil {
		add("grid = ?", *f.Grid)
	}
	if f.Village != nil {
		add("village = ?", *f.Village)
	}
	if len(f.Status) > 0 {
		add("status IN ("+placeholders(len(f.Status))+")", anys(f.Status)...)
	}
	if f.Occupation != nil {
		add("occupation = ?", *f.Occupation)
	}
	if f.Near != nil {
		b := circleBox(*f.Near)
		add("status = 'approved' AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?", b.MinLat, b.MaxLat, b.MinLng, b.MaxLng)
	}
	if f.After > 0 {
		add("id > ?", f.After)
	}
	return where, args
}

// CreateHousekeeper stores a new application and sets h.ID. A user who
// has a record already is an ECONFLICT error.
func (tx *Tx) CreateHousekeeper(ctx context.Context, h *guanjia.Housekeeper) error {
	if h.Version == 0 {
		h.Version = 1
	}
	normHousekeeper(h)
	rows, err := tx.query(ctx, `INSERT INTO housekeepers (user_id, name, phone, occupation, grid, village,
		households, stairwell, lat, lng, note, status, reason, decided_by, decided_at, version, created_at, updated_at, jurisdiction)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+townOfGrid+`) ON CONFLICT DO NOTHING RETURNING id`,
		h.UserID, h.Name, h.Phone, h.Occupation, h.Grid, h.Village, h.Households, h.Stairwell, h.Lat, h.Lng,
		h.Note, h.Status, h.Reason, h.DecidedBy, h.DecidedAt, h.Version, h.CreatedAt, h.UpdatedAt, h.Grid)
	if err != nil {
		return fmt.Errorf("create housekeeper: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return fmt.Errorf("create housekeeper: %w", err)
		}
		return guanjia.Errorf(guanjia.ECONFLICT, "You have applied already.")
	}
	if err := rows.Scan(&h.ID); err != nil {
		return fmt.Errorf("create housekeeper: %w", err)
	}
	return rows.Close()
}

// UpdateHousekeeper writes h if it is still at version prev; a record
// changed since is ECONFLICT.
func (tx *Tx) UpdateHousekeeper(ctx context.Context, h *guanjia.Housekeeper, prev int) error {
	normHousekeeper(h)
	n, err := tx.affected(ctx, `UPDATE housekeepers SET name = ?, phone = ?, occupation = ?, grid = ?, village = ?,
		households = ?, stairwell = ?, lat = ?, lng = ?, note = ?, status = ?, reason = ?, decided_by = ?,
		decided_at = ?, version = ?, updated_at = ?, jurisdiction = `+townOfGrid+` WHERE id = ? AND version = ?`,
		h.Name, h.Phone, h.Occupation, h.Grid, h.Village, h.Households, h.Stairwell, h.Lat, h.Lng, h.Note,
		h.Status, h.Reason, h.DecidedBy, h.DecidedAt, h.Version, h.UpdatedAt, h.Grid, h.ID, prev)
	if err != nil {
		return fmt.Errorf("update housekeeper %d: %w", h.ID, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The housekeeper's record has changed since you loaded it. Reload and try again.")
	}
	return nil
}

// GridHousekeepers counts, per grid, the approved housekeepers and the
// households they say they cover.
type GridHousekeepers struct{ Housekeepers, Households int }

// HousekeepersByGrid returns GridHousekeepers for every grid that has any.
func (r *reader) HousekeepersByGrid(ctx context.Context) (map[string]GridHousekeepers, error) {
	out := map[string]GridHousekeepers{}
	rows, err := r.query(ctx, `SELECT grid, COUNT(*), COALESCE(SUM(households), 0) FROM housekeepers
		WHERE status = 'approved' GROUP BY grid`)
	if err != nil {
		return nil, fmt.Errorf("housekeepers by grid: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var grid string
		var g GridHousekeepers
		if err := rows.Scan(&grid, &g.Housekeepers, &g.Households); err != nil {
			return nil, fmt.Errorf("housekeepers by grid: %w", err)
		}
		out[grid] = g
	}
	return out, rows.Err()
}
