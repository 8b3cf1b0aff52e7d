package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
)

// Standard replies: the current version in replies, every version in
// reply_versions.

const replyColumns = "id, category, kind, jurisdiction, title, body, version, active, updated_by, updated_at"

func scanReply(s scanner) (*guanjia.Reply, error) {
	r := &guanjia.Reply{}
	err := s.Scan(&r.ID, &r.Category, &r.Kind, &r.Jurisdiction, &r.Title, &r.Body, &r.Version, &r.Active,
		&r.UpdatedBy, timeCol{&r.UpdatedAt})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// GetReply returns a reply's current version.
func (r *reader) GetReply(ctx context.Context, id int64) (*guanjia.Reply, error) {
	rep, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Reply %d not found.", id),
		"SELECT "+replyColumns+" FROM replies WHERE id = ?", []any{id}, scanReply)
	if err != nil {
		return nil, fmt.Errorf("get reply %d: %w", id, err)
	}
	return rep, nil
}

// Replies returns the replies f selects, by category, kind and title.
func (r *reader) Replies(ctx context.Context, f guanjia.ReplyFilter) ([]*guanjia.Reply, error) {
	var c conds
	if f.Category != "" {
		c.add("category = ?", f.Category)
	}
	if f.Kind != "" {
		c.add("kind = ?", f.Kind)
	}
	if !f.Inactive {
		c.add("active = ?", true)
	}
	for _, w := range strings.Fields(f.Q) {
		like := "%" + escapeLike(w) + "%"
		op := r.d.ilike() + ` ? ESCAPE '\'`
		c.add("(title "+op+" OR body "+op+")", like, like)
	}
	if f.Towns != nil {
		marks := "NULL"
		args := make([]any, len(f.Towns))
		for i, t := range f.Towns {
			args[i] = t
		}
		if len(args) > 0 {
			marks = placeholders(len(args))
		}
		c.add("jurisdiction IN ("+marks+")", args...)
	}
	query := "SELECT " + replyColumns + " FROM replies" + whereClause(c.where) + " ORDER BY category, kind, title, id"
	if f.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(f.Limit)
	}
	rs, err := list(ctx, r, query, c.args, scanReply)
	if err != nil {
		return nil, fmt.Errorf("replies: %w", err)
	}
	return rs, nil
}

// PutReply stores rep as a new version: a new reply (version 1) when its
// ID is 0, else the next version of the reply, whose current text it
// becomes, if the reply is still at rep.Version (ECONFLICT if it has
// changed since, ENOTFOUND if there is none). It sets rep.ID and
// rep.Version.
func (tx *Tx) PutReply(ctx context.Context, rep *guanjia.Reply) error {
	if rep.UpdatedAt.IsZero() {
		rep.UpdatedAt = tx.now()
	}
	rep.UpdatedAt = norm(rep.UpdatedAt)
	if rep.ID == 0 {
		rep.Version = 1
		err := tx.queryRow(ctx, `INSERT INTO replies (category, kind, jurisdiction, title, body, version, active,
			updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			rep.Category, rep.Kind, rep.Jurisdiction, rep.Title, rep.Body, rep.Version, rep.Active,
			rep.UpdatedBy, rep.UpdatedAt).Scan(&rep.ID)
		if err != nil {
			return fmt.Errorf("create reply: %w", err)
		}
	} else {
		err := tx.queryRow(ctx, `UPDATE replies SET category = ?, kind = ?, title = ?, body = ?, version = version + 1,
			active = ?, updated_by = ?, updated_at = ? WHERE id = ? AND version = ? RETURNING version`,
			rep.Category, rep.Kind, rep.Title, rep.Body, rep.Active, rep.UpdatedBy, rep.UpdatedAt, rep.ID, rep.Version).Scan(&rep.Version)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return tx.missingOr(ctx, "replies", rep.ID, guanjia.Errorf(guanjia.ENOTFOUND, "Reply %d not found.", rep.ID),
					guanjia.Errorf(guanjia.ECONFLICT, "The reply has changed since you loaded it. Reload and try again."))
			}
			return fmt.Errorf("update reply %d: %w", rep.ID, err)
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO reply_versions (reply_id, version, title, body, active, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, rep.ID, rep.Version, rep.Title, rep.Body, rep.Active, rep.UpdatedBy, rep.UpdatedAt)
	if err != nil {
		return fmt.Errorf("reply %d version %d: %w", rep.ID, rep.Version, err)
	}
	return nil
}

// ReplyVersions returns every version of a reply, newest first, with the
// name of who wrote each.
func (r *reader) ReplyVersions(ctx context.Context, id int64) ([]guanjia.ReplyVersion, error) {
	vs, err := list(ctx, r, `SELECT v.version, v.title, v.body, v.active, v.created_by, COALESCE(u.name, ''), v.created_at
		FROM reply_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.reply_id = ? ORDER BY v.version DESC`,
		[]any{id}, func(s scanner) (guanjia.ReplyVersion, error) {
			var v guanjia.ReplyVersion
			err := s.Scan(&v.Version, &v.Title, &v.Body, &v.Active, &v.CreatedBy, &v.ByName, timeCol{&v.CreatedAt})
			return v, err
		})
	if err != nil {
		return nil, fmt.Errorf("reply %d versions: %w", id, err)
	}
	return vs, nil
}
