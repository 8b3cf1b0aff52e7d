package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/guanjia/guanjia"
)

// The audit log: appended to in the transaction of each administrative
// change, never updated or deleted (the migration's triggers refuse it).

// AppendAudit writes e and sets e.ID.
func (tx *Tx) AppendAudit(ctx context.Context, e *guanjia.AuditEntry) error {
	if e.At.IsZero() {
		e.At = tx.now()
	}
	e.At = norm(e.At)
	err := tx.queryRow(ctx, `INSERT INTO audit_log (at, actor_id, actor_name, actor_role, addr, jurisdiction,
		action, object, object_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.At, e.ActorID, e.ActorName, e.ActorRole, e.Addr, e.Jurisdiction, e.Action, e.Object, e.ObjectID,
		rawArg(e.Before), rawArg(e.After)).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("append audit %s: %w", e.Action, err)
	}
	return nil
}

func rawArg(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

const auditColumns = "id, at, actor_id, actor_name, actor_role, addr, jurisdiction, action, object, object_id, before, after"

func scanAudit(s scanner) (*guanjia.AuditEntry, error) {
	e := &guanjia.AuditEntry{}
	var before, after sql.NullString
	err := s.Scan(&e.ID, timeCol{&e.At}, &e.ActorID, &e.ActorName, &e.ActorRole, &e.Addr, &e.Jurisdiction,
		&e.Action, &e.Object, &e.ObjectID, &before, &after)
	if err != nil {
		return nil, err
	}
	if before.Valid {
		e.Before = json.RawMessage(before.String)
	}
	if after.Valid {
		e.After = json.RawMessage(after.String)
	}
	return e, nil
}

// AuditLog returns the entries f selects, newest first.
func (r *reader) AuditLog(ctx context.Context, f guanjia.AuditFilter) ([]*guanjia.AuditEntry, error) {
	var c conds
	if f.Object != "" {
		c.add("object = ?", f.Object)
	}
	if f.ObjectID != "" {
		c.add("object_id = ?", f.ObjectID)
	}
	if f.Actor != "" {
		c.add("actor_name "+r.d.ilike()+` ? ESCAPE '\'`, "%"+escapeLike(f.Actor)+"%")
	}
	if f.Towns != nil {
		marks := placeholders(len(f.Towns))
		args := make([]any, len(f.Towns))
		for i, t := range f.Towns {
			args[i] = t
		}
		if len(args) == 0 {
			marks, args = "NULL", nil
		}
		c.add("jurisdiction IN ("+marks+")", args...)
	}
	if f.From != nil {
		c.add("at >= ?", norm(*f.From))
	}
	if f.To != nil {
		c.add("at < ?", norm(*f.To))
	}
	if f.Before > 0 {
		c.add("id < ?", f.Before)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	query := "SELECT " + auditColumns + " FROM audit_log" + whereClause(c.where) + " ORDER BY id DESC LIMIT " + strconv.Itoa(limit)
	es, err := list(ctx, r, query, c.args, scanAudit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return es, nil
}
