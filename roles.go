package guanjia

import "slices"

// RoleSet is a set of roles that may reach something: a route, a page or
// an action. The nil set, AnyRole, lets everyone in, signed in or not.
// Which case, unit, village or housekeeper someone may act on is decided
// beyond the set, by the predicates beside each noun (Allowed, MayMobilise,
// MayPublishTask, ...).
type RoleSet []Role

// Allows reports whether the set lets role r in.
func (s RoleSet) Allows(r Role) bool {
	return s == nil || slices.Contains(s, r)
}

// The role sets, defined once for the JSON API and the pages.
var (
	// AnyRole is everyone, signed in or not.
	AnyRole RoleSet
	// AccountRoles is everyone signed in with an account, whatever its role.
	AccountRoles = RoleSet(Roles)
	// StaffRoles is the town's staff: the command center, the units'
	// handlers and leads, the leaders who watch, and administrators.
	StaffRoles = RoleSet{RoleDispatcher, RoleHandler, RoleUnitLead, RoleLeader, RoleAdmin}
	// CommandRoles is who works at the command center: dispatchers and
	// administrators.
	CommandRoles = RoleSet{RoleDispatcher, RoleAdmin}
	// ConsoleRoles is who opens the command center's console and wall
	// screen: the command center and the leaders who watch it.
	ConsoleRoles = RoleSet{RoleDispatcher, RoleLeader, RoleAdmin}
	// DeskRoles is the staff of a unit, who work cases at its desk:
	// handlers and unit leads.
	DeskRoles = RoleSet{RoleHandler, RoleUnitLead}
	// AdminRoles is the administrators, who keep users, reference data,
	// the points rules and the rewards catalogue.
	AdminRoles = RoleSet{RoleAdmin}
	// ResidentRoles is residents with an account: those who may apply to
	// be housekeepers.
	ResidentRoles = RoleSet{RoleResident}
	// HousekeeperRoles is the housekeepers, who claim tasks, answer calls
	// to help, read notices and redeem points.
	HousekeeperRoles = RoleSet{RoleHousekeeper}
	// MemberRoles is the public with an account: residents and
	// housekeepers, who have points and an application of their own.
	MemberRoles = RoleSet{RoleResident, RoleHousekeeper}
	// KeeperAndStaffRoles is the housekeepers and the town's staff: who
	// see tasks, notices and the mediation of disputes.
	KeeperAndStaffRoles = append(RoleSet{RoleHousekeeper}, StaffRoles...)
	// CommitteeRoles is who decides about housekeepers: handlers and leads
	// (of a village's committee, which the app checks) and administrators.
	CommitteeRoles = RoleSet{RoleHandler, RoleUnitLead, RoleAdmin}
	// OperatorRoles is the staff who act rather than watch: everyone on
	// the staff but leaders. They publish tasks and notices, mobilise
	// housekeepers and check receipts, each within their unit.
	OperatorRoles = RoleSet{RoleDispatcher, RoleHandler, RoleUnitLead, RoleAdmin}

	// PatrolRoles may walk a grid on patrol: housekeepers, and the staff of
	// a village's committee (the app checks the unit and the grid).
	PatrolRoles = RoleSet{RoleHousekeeper, RoleHandler, RoleUnitLead}

	// OwnerRoles is the B&B owners, who keep their own B&Bs' records.
	OwnerRoles = RoleSet{RoleOwner}
	// BnBStaffRoles is the staff who read the B&B registry: the town's
	// staff (a unit's only when it is a village's committee, which the app
	// checks).
	BnBStaffRoles = StaffRoles
	// BnBRoles is who reaches the B&B registry with an account: owners and
	// the staff (each sees what the app lets them).
	BnBRoles = append(RoleSet{RoleOwner}, StaffRoles...)

	// InvestorRoles is the investors, who follow their own projects.
	InvestorRoles = RoleSet{RoleInvestor}
	// ProjectRoles is who reaches investment projects: investors (their
	// own) and the staff (each the projects the app lets them see).
	ProjectRoles = append(RoleSet{RoleInvestor}, StaffRoles...)
	// InspectorRoles is the inspectors of the authorities and the B&B
	// association, who inspect B&Bs and verify rectifications.
	InspectorRoles = RoleSet{RoleInspector}
	// InspectRoles is who records inspections: inspectors, and owners
	// (self-inspections of their own B&Bs, which the app checks).
	InspectRoles = RoleSet{RoleOwner, RoleInspector}
	// InspectionReadRoles is who reads a B&B's inspections: owners (their
	// own), inspectors and the staff who read the registry.
	InspectionReadRoles = append(RoleSet{RoleOwner, RoleInspector}, StaffRoles...)
)

// MayEditReference reports whether a may change the reference data:
// categories, routing rules, grids and the calendar. Administrators may,
// and the system (the import command).
func MayEditReference(a Actor) bool {
	return a.Role == RoleAdmin || a.Role == RoleSystem
}

// SignedIn reports whether a acts with an account of their own, so that
// "my" points, receipts, calls and application mean someone.
func (a Actor) SignedIn() bool {
	return a.UserID != 0
}
