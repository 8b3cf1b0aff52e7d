package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/guanjia/guanjia"
)

const userColumns = "id, username, name, phone, email, role, unit, grid, jurisdiction, disabled, password_hash, created_at, version"

// userFields are where userColumns scan to.
func userFields(u *guanjia.User) []any {
	return []any{&u.ID, &u.Username, &u.Name, &u.Phone, &u.Email, &u.Role, &u.Unit, &u.Grid,
		&u.Jurisdiction, &u.Disabled, &u.PasswordHash, timeCol{&u.CreatedAt}, &u.Version}
}

func scanUser(s scanner) (*guanjia.User, error) {
	u := &guanjia.User{}
	if err := s.Scan(userFields(u)...); err != nil {
		return nil, err
	}
	return u, nil
}

// GetUser returns the user with the given id.
func (r *reader) GetUser(ctx context.Context, id int64) (*guanjia.User, error) {
	u, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "User %d not found.", id),
		"SELECT "+userColumns+" FROM users WHERE id = ?", []any{id}, scanUser)
	if err != nil {
		return nil, fmt.Errorf("get user %d: %w", id, err)
	}
	return u, nil
}

// GetUserByUsername returns the user with the given username, ignoring case.
func (r *reader) GetUserByUsername(ctx context.Context, username string) (*guanjia.User, error) {
	u, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "User %q not found.", username),
		"SELECT "+userColumns+" FROM users WHERE lower(username) = lower(?)", []any{username}, scanUser)
	if err != nil {
		return nil, fmt.Errorf("get user %q: %w", username, err)
	}
	return u, nil
}

// Users returns the users that match f, by id.
func (r *reader) Users(ctx context.Context, f guanjia.UserFilter) ([]*guanjia.User, error) {
	var where []string
	var args []any
	if f.Role != nil {
		where, args = append(where, "role = ?"), append(args, *f.Role)
	}
	if f.Unit != nil {
		where, args = append(where, "unit = ?"), append(args, *f.Unit)
	}
	if f.Grid != nil {
		where, args = append(where, "grid = ?"), append(args, *f.Grid)
	}
	if f.Jurisdiction != nil {
		where, args = append(where, "jurisdiction = ?"), append(args, *f.Jurisdiction)
	}
	query := "SELECT " + userColumns + " FROM users" + whereClause(where) + " ORDER BY id"
	if f.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(f.Limit)
	}
	us, err := list(ctx, r, query, args, scanUser)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	return us, nil
}

// CreateUser stores a new user and sets u.ID. CreatedAt is set to the
// clock's time when zero, and normalised. A username taken by another user,
// in any case, is an ECONFLICT error that leaves the transaction usable.
func (tx *Tx) CreateUser(ctx context.Context, u *guanjia.User) error {
	if u.Username == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, "username", "A username is required.")
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = tx.now()
	}
	u.CreatedAt = norm(u.CreatedAt)
	rows, err := tx.query(ctx, `INSERT INTO users (username, name, phone, email, role, unit, grid,
		jurisdiction, disabled, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING RETURNING id`,
		u.Username, u.Name, u.Phone, u.Email, u.Role, u.Unit, u.Grid, u.Jurisdiction, u.Disabled,
		u.PasswordHash, u.CreatedAt)
	if err != nil {
		return fmt.Errorf("create user %q: %w", u.Username, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return fmt.Errorf("create user %q: %w", u.Username, err)
		}
		return usernameTaken(u.Username)
	}
	if err := rows.Scan(&u.ID); err != nil {
		return fmt.Errorf("create user %q: %w", u.Username, err)
	}
	u.Version = 1
	return rows.Close()
}

func usernameTaken(username string) error {
	return guanjia.FieldErrorf(guanjia.ECONFLICT, "username", "The username %q is taken.", username)
}

// UpdateUser writes every field of u but ID and CreatedAt over the stored
// user if that is still at u.Version, and counts the change in u.Version.
// A user changed since is ECONFLICT, and so is a username taken by
// another user; a missing user is ENOTFOUND.
func (tx *Tx) UpdateUser(ctx context.Context, u *guanjia.User) error {
	tx.authChanged()
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM users WHERE lower(username) = lower(?) AND id <> ?",
		u.Username, u.ID).Scan(&n)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	} else if n > 0 {
		return usernameTaken(u.Username)
	}
	n64, err := tx.affected(ctx, `UPDATE users SET username = ?, name = ?, phone = ?, email = ?, role = ?,
		unit = ?, grid = ?, jurisdiction = ?, disabled = ?, password_hash = ?, version = version + 1
		WHERE id = ? AND version = ?`,
		u.Username, u.Name, u.Phone, u.Email, u.Role, u.Unit, u.Grid, u.Jurisdiction, u.Disabled,
		u.PasswordHash, u.ID, u.Version)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	} else if n64 == 0 {
		return tx.missingOr(ctx, "users", u.ID, guanjia.Errorf(guanjia.ENOTFOUND, "User %d not found.", u.ID),
			guanjia.Errorf(guanjia.ECONFLICT, "The account has changed since you loaded it. Reload and try again."))
	}
	u.Version++
	return nil
}
