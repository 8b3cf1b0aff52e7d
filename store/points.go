package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/guanjia/guanjia"
)

// The points ledger is append-only: there are no methods to change or
// delete an entry, and triggers in the schema refuse UPDATE and DELETE.
// A balance is always the sum of a person's entries.

const pointColumns = "e.id, e.user_id, e.kind, e.source_type, e.source_id, e.evidence_id, e.amount, e.capped, " +
	"e.reason, e.rule_version, e.approved_by, COALESCE(e.reverses, 0), e.day, e.created_at, COALESCE(r.id, 0), e.jurisdiction"

// pointFrom joins each entry to the reversal that took it back, if any.
const pointFrom = " FROM points_entries e LEFT JOIN points_entries r ON r.reverses = e.id"

func scanPointEntry(s scanner) (guanjia.PointEntry, error) {
	var e guanjia.PointEntry
	err := s.Scan(&e.ID, &e.UserID, &e.Kind, &e.SourceType, &e.SourceID, &e.EvidenceID, &e.Amount, &e.Capped,
		&e.Reason, &e.RuleVersion, &e.ApprovedBy, &e.Reverses, &e.Day, timeCol{&e.CreatedAt}, &e.ReversedBy, &e.Jurisdiction)
	return e, err
}

// AddPointEntry appends e to the ledger and sets e.ID. It reports false,
// writing nothing, when the ledger has the entry already: an award for the
// same outcome, kind and person, or a reversal of the same entry.
func (tx *Tx) AddPointEntry(ctx context.Context, e *guanjia.PointEntry) (bool, error) {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = tx.now()
	}
	e.CreatedAt = norm(e.CreatedAt)
	if e.Day == "" {
		e.Day = guanjia.PointsDay(e.CreatedAt)
	}
	rows, err := tx.query(ctx, `INSERT INTO points_entries (user_id, kind, source_type, source_id, evidence_id,
		amount, capped, reason, rule_version, approved_by, reverses, day, created_at, jurisdiction)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+townOfPerson+`) ON CONFLICT DO NOTHING RETURNING id`,
		e.UserID, e.Kind, e.SourceType, e.SourceID, e.EvidenceID, e.Amount, e.Capped, e.Reason,
		e.RuleVersion, e.ApprovedBy, nullID(e.Reverses), e.Day, e.CreatedAt, e.UserID)
	if err != nil {
		return false, fmt.Errorf("add %s points for user %d: %w", e.Kind, e.UserID, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := rows.Scan(&e.ID); err != nil {
		return false, fmt.Errorf("add %s points for user %d: %w", e.Kind, e.UserID, err)
	}
	return true, rows.Close()
}

// PointEntries returns the entries that match f, newest first.
func (r *reader) PointEntries(ctx context.Context, f guanjia.PointFilter) ([]guanjia.PointEntry, error) {
	var where []string
	var args []any
	for _, c := range []struct {
		cond string
		v    any
		set  bool
	}{{"e.user_id = ?", f.UserID, f.UserID != 0}, {"e.kind = ?", f.Kind, f.Kind != ""},
		{"e.source_type = ?", f.SourceType, f.SourceType != ""}, {"e.source_id = ?", f.SourceID, f.SourceID != 0},
		{"e.evidence_id = ?", f.EvidenceID, f.EvidenceID != 0}, {"e.id < ?", f.Before, f.Before != 0},
		{"e.jurisdiction = ?", f.Jurisdiction, f.Jurisdiction != ""}} {
		if c.set {
			where, args = append(where, c.cond), append(args, c.v)
		}
	}
	query := "SELECT " + pointColumns + pointFrom + whereClause(where) + " ORDER BY e.id DESC"
	if f.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(f.Limit)
	}
	es, err := list(ctx, r, query, args, scanPointEntry)
	if err != nil {
		return nil, fmt.Errorf("points entries: %w", err)
	}
	return es, nil
}

// GetPointEntry returns the ledger entry with the given id.
func (r *reader) GetPointEntry(ctx context.Context, id int64) (guanjia.PointEntry, error) {
	e, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Points entry %d not found.", id),
		"SELECT "+pointColumns+pointFrom+" WHERE e.id = ?", []any{id}, scanPointEntry)
	if err != nil {
		return e, fmt.Errorf("get points entry %d: %w", id, err)
	}
	return e, nil
}

// PointsBalance returns the sum of a person's entries.
func (r *reader) PointsBalance(ctx context.Context, userID int64) (int, error) {
	var n int
	err := r.queryRow(ctx, "SELECT COALESCE(SUM(amount), 0) FROM points_entries WHERE user_id = ?", userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("points balance of user %d: %w", userID, err)
	}
	return n, nil
}

// PointsAwarded returns the points of kind awarded to a person on day, and
// the points of every kind of award, counting awards later reversed: what
// the daily caps are measured against.
func (r *reader) PointsAwarded(ctx context.Context, userID int64, day string, kind guanjia.PointKind) (ofKind, total int, err error) {
	err = r.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN kind = ? THEN amount ELSE 0 END), 0), COALESCE(SUM(amount), 0)
		FROM points_entries WHERE user_id = ? AND day = ? AND amount > 0 AND kind IN (`+
		placeholders(len(guanjia.AwardKinds))+")", append([]any{kind, userID, day}, anys(guanjia.AwardKinds)...)...).
		Scan(&ofKind, &total)
	if err != nil {
		return 0, 0, fmt.Errorf("points awarded to user %d on %s: %w", userID, day, err)
	}
	return ofKind, total, nil
}

// HasActiveAward reports whether a person holds an award of kind for a
// source that has not been reversed.
func (r *reader) HasActiveAward(ctx context.Context, sourceType string, sourceID int64, kind guanjia.PointKind, userID int64) (bool, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*)`+pointFrom+` WHERE e.source_type = ? AND e.source_id = ? AND e.kind = ?
		AND e.user_id = ? AND e.amount > 0 AND r.id IS NULL`, sourceType, sourceID, kind, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("active award: %w", err)
	}
	return n > 0, nil
}

// LockPoints serialises changes to one person's points until tx ends, so
// that a balance or a cap read in tx stays true until it commits: on
// PostgreSQL it takes the row lock of their housekeeper record (SQLite's
// single writer serialises anyway). It does nothing for a person without
// a record, who has no points to spend.
func (tx *Tx) LockPoints(ctx context.Context, userID int64) error {
	if _, err := tx.exec(ctx, "UPDATE housekeepers SET version = version WHERE user_id = ?", userID); err != nil {
		return fmt.Errorf("lock points of user %d: %w", userID, err)
	}
	return nil
}

// PointRulesAt returns the rules in force in town at t: the newest
// version of the town's own saved at or before t, else the newest of the
// county's (town ""). Without any it is ENOTFOUND.
func (r *reader) PointRulesAt(ctx context.Context, town string, t time.Time) (*guanjia.PointRules, error) {
	var version int
	var rules, in string
	var by int64
	var at time.Time
	err := r.queryRow(ctx, `SELECT version, rules, created_by, created_at, jurisdiction FROM points_rules
		WHERE created_at <= ? AND jurisdiction IN ('', ?)
		ORDER BY CASE WHEN jurisdiction = '' THEN 1 ELSE 0 END, version DESC LIMIT 1`, t, town).
		Scan(&version, &rules, &by, timeCol{&at}, &in)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, guanjia.Errorf(guanjia.ENOTFOUND, "No points rules were saved.")
		}
		return nil, fmt.Errorf("points rules: %w", err)
	}
	var pr guanjia.PointRules
	if err := json.Unmarshal([]byte(rules), &pr); err != nil {
		return nil, fmt.Errorf("points rules version %d: %w", version, err)
	}
	pr.Version, pr.CreatedBy, pr.CreatedAt, pr.Jurisdiction = version, by, at, in
	return &pr, nil
}

// AddPointRules saves rules as the next version (numbered across towns)
// of rules.Jurisdiction's and sets rules.Version.
func (tx *Tx) AddPointRules(ctx context.Context, rules *guanjia.PointRules) error {
	if rules.CreatedAt.IsZero() {
		rules.CreatedAt = tx.now()
	}
	rules.CreatedAt = norm(rules.CreatedAt)
	body, err := json.Marshal(struct {
		Kinds         map[guanjia.PointKind]guanjia.PointRule `json:"kinds"`
		DailyCap      int                                     `json:"daily_cap"`
		MaxTaskPoints int                                     `json:"max_task_points"`
	}{rules.Kinds, rules.DailyCap, rules.MaxTaskPoints})
	if err != nil {
		return fmt.Errorf("add points rules: %w", err)
	}
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM points_rules").Scan(&rules.Version); err != nil {
		return fmt.Errorf("add points rules: %w", err)
	}
	_, err = tx.exec(ctx, "INSERT INTO points_rules (version, rules, created_by, created_at, jurisdiction) VALUES (?, ?, ?, ?, ?)",
		rules.Version, string(body), rules.CreatedBy, rules.CreatedAt, rules.Jurisdiction)
	if err != nil {
		return fmt.Errorf("add points rules: %w", err)
	}
	return nil
}

// Standings sums, per housekeeper, the awards of days in [f.From, f.To)
// that were not reversed, best first; their grid and village are those of
// their housekeeper record.
func (r *reader) Standings(ctx context.Context, f guanjia.StandingFilter) ([]guanjia.Standing, error) {
	where := []string{"e.kind IN (" + placeholders(len(guanjia.AwardKinds)) + ")", "e.day >= ?", "e.day < ?", "r.id IS NULL"}
	args := append(anys(guanjia.AwardKinds), f.From, f.To)
	if f.Grid != "" {
		where, args = append(where, "h.grid = ?"), append(args, f.Grid)
	}
	if f.Village != "" {
		where, args = append(where, "h.village = ?"), append(args, f.Village)
	}
	if f.Jurisdiction != "" {
		where, args = append(where, "e.jurisdiction = ?"), append(args, f.Jurisdiction)
	}
	query := `SELECT e.user_id, u.name, COALESCE(h.grid, ''), COALESCE(h.village, ''), SUM(e.amount),
		SUM(CASE WHEN e.amount > 0 THEN 1 ELSE 0 END), MAX(e.jurisdiction)` + pointFrom + ` JOIN users u ON u.id = e.user_id
		LEFT JOIN housekeepers h ON h.user_id = e.user_id` + whereClause(where) + `
		GROUP BY e.user_id, u.name, h.grid, h.village HAVING SUM(e.amount) > 0
		ORDER BY SUM(e.amount) DESC, e.user_id`
	if f.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(f.Limit)
	}
	ss, err := list(ctx, r, query, args, func(s scanner) (guanjia.Standing, error) {
		var st guanjia.Standing
		err := s.Scan(&st.UserID, &st.Name, &st.Grid, &st.Village, &st.Points, &st.Awards, &st.Jurisdiction)
		return st, err
	})
	if err != nil {
		return nil, fmt.Errorf("standings: %w", err)
	}
	return ss, nil
}
