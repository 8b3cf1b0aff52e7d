package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// ApplyHousekeeper records a resident's application to be a housekeeper of
// their grid. A declined applicant may apply again; anyone else who has
// applied already gets a conflict.
func (a *App) ApplyHousekeeper(ctx context.Context, actor guanjia.Actor, ap guanjia.Application) (*guanjia.Housekeeper, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	if !guanjia.MayApplyHousekeeper(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only residents apply to be housekeepers.")
	}
	if err := ap.Validate(); err != nil {
		return nil, err
	}
	g, ok := a.grid(ap.Grid)
	if !ok {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "grid", "There is no grid %q.", ap.Grid)
	}
	if ap.Lat == 0 && ap.Lng == 0 {
		ap.Lat, ap.Lng, _ = geo.Centre(g.Geometry)
	}
	now := a.now()
	h := &guanjia.Housekeeper{UserID: actor.UserID, Name: ap.Name, Phone: ap.Phone, Occupation: ap.Occupation,
		Grid: g.Code, Village: g.Village, Households: ap.Households, Stairwell: ap.Stairwell, Lat: ap.Lat, Lng: ap.Lng,
		Note: ap.Note, Status: guanjia.HousekeeperPending, Version: 1, CreatedAt: now, UpdatedAt: now}
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetHousekeeperByUser(ctx, actor.UserID)
		switch {
		case guanjia.ErrorCode(err) == guanjia.ENOTFOUND:
			return tx.CreateHousekeeper(ctx, h)
		case err != nil:
			return err
		case old.Status != guanjia.HousekeeperDeclined:
			return guanjia.Errorf(guanjia.ECONFLICT, "You have applied already.")
		}
		h.ID, h.CreatedAt, h.Version = old.ID, old.CreatedAt, old.Version+1
		return tx.UpdateHousekeeper(ctx, h, old.Version)
	})
	if err != nil {
		return nil, fmt.Errorf("apply to be a housekeeper: %w", err)
	}
	return h, nil
}

// DecideHousekeeper approves, declines or suspends a housekeeper, as the
// committee of their village or an admin. Approval makes the person's
// account a housekeeper's of that grid; suspension makes it a resident's
// again. The record and the account change together.
func (a *App) DecideHousekeeper(ctx context.Context, actor guanjia.Actor, id int64, d guanjia.HousekeeperDecision, reason string) (*guanjia.Housekeeper, error) {
	var out guanjia.Housekeeper
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		h, err := tx.GetHousekeeper(ctx, id)
		if err != nil {
			return err
		}
		if !a.Reaches(actor.Jurisdiction, h.Jurisdiction) {
			return guanjia.Errorf(guanjia.ENOTFOUND, "Housekeeper %d not found.", id)
		}
		if !guanjia.MayManageHousekeepers(actor, a.committeeVillage(actor), h.Village) {
			return guanjia.Errorf(guanjia.EFORBIDDEN, "Only the committee of the housekeeper's village decides about them.")
		}
		if out, err = guanjia.Decide(*h, d, reason, actor, a.now()); err != nil {
			return err
		}
		if err := tx.UpdateHousekeeper(ctx, &out, h.Version); err != nil {
			return err
		}
		if err := a.switchRole(ctx, tx, &out); err != nil {
			return err
		}
		return a.audit(ctx, tx, actor, guanjia.AuditHousekeeper, string(d), itoa(id), h.Jurisdiction, keeperAudit(h), keeperAudit(&out))
	})
	if err != nil {
		return nil, fmt.Errorf("%s housekeeper %d: %w", d, id, err)
	}
	return &out, nil
}

// keeperAuditView is what the audit log keeps of a housekeeper: who, where
// and the decision, not their phone nor the place they watch over.
type keeperAuditView struct {
	UserID int64                     `json:"user_id"`
	Name   string                    `json:"name"`
	Grid   string                    `json:"grid"`
	Status guanjia.HousekeeperStatus `json:"status"`
	Reason string                    `json:"reason,omitempty"`
}

func keeperAudit(h *guanjia.Housekeeper) keeperAuditView {
	return keeperAuditView{UserID: h.UserID, Name: h.Name, Grid: h.Grid, Status: h.Status, Reason: h.Reason}
}

// switchRole gives the account of an approved housekeeper the housekeeper
// role and grid, and takes the role from a suspended one. Staff accounts
// are left alone.
func (a *App) switchRole(ctx context.Context, tx *store.Tx, h *guanjia.Housekeeper) error {
	u, err := tx.GetUser(ctx, h.UserID)
	if err != nil {
		return err
	}
	switch {
	case h.Status == guanjia.HousekeeperApproved && (u.Role == guanjia.RoleResident || u.Role == guanjia.RoleHousekeeper):
		u.Role, u.Grid = guanjia.RoleHousekeeper, h.Grid
	case h.Status == guanjia.HousekeeperSuspended && u.Role == guanjia.RoleHousekeeper:
		u.Role = guanjia.RoleResident
	default:
		return nil
	}
	return tx.UpdateUser(ctx, u)
}

// committeeVillage returns the village of actor's unit when it is a
// committee, "" otherwise.
func (a *App) committeeVillage(actor guanjia.Actor) string {
	if actor.Role != guanjia.RoleHandler && actor.Role != guanjia.RoleUnitLead {
		return ""
	}
	if u, ok := a.Unit(actor.Unit); ok && u.Kind == guanjia.UnitCommittee {
		return u.Village
	}
	return ""
}

// Housekeepers lists housekeepers and applications, with their phone
// numbers: for the command center and leaders all, for a committee's staff
// their own village's, for other units' staff none.
func (a *App) Housekeepers(ctx context.Context, actor guanjia.Actor, f guanjia.HousekeeperFilter) ([]*guanjia.Housekeeper, error) {
	v := a.committeeVillage(actor)
	if !guanjia.MaySeeHousekeepers(actor, v) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the command center and the committees see the housekeepers.")
	}
	if v != "" {
		f.Village = &v
	}
	if town := a.townFilter(actor); town != "" {
		f.Jurisdiction = &town // a town's staff see their town's housekeepers
	}
	return a.db.Housekeepers(ctx, f)
}

// MyHousekeeper returns the caller's own application or record.
func (a *App) MyHousekeeper(ctx context.Context, actor guanjia.Actor) (*guanjia.Housekeeper, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	return a.db.GetHousekeeperByUser(ctx, actor.UserID)
}

// errNotServing refuses who is not an approved housekeeper.
var errNotServing = guanjia.Errorf(guanjia.EFORBIDDEN, "Only approved housekeepers may do this.")

// signedIn refuses an actor without an account of their own.
func signedIn(actor guanjia.Actor) error {
	if !actor.SignedIn() {
		return guanjia.Errorf(guanjia.EUNAUTHORIZED, "Sign in first.")
	}
	return nil
}

// activeHousekeeper returns the caller's record if they are an approved
// housekeeper, and a forbidden error otherwise.
func (a *App) activeHousekeeper(ctx context.Context, r interface {
	GetHousekeeperByUser(context.Context, int64) (*guanjia.Housekeeper, error)
}, actor guanjia.Actor) (*guanjia.Housekeeper, error) {
	h, err := r.GetHousekeeperByUser(ctx, actor.UserID)
	if guanjia.ErrorCode(err) == guanjia.ENOTFOUND || (err == nil && !h.Active()) {
		return nil, errNotServing
	}
	return h, err
}

// CoverageReport is the coverage of every grid and of the town.
type CoverageReport struct {
	Grids []guanjia.Coverage `json:"grids"`
	Total guanjia.Coverage   `json:"total"`
}

// Coverage works out, per grid, the approved housekeepers against the
// households (the aim: one for every ten), optionally for one village; a
// town's staff see their town's grids only, everyone else every town's.
func (a *App) Coverage(ctx context.Context, actor guanjia.Actor, village string) (*CoverageReport, error) {
	counts, err := a.db.HousekeepersByGrid(ctx)
	if err != nil {
		return nil, err
	}
	rep := &CoverageReport{Grids: []guanjia.Coverage{}}
	all := guanjia.Grid{Village: village}
	var housekeepers, covered, gap int
	town := a.townFilter(actor)
	for _, g := range a.ref.Load().index.Grids() {
		if village != "" && g.Village != village || town != "" && g.Jurisdiction != town {
			continue
		}
		n := counts[g.Code]
		c := guanjia.GridCoverage(g, n.Housekeepers, n.Households)
		rep.Grids = append(rep.Grids, c)
		all.Households += g.Households
		housekeepers, covered, gap = housekeepers+c.Housekeepers, covered+c.Covered, gap+c.Gap
	}
	// The town's gap is the sum of the grids': a grid's surplus does not
	// cover another's shortfall.
	rep.Total = guanjia.GridCoverage(all, housekeepers, covered)
	rep.Total.Gap = gap
	return rep, nil
}

// grid returns the grid with a code.
func (a *App) grid(code string) (guanjia.Grid, bool) {
	for _, g := range a.ref.Load().index.Grids() {
		if g.Code == code {
			return g, true
		}
	}
	return guanjia.Grid{}, false
}
