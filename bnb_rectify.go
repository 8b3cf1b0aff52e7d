package guanjia

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Rectification (整改): each failed item of an inspector's inspection
// becomes a case addressed to the B&B's owner. The owner is a unit of one
// (OwnerUnit), so the closed loop's sign-for and resolve work for them as
// for a unit's handler. The case closes only when an inspector of the
// authority re-inspects and verifies it: they take the reporter's place in
// the loop (canVerify), and the sweep never closes it by itself.

// The rectification categories: serious items (fire exits, extinguishers)
// have a short deadline, the others a long one. Migration 0140 adds both,
// inactive so that nobody reports them.
const (
	CategoryRectifyUrgent = "bnb-rectify-urgent" // 72 clock hours
	CategoryRectify       = "bnb-rectify"        // 15 working days
)

// IsRectification reports whether c is a rectification case.
func IsRectification(c *Case) bool {
	return c.Category == CategoryRectify || c.Category == CategoryRectifyUrgent
}

// RectifyCategory returns the category of a failed item's case.
func RectifyCategory(it ChecklistItem) string {
	if it.Serious {
		return CategoryRectifyUrgent
	}
	return CategoryRectify
}

// ownerUnitPrefix makes an owner's unit code: "owner-17".
const ownerUnitPrefix = "owner-"

// OwnerUnit is the unit code rectification cases of an owner's B&Bs are
// dispatched to. It is not a row of the units table: its only member is the
// owner, recognised by their account.
func OwnerUnit(userID int64) string { return ownerUnitPrefix + strconv.FormatInt(userID, 10) }

// IsOwnerUnit reports whether unit is an owner's unit.
func IsOwnerUnit(unit string) bool { return strings.HasPrefix(unit, ownerUnitPrefix) }

// OwnerUnitPublic is what those who may not see a rectification case in
// full see of its owner's unit: that a B&B's owner has it, not whose
// account that is.
const OwnerUnitPublic = "bnb-owner"

// PublicUnit returns unit as the public sees it.
func PublicUnit(unit string) string {
	if IsOwnerUnit(unit) {
		return OwnerUnitPublic
	}
	return unit
}

// OwnerUnitLabel names an owner's unit, or OwnerUnitPublic, in a language
// ("zh" or "en"), as Unit.Name names a unit.
func OwnerUnitLabel(lang string) string {
	if lang == "en" {
		return "The B&B's owner"
	}
	return "民宿经营者"
}

// ownsCase reports whether a is the owner a rectification case is addressed to.
func ownsCase(a Actor, c *Case) bool {
	return a.Role == RoleOwner && a.UserID != 0 && c.Unit == OwnerUnit(a.UserID)
}

// NoteRectifyOwner is the timeline note of an open rectification moved to
// its B&B's new owner: the B&B's name, the previous owner, the new one.
const NoteRectifyOwner = "B&B %s changed owner: this rectification moved from %s to %s."

// Rectification is the link of a case to the inspection item it came from.
type Rectification struct {
	CaseID       int64      `json:"case_id"`
	Number       string     `json:"number,omitempty"`
	Status       Status     `json:"status,omitempty"`
	BnBID        int64      `json:"bnb_id"`
	BnBName      string     `json:"bnb_name,omitempty"`
	InspectionID int64      `json:"inspection_id"`
	Kind         string     `json:"kind"`
	Item         string     `json:"item"`
	Serious      bool       `json:"serious"`
	Authority    string     `json:"authority"` // the inspector's unit, where overdue rectification escalates
	InspectorID  int64      `json:"inspector_id"`
	DueAt        time.Time  `json:"due_at"`
	ResolvedAt   *time.Time `json:"resolved_at,omitempty"`
	VerifiedAt   *time.Time `json:"verified_at,omitempty"`
	VerifiedBy   int64      `json:"verified_by,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

// Overdue reports whether the rectification is still not fixed past its
// deadline: such cases appear on the authority's list.
func (r *Rectification) Overdue(now time.Time) bool {
	return r.VerifiedAt == nil && r.ResolvedAt == nil && now.After(r.DueAt)
}

// OnTime reports whether it was fixed (resolved by the owner, then
// verified) by its deadline.
func (r *Rectification) OnTime() bool {
	return r.VerifiedAt != nil && r.ResolvedAt != nil && !r.ResolvedAt.After(r.DueAt)
}

// MayReinspect reports whether a may verify rectification r: an inspector
// of its authority.
func MayReinspect(a Actor, r *Rectification) bool {
	return a.Role == RoleInspector && a.UserID != 0 && a.Unit != "" && a.Unit == r.Authority
}

// ReputationParts are the counts a B&B's score is made of, over the last
// ReputationWindow.
type ReputationParts struct {
	Passed, Failed   int     // items of inspectors' inspections
	Rectifications   int     // rectification cases due in the window
	OnTime           int     // of them, fixed by the deadline and verified
	ComplaintsUpheld int     // complaints linked to the B&B, resolved and closed (not rejected or merged)
	RatingAvg        float64 // guests' rating, 1..5; 0 none
	RatingCount      int
}

// ReputationWindow is how far back the score looks.
const ReputationWindow = 365 * 24 * time.Hour

// The formula's weights (percent) and the value of a part without data.
const (
	WeightInspection    = 40
	WeightRectification = 25
	WeightComplaints    = 15
	WeightRating        = 20
	NeutralPart         = 60 // a part with no data yet
	ComplaintPenalty    = 20 // points of the complaints part per upheld complaint
)

// Reputation is a B&B's score, 0..100, and each part of it, 0..100.
type Reputation struct {
	Score         int             `json:"score"`
	Inspection    float64         `json:"inspection"`
	Rectification float64         `json:"rectification"`
	Complaints    float64         `json:"complaints"`
	Rating        float64         `json:"rating"`
	Parts         ReputationParts `json:"parts"`
}

// Score computes the reputation from its parts:
//
//	inspection    = passed / (passed + failed) × 100        (none: 60)
//	rectification = on time / due × 100                      (none: 100)
//	complaints    = max(0, 100 − 20 × upheld)
//	rating        = average / 5 × 100                        (none: 60)
//	score = round(0.40 inspection + 0.25 rectification + 0.15 complaints + 0.20 rating)
func Score(p ReputationParts) Reputation {
	r := Reputation{Parts: p, Inspection: NeutralPart, Rectification: 100, Rating: NeutralPart}
	if n := p.Passed + p.Failed; n > 0 {
		r.Inspection = 100 * float64(p.Passed) / float64(n)
	}
	if p.Rectifications > 0 {
		r.Rectification = 100 * float64(min(p.OnTime, p.Rectifications)) / float64(p.Rectifications)
	}
	r.Complaints = math.Max(0, 100-ComplaintPenalty*float64(p.ComplaintsUpheld))
	if p.RatingCount > 0 && p.RatingAvg > 0 {
		r.Rating = 100 * math.Min(p.RatingAvg, 5) / 5
	}
	r.Score = int(math.Round((WeightInspection*r.Inspection + WeightRectification*r.Rectification +
		WeightComplaints*r.Complaints + WeightRating*r.Rating) / 100))
	return r
}

// GuestRating is a B&B's guests' rating as the association imports it from
// the booking platforms: an average of 1..5 over a count of reviews.
type GuestRating struct {
	BnBID     int64     `json:"bnb_id"`
	Average   float64   `json:"average"`
	Count     int       `json:"count"`
	Source    string    `json:"source"`
	UpdatedAt time.Time `json:"updated_at"`
}

// CheckRating validates a guest rating.
func CheckRating(g *GuestRating) error {
	g.Source = strings.TrimSpace(g.Source)
	switch {
	case !(g.Average >= 1 && g.Average <= 5):
		return FieldErrorf(EINVALID, "average", "The average rating is from 1 to 5.")
	case g.Count < 1 || g.Count > 1000000:
		return FieldErrorf(EINVALID, "count", "Give how many reviews the average is of.")
	case g.Source == "" || len([]rune(g.Source)) > 40:
		return FieldErrorf(EINVALID, "source", "Name the source of the rating (at most 40 characters).")
	}
	return CheckText("source", g.Source)
}

// MayRateBnB reports whether a may import a B&B's guest rating: the staff
// who set its standing (not its owner).
func MayRateBnB(a Actor) bool {
	return a.Role == RoleDispatcher || a.Role == RoleAdmin || a.Role == RoleSystem
}
