package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// B&B inspections: checklist versions, rounds, inspections with their
// results as JSON, the rectification links and the guests' ratings.

func scanChecklist(s scanner) (*guanjia.Checklist, error) {
	c := &guanjia.Checklist{}
	err := s.Scan(&c.Kind, &c.Version, jsonCol{&c.Items}, &c.CreatedBy, timeCol{&c.CreatedAt})
	return c, err
}

const checklistColumns = "kind, version, items, created_by, created_at"

// Checklist returns version of kind's checklist; version 0 is the latest.
func (r *reader) Checklist(ctx context.Context, kind string, version int) (*guanjia.Checklist, error) {
	q, args := "SELECT "+checklistColumns+" FROM bnb_checklists WHERE kind = ? AND version = ?", []any{kind, version}
	if version == 0 {
		q, args = "SELECT "+checklistColumns+" FROM bnb_checklists WHERE kind = ? ORDER BY version DESC LIMIT 1", []any{kind}
	}
	c, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "There is no checklist %s version %d.", kind, version), q, args, scanChecklist)
	if err != nil {
		return nil, fmt.Errorf("checklist %s: %w", kind, err)
	}
	return c, nil
}

// AddChecklist stores c as the next version of its kind and sets c.Version.
func (tx *Tx) AddChecklist(ctx context.Context, c *guanjia.Checklist) error {
	c.CreatedAt = norm(c.CreatedAt)
	items, err := jsonArg(c.Items)
	if err != nil {
		return err
	}
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM bnb_checklists WHERE kind = ?", c.Kind).Scan(&c.Version); err != nil {
		return fmt.Errorf("add checklist: %w", err)
	}
	_, err = tx.exec(ctx, "INSERT INTO bnb_checklists ("+checklistColumns+") VALUES (?, ?, ?, ?, ?)",
		c.Kind, c.Version, items, c.CreatedBy, c.CreatedAt)
	if err != nil {
		return fmt.Errorf("add checklist: %w", err)
	}
	return nil
}

// InspectionRounds returns every round.
func (r *reader) InspectionRounds(ctx context.Context) ([]guanjia.InspectionRound, error) {
	rs, err := list(ctx, r, "SELECT kind, unit, every_days, members_only FROM bnb_rounds ORDER BY kind, unit", nil,
		func(s scanner) (guanjia.InspectionRound, error) {
			var x guanjia.InspectionRound
			return x, s.Scan(&x.Kind, &x.Unit, &x.EveryDays, &x.MembersOnly)
		})
	if err != nil {
		return nil, fmt.Errorf("inspection rounds: %w", err)
	}
	return rs, nil
}

// PutInspectionRound creates or changes a round.
func (tx *Tx) PutInspectionRound(ctx context.Context, x guanjia.InspectionRound) error {
	_, err := tx.exec(ctx, `INSERT INTO bnb_rounds (kind, unit, every_days, members_only) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, unit) DO UPDATE SET every_days = excluded.every_days, members_only = excluded.members_only`,
		x.Kind, x.Unit, x.EveryDays, x.MembersOnly)
	if err != nil {
		return fmt.Errorf("put inspection round: %w", err)
	}
	return nil
}

const inspectionColumns = "i.id, i.bnb_id, i.jurisdiction, i.kind, i.version, i.inspector_id, u.name, i.unit, i.self, i.results, " +
	"i.passed, i.failed, i.client_id, i.at"

func scanInspection(s scanner) (*guanjia.Inspection, error) {
	x := &guanjia.Inspection{}
	err := s.Scan(&x.ID, &x.BnBID, &x.Jurisdiction, &x.Kind, &x.Version, &x.InspectorID, &x.Inspector, &x.Unit, &x.Self,
		jsonCol{&x.Results}, &x.Passed, &x.Failed, &x.ClientID, timeCol{&x.At})
	return x, err
}

// CreateInspection stores an inspection and sets its ID; when its B&B's
// last inspection by an inspector is older, it moves it.
func (tx *Tx) CreateInspection(ctx context.Context, x *guanjia.Inspection) error {
	x.At = norm(x.At)
	res, err := jsonArg(x.Results)
	if err != nil {
		return err
	}
	x.ID, err = tx.insert(ctx, `INSERT INTO bnb_inspections (bnb_id, jurisdiction, kind, version, inspector_id, unit, self, results,
		passed, failed, client_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		x.BnBID, x.Jurisdiction, x.Kind, x.Version, x.InspectorID, x.Unit, x.Self, res, x.Passed, x.Failed, x.ClientID, x.At)
	if err != nil {
		return fmt.Errorf("create inspection: %w", err)
	}
	if !x.Self {
		_, err = tx.exec(ctx, "UPDATE bnbs SET last_inspect_at = ? WHERE id = ? AND (last_inspect_at IS NULL OR last_inspect_at < ?)",
			x.At, x.BnBID, x.At)
	}
	return err
}

// SetInspectionResults rewrites an inspection's results (to record the
// cases its failed items became).
func (tx *Tx) SetInspectionResults(ctx context.Context, id int64, rs []guanjia.ItemResult) error {
	res, err := jsonArg(rs)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, "UPDATE bnb_inspections SET results = ? WHERE id = ?", res, id)
	return err
}

const inspectionsFrom = " FROM bnb_inspections i JOIN users u ON u.id = i.inspector_id"

// GetInspection returns an inspection.
func (r *reader) GetInspection(ctx context.Context, id int64) (*guanjia.Inspection, error) {
	return one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Inspection %d not found.", id),
		"SELECT "+inspectionColumns+inspectionsFrom+" WHERE i.id = ?", []any{id}, scanInspection)
}

// InspectionByClient returns the inspection an inspector submitted with
// clientID.
func (r *reader) InspectionByClient(ctx context.Context, inspector int64, clientID string) (*guanjia.Inspection, error) {
	return one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "No inspection with client_id %q.", clientID),
		"SELECT "+inspectionColumns+inspectionsFrom+" WHERE i.inspector_id = ? AND i.client_id = ?", []any{inspector, clientID}, scanInspection)
}

// Inspections returns a B&B's inspections, newest first.
func (r *reader) Inspections(ctx context.Context, bnbID int64, limit int) ([]*guanjia.Inspection, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	return list(ctx, r, "SELECT "+inspectionColumns+inspectionsFrom+" WHERE i.bnb_id = ? ORDER BY i.at DESC, i.id DESC LIMIT "+
		fmt.Sprint(limit), []any{bnbID}, scanInspection)
}

// LastInspections returns, per B&B and kind, when an inspector last
// inspected it, for the B&Bs of town ("" every town).
func (r *reader) LastInspections(ctx context.Context, town string) (map[int64]map[string]time.Time, error) {
	q, args := "SELECT bnb_id, kind, MAX(at) FROM bnb_inspections WHERE self = ?", []any{false}
	if town != "" {
		q, args = q+" AND jurisdiction = ?", append(args, town)
	}
	rows, err := r.query(ctx, q+" GROUP BY bnb_id, kind", args...)
	if err != nil {
		return nil, fmt.Errorf("last inspections: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]time.Time{}
	for rows.Next() {
		var id int64
		var kind string
		var at time.Time
		if err := rows.Scan(&id, &kind, timeCol{&at}); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]time.Time{}
		}
		out[id][kind] = at
	}
	return out, rows.Err()
}

// CreateRectification links a rectification case to its item.
func (tx *Tx) CreateRectification(ctx context.Context, x *guanjia.Rectification) error {
	_, err := tx.exec(ctx, `INSERT INTO bnb_rectifications (case_id, bnb_id, inspection_id, kind, item, serious, authority,
		inspector_id, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		x.CaseID, x.BnBID, x.InspectionID, x.Kind, x.Item, x.Serious, x.Authority, x.InspectorID, norm(x.DueAt), norm(x.CreatedAt))
	if err != nil {
		return fmt.Errorf("create rectification: %w", err)
	}
	return nil
}

// VerifyRectification records the re-inspection that verified a
// rectification fixed, and when the owner had fixed it.
func (tx *Tx) VerifyRectification(ctx context.Context, caseID, by int64, resolved, at time.Time) error {
	_, err := tx.exec(ctx, "UPDATE bnb_rectifications SET verified_at = ?, verified_by = ?, resolved_at = ? WHERE case_id = ?",
		norm(at), by, norm(resolved), caseID)
	return err
}

// RectificationFilter selects rectifications; zero fields do not filter.
type RectificationFilter struct {
	CaseID    int64
	BnBID     int64
	OwnerID   int64
	Authority string
	Open      bool // not yet verified
}

const rectificationColumns = "r.case_id, c.number, c.status, r.bnb_id, b.name, r.inspection_id, r.kind, r.item, r.serious, " +
	"r.authority, r.inspector_id, r.due_at, c.resolved_at, r.verified_at, r.verified_by, r.created_at"

func scanRectification(s scanner) (*guanjia.Rectification, error) {
	x := &guanjia.Rectification{}
	err := s.Scan(&x.CaseID, &x.Number, &x.Status, &x.BnBID, &x.BnBName, &x.InspectionID, &x.Kind, &x.Item, &x.Serious,
		&x.Authority, &x.InspectorID, timeCol{&x.DueAt}, nullTimeCol{&x.ResolvedAt}, nullTimeCol{&x.VerifiedAt}, &x.VerifiedBy,
		timeCol{&x.CreatedAt})
	return x, err
}

// Rectifications returns the rectifications f selects, oldest deadline first.
func (r *reader) Rectifications(ctx context.Context, f RectificationFilter) ([]*guanjia.Rectification, error) {
	where, args := "1 = 1", []any{}
	for _, c := range []struct {
		col string
		v   any
		set bool
	}{{"r.case_id = ?", f.CaseID, f.CaseID != 0}, {"r.bnb_id = ?", f.BnBID, f.BnBID != 0},
		{"b.owner_id = ?", f.OwnerID, f.OwnerID != 0}, {"r.authority = ?", f.Authority, f.Authority != ""}} {
		if c.set {
			where, args = where+" AND "+c.col, append(args, c.v)
		}
	}
	if f.Open {
		where += " AND r.verified_at IS NULL AND c.status IN ('dispatched', 'accepted', 'resolved')"
	}
	xs, err := list(ctx, r, "SELECT "+rectificationColumns+` FROM bnb_rectifications r JOIN cases c ON c.id = r.case_id
		JOIN bnbs b ON b.id = r.bnb_id WHERE `+where+" ORDER BY r.due_at, r.case_id LIMIT 1000", args, scanRectification)
	if err != nil {
		return nil, fmt.Errorf("rectifications: %w", err)
	}
	return xs, nil
}

// ReputationParts returns the counts of each B&B's reputation from since
// to now (bnbID 0: every B&B of town, "" every town).
func (r *reader) ReputationParts(ctx context.Context, town string, bnbID int64, since, now time.Time) (map[int64]*guanjia.ReputationParts, error) {
	out := map[int64]*guanjia.ReputationParts{}
	get := func(id int64) *guanjia.ReputationParts {
		if out[id] == nil {
			out[id] = &guanjia.ReputationParts{}
		}
		return out[id]
	}
	cond, args := "", []any{}
	if bnbID != 0 {
		cond, args = " AND b.id = ?", append(args, bnbID)
	} else if town != "" {
		cond, args = " AND b.jurisdiction = ?", append(args, town)
	}
	since = norm(since)
	queries := []struct {
		q    string
		args []any
		add  func(p *guanjia.ReputationParts, a, b int, avg float64)
	}{
		{`SELECT i.bnb_id, SUM(i.passed), SUM(i.failed), 0 FROM bnb_inspections i JOIN bnbs b ON b.id = i.bnb_id
			WHERE i.self = ? AND i.at >= ?` + cond + " GROUP BY i.bnb_id", append([]any{false, since}, args...),
			func(p *guanjia.ReputationParts, a, b int, _ float64) { p.Passed, p.Failed = a, b }},
		{`SELECT r.bnb_id, COUNT(*), SUM(CASE WHEN r.verified_at IS NOT NULL AND r.resolved_at <= r.due_at THEN 1 ELSE 0 END), 0
			FROM bnb_rectifications r JOIN bnbs b ON b.id = r.bnb_id WHERE r.due_at >= ? AND r.due_at <= ?` + cond + " GROUP BY r.bnb_id",
			append([]any{since, norm(now)}, args...),
			func(p *guanjia.ReputationParts, a, b int, _ float64) { p.Rectifications, p.OnTime = a, b }},
		{`SELECT g.bnb_id, g.count, 0, g.average FROM bnb_ratings g JOIN bnbs b ON b.id = g.bnb_id WHERE 1 = 1` + cond, args,
			func(p *guanjia.ReputationParts, a, _ int, avg float64) { p.RatingCount, p.RatingAvg = a, avg }},
	}
	for _, q := range queries {
		rows, err := r.query(ctx, q.q, q.args...)
		if err != nil {
			return nil, fmt.Errorf("reputation: %w", err)
		}
		for rows.Next() {
			var id int64
			var a, b int
			var avg float64
			if err := rows.Scan(&id, &a, &b, &avg); err != nil {
				rows.Close()
				return nil, fmt.Errorf("reputation: %w", err)
			}
			q.add(get(id), a, b, avg)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PutRating stores a B&B's guest rating.
func (tx *Tx) PutRating(ctx context.Context, g *guanjia.GuestRating) error {
	_, err := tx.exec(ctx, `INSERT INTO bnb_ratings (bnb_id, average, count, source, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (bnb_id) DO UPDATE SET average = excluded.average, count = excluded.count, source = excluded.source,
		updated_at = excluded.updated_at`, g.BnBID, g.Average, g.Count, g.Source, norm(g.UpdatedAt))
	if err != nil {
		return fmt.Errorf("put rating: %w", err)
	}
	return nil
}
