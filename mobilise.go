package guanjia

import (
	"strings"
	"time"
)

// Mobilisation is a dispatcher's call, from a case, to the housekeepers
// within a radius of it or of a grid to go and look or help.
type Mobilisation struct {
	ID         int64     `json:"id"`
	CaseID     int64     `json:"case_id"`
	CaseNumber string    `json:"case_number"`
	Radius     float64   `json:"radius,omitempty"` // metres around the case
	Grid       string    `json:"grid,omitempty"`   // or everyone of a grid
	Note       string    `json:"note,omitempty"`
	CreatedBy  int64     `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	Called     int       `json:"called"`   // housekeepers asked
	Accepted   int       `json:"accepted"` // who said they would go
	Calls      []Call    `json:"calls,omitempty"`
}

// MobiliseRequest asks for housekeepers within Radius metres of a case, or
// of Grid.
type MobiliseRequest struct {
	Radius float64 `json:"radius,omitempty"`
	Grid   string  `json:"grid,omitempty"`
	Note   string  `json:"note,omitempty"`
}

// Radius limits of a mobilisation, in metres.
const (
	MinMobiliseRadius = 50
	MaxMobiliseRadius = 5000
)

// Validate checks that the request names a radius or a grid, not both.
func (r *MobiliseRequest) Validate() error {
	r.Note, r.Grid = strings.TrimSpace(r.Note), strings.TrimSpace(r.Grid)
	if err := CheckTexts("note", r.Note, "grid", r.Grid); err != nil {
		return err
	}
	switch {
	case (r.Radius == 0) == (r.Grid == ""):
		return FieldErrorf(EINVALID, "radius", "Give either a radius or a grid.")
	case r.Grid == "" && (r.Radius < MinMobiliseRadius || r.Radius > MaxMobiliseRadius):
		return FieldErrorf(EINVALID, "radius", "The radius is from %d to %d metres.", MinMobiliseRadius, MaxMobiliseRadius)
	case len([]rune(r.Note)) > 1000:
		return FieldErrorf(EINVALID, "note", "The text is too long.")
	}
	return nil
}

// MayMobilise reports whether a may call housekeepers to case c: the
// command center, or staff of the unit the case is with.
func MayMobilise(a Actor, c *Case) bool {
	switch a.Role {
	case RoleDispatcher, RoleAdmin:
		return true
	case RoleHandler, RoleUnitLead:
		return a.Unit != "" && a.Unit == c.Unit
	}
	return false
}

// MaySeeMobilisations reports whether a may see who was called to case c
// and who answered: who may mobilise for it, and staff who may work on it.
func MaySeeMobilisations(a Actor, c *Case) bool {
	return MayMobilise(a, c) || a.Privileged(c)
}

// Call statuses.
const (
	CallCalled   = "called"
	CallAccepted = "accepted"
)

// Call is one housekeeper asked by a mobilisation, and their answer.
type Call struct {
	MobilisationID int64      `json:"mobilisation_id"`
	UserID         int64      `json:"user_id"`
	Name           string     `json:"name,omitempty"`
	Status         string     `json:"status"`
	Distance       float64    `json:"distance,omitempty"` // metres from the case, when called by radius
	CalledAt       time.Time  `json:"called_at"`
	AcceptedAt     *time.Time `json:"accepted_at,omitempty"`
	// What the housekeeper needs to find the case; filled when listed.
	CaseID   int64   `json:"case_id,omitempty"`
	Number   string  `json:"case_number,omitempty"`
	Category string  `json:"category,omitempty"`
	Address  string  `json:"address,omitempty"`
	Lat      float64 `json:"lat,omitempty"`
	Lng      float64 `json:"lng,omitempty"`
	Note     string  `json:"note,omitempty"`
}
