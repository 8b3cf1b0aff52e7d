package guanjia

import "time"

// Complaints about a B&B: cases linked to it, by the reporter's choice on
// the report form (or the Open311 attribute bnb_id), by place (a complaint
// in the B&B category within BnBLinkMetres of exactly one B&B's point), or
// by the staff.

// How a case came to be linked to a B&B.
const (
	BnBLinkChosen = "chosen" // the reporter chose the B&B
	BnBLinkPlace  = "place"  // the report's point is at the B&B
	BnBLinkStaff  = "staff"  // a staff member linked it
)

// BnBComplaintCategory is the category whose reports are linked to a B&B.
const BnBComplaintCategory = "bnb-complaint"

// BnBAttribute is the report attribute that names a B&B by its number in
// the registry (the web form's picker and Open311's attribute[bnb_id]).
const BnBAttribute = "bnb_id"

// BnBLinkMetres is how near a B&B's point a complaint must be to be linked
// to it by place; with two or more B&Bs that near, none is chosen.
const BnBLinkMetres = 15.0

// CaseBnB is a case linked to a B&B.
type CaseBnB struct {
	CaseID   int64     `json:"case_id"`
	BnBID    int64     `json:"bnb_id"`
	How      string    `json:"how"`
	LinkedBy int64     `json:"linked_by,omitempty"`
	LinkedAt time.Time `json:"linked_at"`
}

// ComplaintOpen reports whether a complaint is still being handled.
func ComplaintOpen(s Status) bool {
	return s == StatusNew || s == StatusDispatched || s == StatusAccepted || s == StatusResolved
}

// ComplaintUpheld reports whether a complaint was upheld: handled to a
// result (resolved) and then closed, by the reporter's confirmation or
// without an answer in time. Rejected (invalid) and merged complaints are
// not upheld, nor open ones.
func ComplaintUpheld(c *Case) bool {
	return c.Status == StatusClosed && c.ResolvedAt != nil
}

// BnBComplaints is what a B&B's public page shows of its complaints:
// counts, and counts per category, never a case or a reporter.
type BnBComplaints struct {
	Open       int            `json:"open"`
	Past       int            `json:"past"`
	Upheld     int            `json:"upheld"`
	Categories map[string]int `json:"categories"`
}

// MayLinkBnB reports whether a may link a case to a B&B or unlink it: the
// staff who work cases.
func MayLinkBnB(a Actor) bool { return OperatorRoles.Allows(a.Role) }
