package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Grid patrols: a row per patrol, its check-ins and its findings.

const patrolColumns = "p.id, p.user_id, u.name, p.grid, p.village, p.jurisdiction, p.status, p.started_at, p.ended_at, p.note"

// patrolsFrom is the patrols with their walkers' names.
const patrolsFrom = " FROM patrols p JOIN users u ON u.id = p.user_id"

func scanPatrol(s scanner) (*guanjia.Patrol, error) {
	p := &guanjia.Patrol{}
	err := s.Scan(&p.ID, &p.UserID, &p.UserName, &p.Grid, &p.Village, &p.Jurisdiction, &p.Status, timeCol{&p.StartedAt},
		nullTimeCol{&p.EndedAt}, &p.Note)
	return p, err
}

// CreatePatrol stores a new patrol and sets p.ID.
func (tx *Tx) CreatePatrol(ctx context.Context, p *guanjia.Patrol) error {
	p.StartedAt = norm(p.StartedAt)
	err := tx.queryRow(ctx, `INSERT INTO patrols (user_id, grid, village, jurisdiction, status, started_at, ended_at, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.UserID, p.Grid, p.Village, p.Jurisdiction, p.Status,
		p.StartedAt, normp(p.EndedAt), p.Note).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("create patrol: %w", err)
	}
	return nil
}

// EndPatrol ends an active patrol; ECONFLICT when it has already ended.
func (tx *Tx) EndPatrol(ctx context.Context, id int64, at time.Time, note string) error {
	n, err := tx.affected(ctx, `UPDATE patrols SET status = ?, ended_at = ?, note = ? WHERE id = ? AND status = ?`,
		guanjia.PatrolEnded, norm(at), note, id, guanjia.PatrolActive)
	if err != nil {
		return fmt.Errorf("end patrol %d: %w", id, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The patrol has ended.")
	}
	return nil
}

// AddPatrolCheckin appends a check-in and sets c.ID.
func (tx *Tx) AddPatrolCheckin(ctx context.Context, c *guanjia.PatrolCheckin) error {
	c.At = norm(c.At)
	err := tx.queryRow(ctx, `INSERT INTO patrol_checkins (patrol_id, at, lat, lng, point) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		c.PatrolID, c.At, c.Lat, c.Lng, c.Point).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("add check-in to patrol %d: %w", c.PatrolID, err)
	}
	return nil
}

// AddPatrolFinding appends a finding and sets f.ID.
func (tx *Tx) AddPatrolFinding(ctx context.Context, f *guanjia.PatrolFinding) error {
	f.At = norm(f.At)
	photos, err := jsonArg(f.Photos)
	if err != nil {
		return err
	}
	err = tx.queryRow(ctx, `INSERT INTO patrol_findings (patrol_id, at, lat, lng, category, note, photos, case_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, f.PatrolID, f.At, f.Lat, f.Lng, f.Category, f.Note, photos, f.CaseID).Scan(&f.ID)
	if err != nil {
		return fmt.Errorf("add finding to patrol %d: %w", f.PatrolID, err)
	}
	return nil
}

// SetFindingCase links a finding to the case it became; ECONFLICT when it
// already is one.
func (tx *Tx) SetFindingCase(ctx context.Context, findingID, caseID int64) error {
	n, err := tx.affected(ctx, `UPDATE patrol_findings SET case_id = ? WHERE id = ? AND case_id = 0`, caseID, findingID)
	if err != nil {
		return fmt.Errorf("link finding %d to case %d: %w", findingID, caseID, err)
	} else if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "The finding is already a case.")
	}
	return nil
}

// GetPatrol returns a patrol with its check-ins and findings.
func (r *reader) GetPatrol(ctx context.Context, id int64) (*guanjia.Patrol, error) {
	p, err := one(ctx, r, guanjia.Errorf(guanjia.ENOTFOUND, "Patrol %d not found.", id),
		"SELECT "+patrolColumns+patrolsFrom+" WHERE p.id = ?", []any{id}, scanPatrol)
	if err != nil {
		return nil, fmt.Errorf("get patrol %d: %w", id, err)
	}
	if err := r.fillPatrols(ctx, []*guanjia.Patrol{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// ActivePatrol returns the patrol a user has under way, or nil.
func (r *reader) ActivePatrol(ctx context.Context, userID int64) (*guanjia.Patrol, error) {
	ps, err := list(ctx, r, "SELECT "+patrolColumns+patrolsFrom+" WHERE p.user_id = ? AND p.status = ? ORDER BY p.id DESC LIMIT 1",
		[]any{userID, guanjia.PatrolActive}, scanPatrol)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return r.GetPatrol(ctx, ps[0].ID)
}

// PatrolFilter selects patrols.
type PatrolFilter struct {
	Grid, Village, Town string
	UserID              int64
	From, To            time.Time // started in [From, To); zero is unbounded
	Limit               int
}

// Patrols returns the patrols that match f, newest first, with their
// check-ins and findings.
func (r *reader) Patrols(ctx context.Context, f PatrolFilter) ([]*guanjia.Patrol, error) {
	where, args := "1 = 1", []any{}
	for _, c := range []struct {
		col string
		v   any
		set bool
	}{{"p.grid = ?", f.Grid, f.Grid != ""}, {"p.village = ?", f.Village, f.Village != ""}, {"p.jurisdiction = ?", f.Town, f.Town != ""},
		{"p.user_id = ?", f.UserID, f.UserID != 0}, {"p.started_at >= ?", norm(f.From), !f.From.IsZero()}, {"p.started_at < ?", norm(f.To), !f.To.IsZero()}} {
		if c.set {
			where, args = where+" AND "+c.col, append(args, c.v)
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > 2000 {
		limit = 2000
	}
	ps, err := list(ctx, r, "SELECT "+patrolColumns+patrolsFrom+" WHERE "+where+" ORDER BY p.started_at DESC, p.id DESC LIMIT "+
		fmt.Sprint(limit), args, scanPatrol)
	if err != nil {
		return nil, fmt.Errorf("patrols: %w", err)
	}
	return ps, r.fillPatrols(ctx, ps)
}

// fillPatrols loads the check-ins and findings of ps, two queries in all.
func (r *reader) fillPatrols(ctx context.Context, ps []*guanjia.Patrol) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*guanjia.Patrol, len(ps))
	ids := make([]int64, len(ps))
	for i, p := range ps {
		byID[p.ID], ids[i] = p, p.ID
		p.Checkins, p.Findings = []guanjia.PatrolCheckin{}, []guanjia.PatrolFinding{}
	}
	cs, err := list(ctx, r, "SELECT id, patrol_id, at, lat, lng, point FROM patrol_checkins WHERE patrol_id IN ("+
		placeholders(len(ids))+") ORDER BY id", anys(ids), func(s scanner) (guanjia.PatrolCheckin, error) {
		var c guanjia.PatrolCheckin
		err := s.Scan(&c.ID, &c.PatrolID, timeCol{&c.At}, &c.Lat, &c.Lng, &c.Point)
		return c, err
	})
	if err != nil {
		return fmt.Errorf("patrol check-ins: %w", err)
	}
	for _, c := range cs {
		byID[c.PatrolID].Checkins = append(byID[c.PatrolID].Checkins, c)
	}
	fs, err := list(ctx, r, "SELECT id, patrol_id, at, lat, lng, category, note, photos, case_id FROM patrol_findings WHERE patrol_id IN ("+
		placeholders(len(ids))+") ORDER BY id", anys(ids), func(s scanner) (guanjia.PatrolFinding, error) {
		var f guanjia.PatrolFinding
		err := s.Scan(&f.ID, &f.PatrolID, timeCol{&f.At}, &f.Lat, &f.Lng, &f.Category, &f.Note, jsonCol{&f.Photos}, &f.CaseID)
		return f, err
	})
	if err != nil {
		return fmt.Errorf("patrol findings: %w", err)
	}
	for _, f := range fs {
		byID[f.PatrolID].Findings = append(byID[f.PatrolID].Findings, f)
	}
	for _, p := range ps {
		p.Visited = guanjia.Visited(p.Checkins)
	}
	return nil
}
