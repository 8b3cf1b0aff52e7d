package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// PatrolGrids returns the grids actor may patrol: a housekeeper's own, a
// committee's staff every grid of its village.
func (a *App) PatrolGrids(actor guanjia.Actor) []guanjia.Grid {
	village := a.committeeVillage(actor)
	var out []guanjia.Grid
	for _, g := range a.ref.Load().index.Grids() {
		if guanjia.MayPatrol(actor, g, village) {
			out = append(out, g)
		}
	}
	return out
}

// PatrolPoints returns the check-in points of a grid.
func (a *App) PatrolPoints(grid string) ([]guanjia.PatrolPoint, error) {
	g, ok := a.grid(grid)
	if !ok {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "grid", "There is no grid %q.", grid)
	}
	return geo.PatrolPoints(g.Code, g.Geometry)
}

// StartPatrol starts a patrol of grid by actor; a patrol already under way
// is returned instead of a second one.
func (a *App) StartPatrol(ctx context.Context, actor guanjia.Actor, grid string) (*guanjia.Patrol, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	g, ok := a.grid(grid)
	if !ok {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "grid", "There is no grid %q.", grid)
	}
	if !guanjia.MayPatrol(actor, g, a.committeeVillage(actor)) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "You may patrol only your own grid.")
	}
	var out *guanjia.Patrol
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		cur, err := tx.ActivePatrol(ctx, actor.UserID)
		if err != nil || cur != nil {
			out = cur
			return err
		}
		out = &guanjia.Patrol{UserID: actor.UserID, Grid: g.Code, Village: g.Village, Jurisdiction: g.Jurisdiction,
			Status: guanjia.PatrolActive, StartedAt: a.now(), Checkins: []guanjia.PatrolCheckin{}, Findings: []guanjia.PatrolFinding{}}
		return tx.CreatePatrol(ctx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("start patrol: %w", err)
	}
	return a.withPoints(out)
}

// CurrentPatrol returns actor's patrol under way, or nil.
func (a *App) CurrentPatrol(ctx context.Context, actor guanjia.Actor) (*guanjia.Patrol, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	p, err := a.db.ActivePatrol(ctx, actor.UserID)
	if err != nil || p == nil {
		return nil, err
	}
	return a.withPoints(p)
}

// Patrol returns a patrol to whoever walked it and to who may read the
// patrols of its village; others get not found.
func (a *App) Patrol(ctx context.Context, actor guanjia.Actor, id int64) (*guanjia.Patrol, error) {
	p, err := a.db.GetPatrol(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.UserID != actor.UserID && !guanjia.MaySeePatrols(actor, p.Village, p.Jurisdiction, a.committeeVillage(actor)) {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Patrol %d not found.", id)
	}
	return a.withPoints(p)
}

// withPoints counts the check-in points of p's grid.
func (a *App) withPoints(p *guanjia.Patrol) (*guanjia.Patrol, error) {
	pts, err := a.PatrolPoints(p.Grid)
	if err != nil {
		return nil, err
	}
	p.Points = len(pts)
	return p, nil
}

// ownPatrol loads patrol id for its walker to work on, in tx.
func (a *App) ownPatrol(ctx context.Context, tx *store.Tx, actor guanjia.Actor, id int64) (*guanjia.Patrol, guanjia.Grid, error) {
	p, err := tx.GetPatrol(ctx, id)
	if err != nil {
		return nil, guanjia.Grid{}, err
	}
	if p.UserID != actor.UserID {
		return nil, guanjia.Grid{}, guanjia.Errorf(guanjia.ENOTFOUND, "Patrol %d not found.", id)
	}
	if err := guanjia.MayWorkOnPatrol(actor, p); err != nil {
		return nil, guanjia.Grid{}, err
	}
	g, ok := a.grid(p.Grid)
	if !ok {
		return nil, g, guanjia.Errorf(guanjia.EUNPROCESSABLE, "The grid %s of this patrol no longer exists.", p.Grid)
	}
	return p, g, nil
}

// checkPlace checks that (lat, lng) lies in grid g, within the tolerance.
func checkPlace(g guanjia.Grid, lat, lng float64) error {
	if err := guanjia.CheckPatrolPlace(lat, lng, 0); err != nil {
		return err
	}
	outside, err := geo.Outside(g.Geometry, lat, lng)
	if err != nil {
		return fmt.Errorf("grid %s: %w", g.Code, err)
	}
	return guanjia.CheckPatrolPlace(lat, lng, outside)
}

// PatrolCheckin records that actor is at (lat, lng) on their patrol: it
// must lie in the grid (within guanjia.PatrolTolerance); a check-in near
// one of the grid's check-in points visits it.
func (a *App) PatrolCheckin(ctx context.Context, actor guanjia.Actor, id int64, lat, lng float64) (*guanjia.PatrolCheckin, error) {
	var out *guanjia.PatrolCheckin
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		p, g, err := a.ownPatrol(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if len(p.Checkins) >= guanjia.MaxPatrolCheckins {
			return guanjia.Errorf(guanjia.EUNPROCESSABLE, "A patrol has at most %d check-ins.", guanjia.MaxPatrolCheckins)
		}
		if err := checkPlace(g, lat, lng); err != nil {
			return err
		}
		pts, err := geo.PatrolPoints(g.Code, g.Geometry)
		if err != nil {
			return err
		}
		out = &guanjia.PatrolCheckin{PatrolID: id, At: a.now(), Lat: lat, Lng: lng,
			Point: guanjia.NearestPoint(pts, lat, lng, geo.Distance)}
		return tx.AddPatrolCheckin(ctx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("check in on patrol %d: %w", id, err)
	}
	return out, nil
}

// AddFinding logs something found on actor's patrol, where it was, with
// its photos (uploaded before) and the category it would be as a case.
func (a *App) AddFinding(ctx context.Context, actor guanjia.Actor, id int64, f guanjia.PatrolFinding) (*guanjia.PatrolFinding, error) {
	if err := guanjia.CheckFinding(&f); err != nil {
		return nil, err
	}
	if _, ok := a.Category(f.Category); !ok {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "category", "There is no category %q.", f.Category)
	}
	for _, h := range f.Photos {
		if !a.photoExists(h) {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "photos", "Photo %s was not uploaded.", h)
		}
	}
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		p, g, err := a.ownPatrol(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if len(p.Findings) >= guanjia.MaxPatrolFindings {
			return guanjia.Errorf(guanjia.EUNPROCESSABLE, "A patrol has at most %d findings.", guanjia.MaxPatrolFindings)
		}
		if err := checkPlace(g, f.Lat, f.Lng); err != nil {
			return err
		}
		f.ID, f.PatrolID, f.At, f.CaseID = 0, id, a.now(), 0
		return tx.AddPatrolFinding(ctx, &f)
	})
	if err != nil {
		return nil, fmt.Errorf("add finding to patrol %d: %w", id, err)
	}
	return &f, nil
}

// FindingToCase reports a finding of actor's patrol as a case, with its
// place, words and photos; tapping twice gets the same case.
func (a *App) FindingToCase(ctx context.Context, actor guanjia.Actor, patrolID, findingID int64) (*guanjia.Case, error) {
	p, err := a.db.GetPatrol(ctx, patrolID)
	if err != nil {
		return nil, err
	}
	if p.UserID != actor.UserID {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Patrol %d not found.", patrolID)
	}
	i := slices.IndexFunc(p.Findings, func(f guanjia.PatrolFinding) bool { return f.ID == findingID })
	if i < 0 {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "Finding %d not found.", findingID)
	}
	f := p.Findings[i]
	if f.CaseID != 0 {
		c, err := a.db.GetCase(ctx, f.CaseID)
		if err != nil {
			return nil, err
		}
		return redact(c, actor), nil
	}
	rec, err := a.Report(ctx, actor, guanjia.Report{Category: f.Category, Lat: f.Lat, Lng: f.Lng, Description: f.Note,
		Photos: f.Photos, Channel: guanjia.ChannelApp, ClientID: fmt.Sprintf("00000000-0000-4000-8000-%012d", f.ID%1e12)})
	if err != nil {
		return nil, err
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.SetFindingCase(ctx, f.ID, rec.Case.ID)
		if guanjia.ErrorCode(err) == guanjia.ECONFLICT {
			return nil // a second tap, at the same time: the same case, by its client id
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return rec.Case, nil
}

// EndPatrol ends actor's patrol with a summary note.
func (a *App) EndPatrol(ctx context.Context, actor guanjia.Actor, id int64, note string) (*guanjia.Patrol, error) {
	if err := guanjia.CheckTexts("note", note); err != nil {
		return nil, err
	}
	if len([]rune(note)) > guanjia.MaxDescription {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "note", "The note is longer than %d characters.", guanjia.MaxDescription)
	}
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if _, _, err := a.ownPatrol(ctx, tx, actor, id); err != nil {
			return err
		}
		return tx.EndPatrol(ctx, id, a.now(), note)
	})
	if err != nil {
		return nil, fmt.Errorf("end patrol %d: %w", id, err)
	}
	return a.Patrol(ctx, actor, id)
}

// PatrolReport is the patrols of some grids over some weeks, and each
// grid's coverage.
type PatrolReport struct {
	Weeks    int                      `json:"weeks"`
	From     time.Time                `json:"from"`
	Patrols  []*guanjia.Patrol        `json:"patrols"`
	Coverage []guanjia.PatrolCoverage `json:"coverage"`
}

// MaxPatrolWeeks is the longest window of a patrol report.
const MaxPatrolWeeks = 26

// Patrols returns the patrols of the last weeks and the coverage of every
// grid actor may read: a committee's its village's, the command center's
// its town's (village narrows it); a housekeeper their own patrols.
func (a *App) Patrols(ctx context.Context, actor guanjia.Actor, village string, weeks int) (*PatrolReport, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	if weeks < 1 || weeks > MaxPatrolWeeks {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "weeks", "weeks is a number from 1 to %d.", MaxPatrolWeeks)
	}
	now := a.now()
	out := &PatrolReport{Weeks: weeks, From: now.AddDate(0, 0, -7*weeks)}
	f := store.PatrolFilter{From: out.From}
	own := a.committeeVillage(actor)
	switch {
	case actor.Role == guanjia.RoleHousekeeper:
		f.UserID = actor.UserID
	case own != "":
		if village != "" && village != own {
			return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "You may read the patrols of your own village only.")
		}
		village = own
	case guanjia.MaySeePatrols(actor, village, a.townFilter(actor), ""):
		f.Town = a.townFilter(actor)
	default:
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "You may not read patrol records.")
	}
	f.Village = village
	ps, err := a.db.Patrols(ctx, f)
	if err != nil {
		return nil, err
	}
	out.Patrols = ps
	for _, g := range a.ref.Load().index.Grids() {
		if (village != "" && g.Village != village) || (f.Town != "" && g.Jurisdiction != f.Town) ||
			(f.UserID != 0 && g.Code != actor.Grid) {
			continue
		}
		pts, err := geo.PatrolPoints(g.Code, g.Geometry)
		if err != nil {
			return nil, err
		}
		out.Coverage = append(out.Coverage, guanjia.PatrolCoverageOf(g, len(pts), ps, weeks))
		for _, p := range ps {
			if p.Grid == g.Code {
				p.Points = len(pts)
			}
		}
	}
	return out, nil
}
