package guanjia

import (
	"strings"
	"time"
)

// Status is where a case stands in the closed loop.
type Status string

// Statuses of the closed loop.
const (
	StatusNew        Status = "new"        // reported, awaiting triage
	StatusDispatched Status = "dispatched" // sent to a unit; the sign-for clock runs
	StatusAccepted   Status = "accepted"   // signed for; the resolve clock runs
	StatusResolved   Status = "resolved"   // handled, awaiting the reporter's confirmation
	StatusClosed     Status = "closed"     // confirmed fixed, or no answer in time
	StatusRejected   Status = "rejected"   // invalid
	StatusMerged     Status = "merged"     // a duplicate of another case
)

// Statuses lists every status in loop order.
var Statuses = []Status{StatusNew, StatusDispatched, StatusAccepted, StatusResolved, StatusClosed, StatusRejected, StatusMerged}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// Open reports whether a case in this status still awaits work.
func (s Status) Open() bool {
	switch s {
	case StatusNew, StatusDispatched, StatusAccepted, StatusResolved:
		return true
	}
	return false
}

// Channel is how a case came in.
type Channel string

// Channels.
const (
	ChannelWeb     Channel = "web"
	ChannelApp     Channel = "app"
	ChannelAPI     Channel = "api"
	ChannelOpen311 Channel = "open311"
	ChannelPhone   Channel = "phone"
)

// Case is one reported problem and where it stands in the closed loop.
type Case struct {
	ID           int64   `json:"id"`
	Number       string  `json:"number"` // e.g. WZ-20261128-0042, unique per jurisdiction
	Jurisdiction string  `json:"jurisdiction"`
	Status       Status  `json:"status"`
	Category     string  `json:"category"`
	Priority     int     `json:"priority"` // 1 urgent .. 4 low
	Lat          float64 `json:"lat"`      // WGS84
	Lng          float64 `json:"lng"`      // WGS84
	Address      string  `json:"address"`
	// Place tells where the case is in words when the reporter gave no
	// address: from the nearest landmark and the grid (DescribePlace).
	Place       *PlaceText `json:"place,omitempty"`
	Description string     `json:"description"`
	// Attributes are the answers to the category's extra questions.
	Attributes map[string]any `json:"attributes,omitempty"`
	Grid       string         `json:"grid"`    // grid code, "" outside every grid
	Village    string         `json:"village"` // village or community code
	Unit       string         `json:"unit"`    // unit code the case is with, "" before dispatch
	Channel    Channel        `json:"channel"`
	Photos     []string       `json:"photos,omitempty"` // media hashes
	// ClientID is the reporter device's UUID for the report: it makes a
	// retried submission idempotent and is never shown, not even to staff.
	ClientID string `json:"-"`
	// ReporterKey says who submitted the case, so that a client_id is
	// unique per reporter: "user:ID" for an account, "system:NAME" for a
	// system forwarding reports (Open311), "addr:ADDRESS" for a person
	// without an account. Never shown.
	ReporterKey string `json:"-"`

	// The reporter. Contact details are personal data: staff only.
	ReporterID    int64  `json:"reporter_id,omitempty"`
	ReporterName  string `json:"reporter_name,omitempty"`
	ReporterPhone string `json:"reporter_phone,omitempty"`
	ReporterEmail string `json:"reporter_email,omitempty"`
	// TrackingHash is the SHA-256 of the anonymous reporter's tracking token.
	TrackingHash string `json:"-"`

	Returns          int        `json:"returns"`          // times returned by units since the last dispatcher ruling
	Disputed         bool       `json:"disputed"`         // returned too often: the next dispatch is final
	FinalDispatch    bool       `json:"final_dispatch"`   // the current dispatch cannot be returned
	EscalationLevel  int        `json:"escalation_level"` // 0 none, 1 unit lead, 2 command center, 3 county
	MergedInto       int64      `json:"merged_into,omitempty"`
	Satisfaction     int        `json:"satisfaction,omitempty"` // 1..5 when verified fixed
	Reopened         int        `json:"reopened"`               // times reported not fixed
	Supervised       bool       `json:"supervised,omitempty"`   // flagged for supervision by a leader
	Referred         bool       `json:"referred,omitempty"`     // handed up to the county's command center
	Followers        int        `json:"followers"`
	PendingExtension *Extension `json:"pending_extension,omitempty"`
	// Handler is the unit's staff member the case is assigned to, 0 while
	// it is the whole unit's (assignment.go).
	Handler int64 `json:"handler,omitempty"`
	// Supervision is the latest supervision order (督办) and the unit's
	// feedback to it (supervision.go).
	Supervision *Supervision `json:"supervision,omitempty"`

	// TriageDueAt is when a new case must be dispatched by (triage.go).
	TriageDueAt *time.Time `json:"triage_due_at,omitempty"`

	SignDueAt    *time.Time `json:"sign_due_at"`
	ResolveDueAt *time.Time `json:"resolve_due_at"`
	DispatchedAt *time.Time `json:"dispatched_at,omitempty"`
	AcceptedAt   *time.Time `json:"accepted_at,omitempty"`
	ResolvedAt   *time.Time `json:"resolved_at,omitempty"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	// Resolution is the handler's latest result note.
	Resolution string `json:"resolution,omitempty"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Extension is a pending request to move the resolve deadline.
type Extension struct {
	Until       time.Time `json:"until"`
	Reason      string    `json:"reason"`
	RequestedBy int64     `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
}

// RunningStatuses are the statuses in which a deadline runs (DueAt): a
// case of any other is never overdue.
var RunningStatuses = []Status{StatusNew, StatusDispatched, StatusAccepted}

// DueAt returns the deadline that currently runs, if any: dispatch while
// new (the triage clock), sign-for while dispatched, resolve while accepted.
func (c *Case) DueAt() *time.Time {
	switch c.Status {
	case StatusNew:
		return c.TriageDueAt
	case StatusDispatched:
		return c.SignDueAt
	case StatusAccepted:
		return c.ResolveDueAt
	}
	return nil
}

// Overdue reports whether the running deadline has passed at now.
func (c *Case) Overdue(now time.Time) bool {
	d := c.DueAt()
	return d != nil && now.After(*d)
}

// Public returns a copy of c without the reporter's personal data, for
// anyone who is not staff.
func (c Case) Public() Case {
	c.ReporterID = 0
	c.ReporterName, c.ReporterPhone, c.ReporterEmail = "", "", ""
	c.ClientID, c.ReporterKey = "", ""
	c.TrackingHash = ""
	c.Handler, c.Supervision, c.PendingExtension = 0, nil, nil
	c.Unit = PublicUnit(c.Unit)
	return c
}

// Redacted returns c as actor a may see it: in full to staff who may work
// on it; to its reporter without the unit's internal business (who
// handles it, supervision, a pending request for more time); to the owner
// it is addressed to as to the public but for their unit; to everyone
// else as to the public.
func (c Case) Redacted(a Actor) Case {
	switch {
	case a.Privileged(&c):
		return c
	case a.IsReporter(&c):
		c.TrackingHash = ""
		c.Handler, c.Supervision, c.PendingExtension = 0, nil, nil
		return c
	case ownsCase(a, &c):
		unit := c.Unit
		c = c.Public()
		c.Unit = unit
		return c
	}
	return c.Public()
}

// MaxDescription is the longest description a case may have, in characters.
const MaxDescription = 4000

// Validate checks a new case's own fields before it is stored.
func (c *Case) Validate() error {
	if err := CheckTexts("category", c.Category, "address", c.Address, "description", c.Description); err != nil {
		return err
	}
	switch {
	case c.Category == "":
		return FieldErrorf(EINVALID, "category", "A category is required.")
	case c.Lat < -90 || c.Lat > 90 || c.Lat != c.Lat:
		return FieldErrorf(EINVALID, "lat", "Latitude must be between -90 and 90.")
	case c.Lng < -180 || c.Lng > 180 || c.Lng != c.Lng:
		return FieldErrorf(EINVALID, "lng", "Longitude must be between -180 and 180.")
	case len([]rune(c.Description)) > MaxDescription:
		return FieldErrorf(EINVALID, "description", "The description is longer than %d characters.", MaxDescription)
	case strings.ContainsAny(c.Description, "<>") && looksLikeHTML(c.Description):
		return FieldErrorf(EINVALID, "description", "The description may not contain HTML.")
	case len([]rune(c.Address)) > 500:
		return FieldErrorf(EINVALID, "address", "The address is longer than %d characters.", 500)
	}
	return nil
}

// looksLikeHTML reports whether s contains something shaped like a tag.
func looksLikeHTML(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); {
		ch := s[i+1]
		if ch == '/' || ch == '!' || (ch|0x20 >= 'a' && ch|0x20 <= 'z') {
			if strings.IndexByte(s[i:], '>') > 0 {
				return true
			}
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// CaseFilter selects cases. Nil fields do not filter.
type CaseFilter struct {
	Jurisdiction                *string
	Status                      []Status
	Unit                        *string
	Grid                        *string
	Village                     *string
	Category                    []string
	Overdue                     *bool // running deadline passed at Now
	Referred                    *bool // handed up to the county
	Text                        *string
	BBox                        *BBox
	Near                        *Circle
	From, To                    *time.Time // created in [From, To)
	UpdatedAfter, UpdatedBefore *time.Time
	ReporterID                  *int64
	ReporterPhone               *string // staff only: the caller's earlier cases
	Handler                     *int64  // assigned to this handler
	Supervised                  *bool
	Extension                   *bool // a request for more time awaits a decision
	Channel                     []Channel
	IDs                         []int64
	Numbers                     []string
	Counted                     string    // a figure's cases (CountedLists), of case_stats
	Now                         time.Time // for Overdue

	// Sort is "created" (newest first, the default), "due" (time left, least first) or "updated".
	Sort  string
	After string // opaque cursor from a previous page
	Limit int
}

// BBox is a WGS84 bounding box.
type BBox struct{ MinLng, MinLat, MaxLng, MaxLat float64 }

// Contains reports whether the point is inside b.
func (b BBox) Contains(lat, lng float64) bool {
	return lat >= b.MinLat && lat <= b.MaxLat && lng >= b.MinLng && lng <= b.MaxLng
}

// Circle is a WGS84 point with a radius in metres.
type Circle struct{ Lat, Lng, Radius float64 }
