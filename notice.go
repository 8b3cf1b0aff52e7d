package guanjia

import (
	"strings"
	"time"
)

// Notice scopes: who a notice is for.
const (
	ScopeTown    = "town"
	ScopeVillage = "village"
	ScopeGrid    = "grid"
)

// Notice is a publicity message to the housekeepers of a grid, a village
// or the whole town, with read receipts.
type Notice struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Scope     string    `json:"scope"`          // town, village or grid
	Area      string    `json:"area,omitempty"` // the village or grid code
	Unit      string    `json:"unit,omitempty"` // the publishing unit; "" is the command center
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	// Recipients and Read count the housekeepers it went to and who read it.
	Recipients int `json:"recipients"`
	Read       int `json:"read"`
	// ReadAt is when the reader read it, for a recipient's own view.
	ReadAt *time.Time `json:"read_at,omitempty"`
}

// ReadShare returns the share of recipients who read n, 0 to 1.
func (n *Notice) ReadShare() float64 {
	if n.Recipients == 0 {
		return 0
	}
	return float64(n.Read) / float64(n.Recipients)
}

// Validate checks a new notice's own fields.
func (n *Notice) Validate() error {
	n.Title, n.Body = strings.TrimSpace(n.Title), strings.TrimSpace(n.Body)
	if err := CheckTexts("title", n.Title, "body", n.Body, "scope", n.Scope, "area", n.Area); err != nil {
		return err
	}
	switch {
	case n.Title == "" || len([]rune(n.Title)) > 100:
		return FieldErrorf(EINVALID, "title", "A title of 1 to 100 characters is required.")
	case n.Body == "" || len([]rune(n.Body)) > MaxDescription:
		return FieldErrorf(EINVALID, "body", "A text of 1 to %d characters is required.", MaxDescription)
	case n.Scope != ScopeTown && n.Scope != ScopeVillage && n.Scope != ScopeGrid:
		return FieldErrorf(EINVALID, "scope", "The scope is town, village or grid.")
	case (n.Scope == ScopeTown) != (n.Area == ""):
		return FieldErrorf(EINVALID, "area", "Name the village or grid, and none for the whole town.")
	}
	return nil
}

// MayPublishNotice reports whether a may publish to an area in village
// ("" for the whole town): the command center anywhere, a committee's
// staff in their own village (committeeVillage, "" when a's unit is not a
// committee).
func MayPublishNotice(a Actor, committeeVillage, village string) bool {
	switch a.Role {
	case RoleDispatcher, RoleAdmin:
		return true
	case RoleHandler, RoleUnitLead:
		return committeeVillage != "" && village == committeeVillage
	}
	return false
}

// MayReadNotices reports whether a may list and read notices: housekeepers
// those addressed to them, staff all of them with their read counts.
func MayReadNotices(a Actor) bool {
	return a.Role == RoleHousekeeper || a.Role.IsStaff()
}
