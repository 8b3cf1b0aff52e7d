package guanjia

import (
	"strings"
	"time"
)

// Occupation is what a housekeeper does for a living: mostly the jobs that
// take people along the same streets every day.
type Occupation string

// Occupations.
const (
	OccupationPostman     Occupation = "postman"
	OccupationCourier     Occupation = "courier"
	OccupationTaxiDriver  Occupation = "taxi_driver"
	OccupationMilkCarrier Occupation = "milk_carrier"
	OccupationHomemaker   Occupation = "homemaker"
	OccupationShopkeeper  Occupation = "shopkeeper"
	OccupationRetiree     Occupation = "retiree"
	OccupationCleaner     Occupation = "cleaner"
	OccupationOther       Occupation = "other"
)

// Occupations lists every occupation.
var Occupations = []Occupation{OccupationPostman, OccupationCourier, OccupationTaxiDriver,
	OccupationMilkCarrier, OccupationHomemaker, OccupationShopkeeper, OccupationRetiree,
	OccupationCleaner, OccupationOther}

// Valid reports whether o is a known occupation.
func (o Occupation) Valid() bool { return member(Occupations, o) }

// HousekeeperStatus is where an application or a housekeeper stands.
type HousekeeperStatus string

// Housekeeper statuses: an application is pending until the committee
// approves or declines it; an approved housekeeper can be suspended and
// later reinstated (approved again).
const (
	HousekeeperPending   HousekeeperStatus = "pending"
	HousekeeperApproved  HousekeeperStatus = "approved"
	HousekeeperDeclined  HousekeeperStatus = "declined"
	HousekeeperSuspended HousekeeperStatus = "suspended"
)

// HousekeeperStatuses lists every status.
var HousekeeperStatuses = []HousekeeperStatus{HousekeeperPending, HousekeeperApproved, HousekeeperDeclined, HousekeeperSuspended}

// Valid reports whether s is a known status.
func (s HousekeeperStatus) Valid() bool { return member(HousekeeperStatuses, s) }

// Housekeeper is a resident's application to be a housekeeper and, once
// approved, their record: where they watch over and how many households.
type Housekeeper struct {
	ID         int64             `json:"id"`
	UserID     int64             `json:"user_id"`
	Name       string            `json:"name"`
	Phone      string            `json:"phone,omitempty"`
	Occupation Occupation        `json:"occupation"`
	Grid       string            `json:"grid"`
	Village    string            `json:"village"`
	Households int               `json:"households"`          // households covered
	Stairwell  string            `json:"stairwell,omitempty"` // the building, stairwell or lane covered
	Lat        float64           `json:"lat"`                 // where they watch over, WGS84
	Lng        float64           `json:"lng"`
	Note       string            `json:"note,omitempty"` // the applicant's words
	Status     HousekeeperStatus `json:"status"`
	Reason     string            `json:"reason,omitempty"` // of the last decision
	DecidedBy  int64             `json:"decided_by,omitempty"`
	DecidedAt  *time.Time        `json:"decided_at,omitempty"`
	Version    int               `json:"version"`
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
	// Jurisdiction is the town of their grid, read from the store.
	Jurisdiction string `json:"jurisdiction,omitempty"`
}

// Active reports whether h is an approved housekeeper now.
func (h *Housekeeper) Active() bool { return h.Status == HousekeeperApproved }

// Application is what a resident submits to become a housekeeper. Lat and
// Lng are optional; without them the grid's centre stands in.
type Application struct {
	Name       string     `json:"name"`
	Phone      string     `json:"phone"`
	Occupation Occupation `json:"occupation"`
	Grid       string     `json:"grid"`
	Households int        `json:"households"`
	Stairwell  string     `json:"stairwell,omitempty"`
	Lat        float64    `json:"lat,omitempty"`
	Lng        float64    `json:"lng,omitempty"`
	Note       string     `json:"note,omitempty"`
}

// MaxHouseholds is the most households one housekeeper may say they cover.
const MaxHouseholds = 200

// Validate checks an application's own fields.
func (ap *Application) Validate() error {
	ap.Name, ap.Phone = strings.TrimSpace(ap.Name), strings.TrimSpace(ap.Phone)
	ap.Stairwell, ap.Note = strings.TrimSpace(ap.Stairwell), strings.TrimSpace(ap.Note)
	err := CheckTexts("name", ap.Name, "phone", ap.Phone, "occupation", string(ap.Occupation),
		"grid", ap.Grid, "stairwell", ap.Stairwell, "note", ap.Note)
	if err != nil {
		return err
	}
	switch {
	case ap.Name == "" || len([]rune(ap.Name)) > 50:
		return FieldErrorf(EINVALID, "name", "A name of 1 to 50 characters is required.")
	case !validPhone(ap.Phone):
		return FieldErrorf(EINVALID, "phone", "A phone number of 5 to 20 digits is required.")
	case !ap.Occupation.Valid():
		return FieldErrorf(EINVALID, "occupation", "Unknown occupation %q.", ap.Occupation)
	case ap.Grid == "":
		return FieldErrorf(EINVALID, "grid", "Choose the grid you live in.")
	case ap.Households < 1 || ap.Households > MaxHouseholds:
		return FieldErrorf(EINVALID, "households", "Households covered must be from 1 to %d.", MaxHouseholds)
	case len([]rune(ap.Stairwell)) > 200 || len([]rune(ap.Note)) > 1000:
		return FieldErrorf(EINVALID, "note", "The text is too long.")
	case ap.Lat < -90 || ap.Lat > 90 || ap.Lng < -180 || ap.Lng > 180:
		return FieldErrorf(EINVALID, "lat", "Latitude must be between -90 and 90.")
	}
	return nil
}

func validPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '-' || r == ' ':
		default:
			return false
		}
	}
	return digits >= 5 && digits <= 20
}

// HousekeeperDecision is what a committee decides about a housekeeper.
type HousekeeperDecision string

// Decisions: approve a pending application or reinstate a suspended
// housekeeper; decline a pending application; suspend an approved one.
const (
	DecisionApprove HousekeeperDecision = "approve"
	DecisionDecline HousekeeperDecision = "decline"
	DecisionSuspend HousekeeperDecision = "suspend"
)

var decisionFrom = map[HousekeeperDecision][]HousekeeperStatus{
	DecisionApprove: {HousekeeperPending, HousekeeperSuspended},
	DecisionDecline: {HousekeeperPending},
	DecisionSuspend: {HousekeeperApproved},
}

var decisionTo = map[HousekeeperDecision]HousekeeperStatus{
	DecisionApprove: HousekeeperApproved, DecisionDecline: HousekeeperDeclined, DecisionSuspend: HousekeeperSuspended,
}

// MayManageHousekeepers reports whether a may decide about housekeepers of
// village: an admin, or a handler or lead of the committee unit that owns
// the village (committeeVillage is the village of a's unit when that unit
// is a committee, "" otherwise).
func MayManageHousekeepers(a Actor, committeeVillage, village string) bool {
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleHandler, RoleUnitLead:
		return committeeVillage != "" && committeeVillage == village
	}
	return false
}

// MaySeeHousekeepers reports whether a may list housekeepers and their
// applications, with phone numbers: the command center, leaders and the
// system all of them, a committee's staff their own village's
// (committeeVillage, "" when a's unit is not a committee), nobody else.
func MaySeeHousekeepers(a Actor, committeeVillage string) bool {
	switch a.Role {
	case RoleDispatcher, RoleLeader, RoleAdmin, RoleSystem:
		return true
	case RoleHandler, RoleUnitLead:
		return committeeVillage != ""
	}
	return false
}

// MayApplyHousekeeper reports whether a may apply to be a housekeeper:
// residents and housekeepers (to see their application again) with an
// account. Staff do not apply.
func MayApplyHousekeeper(a Actor) bool {
	return a.SignedIn() && MemberRoles.Allows(a.Role)
}

// MayServe reports whether a works as a housekeeper: claims and does
// tasks, answers calls to help and acknowledges notices. Whether their
// record is approved is checked where it matters (claiming, redeeming).
func MayServe(a Actor) bool {
	return a.SignedIn() && a.Role == RoleHousekeeper
}

// Decide applies a committee's decision to h and returns h as it must
// become. Declining and suspending need a reason.
func Decide(h Housekeeper, d HousekeeperDecision, reason string, by Actor, now time.Time) (Housekeeper, error) {
	from, ok := decisionFrom[d]
	if !ok {
		return h, Errorf(EINVALID, "Unknown decision %q.", d)
	}
	if !member(from, h.Status) {
		return h, Errorf(ECONFLICT, "A housekeeper who is %s cannot be given the decision %s.", h.Status, d)
	}
	reason = strings.TrimSpace(reason)
	if d != DecisionApprove && reason == "" {
		return h, FieldErrorf(EINVALID, "reason", "A reason is required.")
	}
	if len([]rune(reason)) > 1000 {
		return h, FieldErrorf(EINVALID, "reason", "The text is too long.")
	}
	h.Status, h.Reason, h.DecidedBy = decisionTo[d], reason, by.UserID
	h.DecidedAt, h.UpdatedAt = ptr(now), now
	h.Version++
	return h, nil
}

// HouseholdsPerHousekeeper is the aim: one housekeeper for every ten households.
const HouseholdsPerHousekeeper = 10

// Coverage is how well a grid is watched over.
type Coverage struct {
	Grid         string  `json:"grid"`
	Name         string  `json:"name"`
	Village      string  `json:"village"`
	Households   int     `json:"households"`
	Housekeepers int     `json:"housekeepers"` // approved
	Covered      int     `json:"covered"`      // households they say they cover, at most Households
	Ratio        float64 `json:"ratio"`        // households per housekeeper; 0 with none
	Needed       int     `json:"needed"`       // housekeepers the aim asks for
	Gap          int     `json:"gap"`          // housekeepers missing to reach the aim
}

// GridCoverage works out a grid's coverage from its approved housekeepers'
// count and the households they cover.
func GridCoverage(g Grid, housekeepers, covered int) Coverage {
	c := Coverage{Grid: g.Code, Name: g.Name, Village: g.Village, Households: g.Households,
		Housekeepers: housekeepers, Covered: min(covered, g.Households)}
	c.Needed = (g.Households + HouseholdsPerHousekeeper - 1) / HouseholdsPerHousekeeper
	c.Gap = max(c.Needed-housekeepers, 0)
	if housekeepers > 0 {
		c.Ratio = float64(g.Households) / float64(housekeepers)
	}
	return c
}

// member reports whether v is in vs.
func member[T comparable](vs []T, v T) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// HousekeeperFilter selects housekeepers. Nil fields do not filter.
type HousekeeperFilter struct {
	Jurisdiction *string // the town
	Grid         *string
	Village      *string
	Status       []HousekeeperStatus
	Occupation   *Occupation
	// Near selects approved housekeepers whose place is within the circle.
	Near  *Circle
	After int64 // ids above this, for paging
	Limit int   // 0: DefaultHousekeeperLimit
}

// Page sizes of Housekeepers.
const (
	DefaultHousekeeperLimit = 500
	MaxHousekeeperLimit     = 5000
)
