package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Complaints linked to B&Bs: a row per linked case (case_bnbs).

// LinkCaseBnB links a case to a B&B, replacing an earlier link of the case
// when replace is set; else an existing link stays. It reports whether
// the link was written.
func (tx *Tx) LinkCaseBnB(ctx context.Context, l guanjia.CaseBnB, replace bool) (bool, error) {
	q := `INSERT INTO case_bnbs (case_id, bnb_id, how, linked_by, linked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id) DO `
	if replace {
		q += "UPDATE SET bnb_id = excluded.bnb_id, how = excluded.how, linked_by = excluded.linked_by, linked_at = excluded.linked_at"
	} else {
		q += "NOTHING"
	}
	n, err := tx.affected(ctx, q, l.CaseID, l.BnBID, l.How, l.LinkedBy, norm(l.LinkedAt))
	if err != nil {
		return false, fmt.Errorf("link case %d to B&B %d: %w", l.CaseID, l.BnBID, err)
	}
	return n == 1, nil
}

// UnlinkCaseBnB removes a case's link to its B&B.
func (tx *Tx) UnlinkCaseBnB(ctx context.Context, caseID int64) error {
	if _, err := tx.exec(ctx, "DELETE FROM case_bnbs WHERE case_id = ?", caseID); err != nil {
		return fmt.Errorf("unlink case %d: %w", caseID, err)
	}
	return nil
}

// CaseBnBLink returns a case's link to a B&B, or ENOTFOUND.
func (r *reader) CaseBnBLink(ctx context.Context, caseID int64) (guanjia.CaseBnB, error) {
	return one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Case %d is linked to no B&B.", caseID),
		"SELECT case_id, bnb_id, how, linked_by, linked_at FROM case_bnbs WHERE case_id = ?", []any{caseID},
		func(s scanner) (guanjia.CaseBnB, error) {
			var l guanjia.CaseBnB
			return l, s.Scan(&l.CaseID, &l.BnBID, &l.How, &l.LinkedBy, timeCol{&l.LinkedAt})
		})
}

// BnBCases returns the cases linked to a B&B, newest first.
func (r *reader) BnBCases(ctx context.Context, bnbID int64, limit int) ([]*guanjia.Case, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	cs, err := list(ctx, r, "SELECT "+caseColumns+` FROM cases WHERE id IN (SELECT case_id FROM case_bnbs WHERE bnb_id = ?)
		ORDER BY created_at DESC, id DESC LIMIT `+fmt.Sprint(limit), []any{bnbID}, scanCase)
	if err != nil {
		return nil, fmt.Errorf("complaints of B&B %d: %w", bnbID, err)
	}
	return cs, nil
}

// UpheldComplaints counts, per B&B of town ("" every town), the linked complaints upheld
// (guanjia.ComplaintUpheld: closed after being resolved) whose closing
// falls in [from, to).
func (r *reader) UpheldComplaints(ctx context.Context, town string, from, to time.Time) (map[int64]int, error) {
	type kv struct{ id, n int64 }
	rows, err := list(ctx, r, `SELECT l.bnb_id, COUNT(*) FROM case_bnbs l JOIN cases c ON c.id = l.case_id
		JOIN bnbs b ON b.id = l.bnb_id WHERE (b.jurisdiction = ? OR ? = '') AND c.status = ? AND c.resolved_at IS NOT NULL
		AND c.closed_at >= ? AND c.closed_at < ? GROUP BY l.bnb_id`, []any{town, town, guanjia.StatusClosed, from, to},
		func(s scanner) (kv, error) { var x kv; return x, s.Scan(&x.id, &x.n) })
	if err != nil {
		return nil, fmt.Errorf("upheld complaints of %s: %w", town, err)
	}
	out := map[int64]int{}
	for _, x := range rows {
		out[x.id] = int(x.n)
	}
	return out, nil
}
