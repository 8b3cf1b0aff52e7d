package guanjia

import "time"

// Role is what a person may do. A user has exactly one role; a handler or
// unit lead also belongs to a unit, a housekeeper to a grid.
type Role string

// Roles. Later modules add more (inspector, steward, ...).
const (
	RoleResident    Role = "resident"
	RoleHousekeeper Role = "housekeeper"
	RoleDispatcher  Role = "dispatcher"
	RoleHandler     Role = "handler"
	RoleUnitLead    Role = "unit_lead"
	RoleLeader      Role = "leader"
	RoleAdmin       Role = "admin"
	// RoleOwner is a B&B's owner: their own B&Bs, nothing of the staff's.
	RoleOwner Role = "owner"
	// RoleInvestor is an investment project's investor: their own
	// projects and their channels, nothing of the staff's.
	RoleInvestor Role = "investor"
	// RoleInspector inspects B&Bs for an authority (fire, police, market
	// supervision) or the B&B association: their unit.
	RoleInspector Role = "inspector"
	// RoleSystem is the actor of background jobs (sweeps, auto-close).
	RoleSystem Role = "system"
	// RoleAnonymous is an unauthenticated caller. One who presents a case's
	// tracking token acts as that case's reporter.
	RoleAnonymous Role = "anonymous"
)

// Roles lists the roles a user account can have.
var Roles = []Role{RoleResident, RoleHousekeeper, RoleDispatcher, RoleHandler, RoleUnitLead, RoleLeader, RoleAdmin, RoleOwner, RoleInvestor, RoleInspector}

// Valid reports whether r is a role a user account can have.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// IsStaff reports whether the role belongs to the town's staff, who may see
// reporters' personal data and internal notes.
func (r Role) IsStaff() bool {
	switch r {
	case RoleDispatcher, RoleHandler, RoleUnitLead, RoleLeader, RoleAdmin, RoleSystem:
		return true
	}
	return false
}

// IsCommand reports whether the role works at the command center.
func (r Role) IsCommand() bool {
	return r == RoleDispatcher || r == RoleAdmin || r == RoleSystem
}

// User is an account.
type User struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	Name         string    `json:"name"`
	Phone        string    `json:"phone,omitempty"`
	Email        string    `json:"email,omitempty"`
	Role         Role      `json:"role"`
	Unit         string    `json:"unit,omitempty"` // unit code, for handlers and unit leads
	Grid         string    `json:"grid,omitempty"` // grid code, for housekeepers
	Jurisdiction string    `json:"jurisdiction"`
	Disabled     bool      `json:"disabled,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	// Version counts the account's changes (a new password, a housekeeper's
	// approval among them); a change made against an older one is refused
	// (ECONFLICT). 0 in a change skips the check.
	Version int `json:"version"`
}

// Actor is whoever performs an action: a signed-in user, an anonymous
// reporter holding a tracking token, or the system.
type Actor struct {
	UserID int64
	Name   string
	Role   Role
	Unit   string // unit code of a handler or unit lead
	Grid   string // grid code of a housekeeper
	// Jurisdiction is the town or county of the account; "" reaches every
	// town (the system).
	Jurisdiction string
	// Tracking is set when an anonymous caller presented the tracking token
	// of the case being acted on: they act as its reporter.
	Tracking bool
}

// SystemActor is the actor of background jobs.
var SystemActor = Actor{Name: "system", Role: RoleSystem}

// ActorOf returns the actor for a signed-in user.
func ActorOf(u *User) Actor {
	return Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Unit: u.Unit, Grid: u.Grid, Jurisdiction: u.Jurisdiction}
}

// IsReporter reports whether a is the reporter of c.
func (a Actor) IsReporter(c *Case) bool {
	return a.Tracking || (a.UserID != 0 && a.UserID == c.ReporterID)
}

// CanSee reports whether a may see case c at all (public fields aside, which
// anyone may see).
func (a Actor) CanSee(c *Case) bool {
	switch a.Role {
	case RoleDispatcher, RoleLeader, RoleAdmin, RoleSystem:
		return true
	case RoleHandler, RoleUnitLead:
		return a.Unit != "" && a.Unit == c.Unit
	case RoleHousekeeper:
		return a.IsReporter(c) || (a.Grid != "" && a.Grid == c.Grid)
	case RoleOwner:
		return a.IsReporter(c) || ownsCase(a, c)
	}
	return a.IsReporter(c)
}

// Privileged reports whether a may see c's personal data and internal notes:
// staff who may work on it.
func (a Actor) Privileged(c *Case) bool {
	return a.Role.IsStaff() && a.CanSee(c)
}

// UserFilter selects users. Nil fields do not filter.
type UserFilter struct {
	Role *Role
	Unit *string
	Grid *string
	// Jurisdiction is the town or county of the accounts.
	Jurisdiction *string
	Limit        int // 0: all
}
