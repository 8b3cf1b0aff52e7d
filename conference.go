package guanjia

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Conferences (活动, "event mode"): the town hosts conferences — the World
// Internet Conference every autumn, a hundred smaller ones a year — and
// while one runs the command center works tighter in its area. A
// conference has an area (a polygon, or grids and villages), a period with
// build-up before and teardown after, and rules for the cases reported in
// its area during that window: clock-time limits (sign for in 15 minutes,
// resolve in 2 hours), categories that become urgent, an on-site command
// post unit the cases go to first, and a roster of extra staff on duty.
// (Not to be confused with Event, a step on a case's timeline.)

// Conference is one event of the town.
type Conference struct {
	ID           int64  `json:"id"`
	Jurisdiction string `json:"jurisdiction"` // the town
	Name         string `json:"name"`
	// Area is a GeoJSON Polygon or MultiPolygon (WGS84), or null when the
	// area is given by grids and villages alone.
	Area     json.RawMessage `json:"area,omitempty"`
	Grids    []string        `json:"grids"`
	Villages []string        `json:"villages"`
	// SetupFrom is when the build-up starts; Start and End the event
	// itself; TeardownUntil when the teardown ends. The rules apply from
	// SetupFrom to TeardownUntil.
	SetupFrom     time.Time `json:"setup_from"`
	Start         time.Time `json:"start"`
	End           time.Time `json:"end"`
	TeardownUntil time.Time `json:"teardown_until"`
	// SignLimit and ResolveLimit replace the category's limits for cases in
	// the event; a zero limit keeps the category's.
	SignLimit    Limit       `json:"sign_limit"`
	ResolveLimit Limit       `json:"resolve_limit"`
	Urgent       []string    `json:"urgent"`    // category codes that become priority 1
	PostUnit     string      `json:"post_unit"` // on-site command post; "" for the usual routing
	Roster       []DutyEntry `json:"roster"`
	// Version counts the event's changes; an update made against an
	// older one is refused (ECONFLICT). 0 in an update skips the check.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DutyEntry is one person of the extra staff on duty at an event.
type DutyEntry struct {
	Name string `json:"name"`
	Post string `json:"post"` // e.g. 西栅北门岗, 指挥部值班
	Unit string `json:"unit,omitempty"`
}

// Conference phases.
const (
	PhaseUpcoming = "upcoming"
	PhaseSetup    = "setup"
	PhaseRunning  = "running"
	PhaseTeardown = "teardown"
	PhaseOver     = "over"
)

// Phase says where the conference stands at t.
func (c *Conference) Phase(t time.Time) string {
	switch {
	case t.Before(c.SetupFrom):
		return PhaseUpcoming
	case t.Before(c.Start):
		return PhaseSetup
	case t.Before(c.End):
		return PhaseRunning
	case t.Before(c.TeardownUntil):
		return PhaseTeardown
	}
	return PhaseOver
}

// During reports whether t falls in the window its rules apply in, from
// the build-up to the end of the teardown.
func (c *Conference) During(t time.Time) bool {
	return !t.Before(c.SetupFrom) && t.Before(c.TeardownUntil)
}

// InPlace reports whether a case in grid and village is in the area by
// its grids and villages (the polygon is checked by the app with geo).
func (c *Conference) InPlace(grid, village string) bool {
	return (grid != "" && slices.Contains(c.Grids, grid)) || (village != "" && slices.Contains(c.Villages, village))
}

// Adjust returns the category as it applies to a case of the conference:
// the conference's limits when it sets them, priority 1 for its urgent
// categories, and dispatched at once when it has a command post.
func (c *Conference) Adjust(cat Category) Category {
	if c.SignLimit.N > 0 {
		cat.SignLimit = c.SignLimit
	}
	if c.ResolveLimit.N > 0 {
		cat.ResolveLimit = c.ResolveLimit
	}
	if slices.Contains(c.Urgent, cat.Code) {
		cat.Priority = 1
	}
	if c.PostUnit != "" {
		cat.AutoDispatch = true
	}
	return cat
}

// MaxConferenceName is the longest name, in characters.
const MaxConferenceName = 80

// MaxRoster is how many people a roster lists at most.
const MaxRoster = 200

// Validate checks a conference's own fields; the app checks that its
// grids, villages, categories and unit exist and parses its area.
func (c *Conference) Validate() error {
	c.Name = strings.TrimSpace(c.Name)
	if err := CheckTexts("name", c.Name, "post_unit", c.PostUnit); err != nil {
		return err
	}
	switch {
	case c.Name == "":
		return FieldErrorf(EINVALID, "name", "Give the event's name.")
	case utf8.RuneCountInString(c.Name) > MaxConferenceName:
		return FieldErrorf(EINVALID, "name", "An event's name has at most %d characters.", MaxConferenceName)
	case c.Start.IsZero() || c.End.IsZero():
		return FieldErrorf(EINVALID, "start", "Give when the event starts and ends.")
	case !c.End.After(c.Start):
		return FieldErrorf(EINVALID, "end", "The event must end after it starts.")
	case c.End.Sub(c.Start) > 60*24*time.Hour:
		return FieldErrorf(EINVALID, "end", "An event lasts at most 60 days.")
	case c.SetupFrom.After(c.Start) || c.Start.Sub(c.SetupFrom) > 30*24*time.Hour:
		return FieldErrorf(EINVALID, "setup_from", "The build-up starts at most 30 days before the event, and not after its start.")
	case c.TeardownUntil.Before(c.End) || c.TeardownUntil.Sub(c.End) > 30*24*time.Hour:
		return FieldErrorf(EINVALID, "teardown_until", "The teardown ends at most 30 days after the event, and not before its end.")
	case len(c.Area) == 0 && len(c.Grids) == 0 && len(c.Villages) == 0:
		return FieldErrorf(EINVALID, "area", "Give the event's area: draw or paste a polygon, or choose grids or villages.")
	case len(c.Roster) > MaxRoster:
		return FieldErrorf(EINVALID, "roster", "A roster lists at most %d people.", MaxRoster)
	}
	for _, l := range []struct {
		field string
		l     Limit
	}{{"sign_limit", c.SignLimit}, {"resolve_limit", c.ResolveLimit}} {
		if l.l.N > 0 && l.l.Unit != ClockMinutes && l.l.Unit != ClockHours {
			return FieldErrorf(EINVALID, l.field, "During an event limits run on the clock: give minutes (15min) or hours (2h).")
		}
	}
	for i := range c.Roster {
		d := &c.Roster[i]
		d.Name, d.Post = strings.TrimSpace(d.Name), strings.TrimSpace(d.Post)
		if err := CheckTexts("roster", d.Name, "roster", d.Post); err != nil {
			return err
		}
		if d.Name == "" || utf8.RuneCountInString(d.Name) > 40 || utf8.RuneCountInString(d.Post) > 60 {
			return FieldErrorf(EINVALID, "roster", "Each line of the roster is a name (at most 40 characters) and a post (at most 60).")
		}
	}
	return nil
}

// MayManageConferences reports whether a may create and change events:
// the town's administrators and leaders.
func MayManageConferences(a Actor) bool {
	return a.Role == RoleAdmin || a.Role == RoleLeader
}

// ConferenceRoles is who sees events: the command center and leaders
// (ConsoleRoles); ConferenceAdminRoles who creates and changes them.
var (
	ConferenceRoles      = ConsoleRoles
	ConferenceAdminRoles = RoleSet{RoleLeader, RoleAdmin}
)

// ConferenceFigures are an event's figures, for its view and its report:
// its cases, how fast they were signed for and resolved against the
// event's limits, where they clustered, and the housekeepers' part.
type ConferenceFigures struct {
	Cases          int `json:"cases"`
	Open           int `json:"open"`
	Overdue        int `json:"overdue"`
	Signed         int `json:"signed"`
	SignedOnTime   int `json:"signed_on_time"`
	Resolved       int `json:"resolved"`
	ResolvedOnTime int `json:"resolved_on_time"`
	// Mean minutes from dispatch to sign-for, and from dispatch to
	// resolution, of the cases that got there.
	SignMinutes    float64   `json:"sign_minutes"`
	ResolveMinutes float64   `json:"resolve_minutes"`
	HotSpots       []HotSpot `json:"hot_spots"`
	Called         int       `json:"called"`   // housekeepers called to its cases
	Answered       int       `json:"answered"` // and who went
	Keepers        int       `json:"keepers"`  // distinct housekeepers who went
}

// HotSpot is a grid with its number of cases.
type HotSpot struct {
	Grid  string `json:"grid"`
	Cases int    `json:"cases"`
}

// Figure counts the conference's cases at now: on time means signed for
// and resolved by the deadlines the cases were given (the event's limits
// while it ran). HotSpots lists the five grids with most cases.
func (c *Conference) Figure(cases []*Case, now time.Time) ConferenceFigures {
	var f ConferenceFigures
	var signSum, resolveSum time.Duration
	grids := map[string]int{}
	for _, k := range cases {
		f.Cases++
		if k.Status.Open() {
			f.Open++
			if k.Overdue(now) {
				f.Overdue++
			}
		}
		if k.Grid != "" {
			grids[k.Grid]++
		}
		if k.DispatchedAt == nil {
			continue
		}
		if k.AcceptedAt != nil {
			f.Signed++
			signSum += k.AcceptedAt.Sub(*k.DispatchedAt)
			if k.SignDueAt == nil || !k.AcceptedAt.After(*k.SignDueAt) {
				f.SignedOnTime++
			}
		}
		if k.ResolvedAt != nil {
			f.Resolved++
			resolveSum += k.ResolvedAt.Sub(*k.DispatchedAt)
			if k.ResolveDueAt == nil || !k.ResolvedAt.After(*k.ResolveDueAt) {
				f.ResolvedOnTime++
			}
		}
	}
	if f.Signed > 0 {
		f.SignMinutes = signSum.Minutes() / float64(f.Signed)
	}
	if f.Resolved > 0 {
		f.ResolveMinutes = resolveSum.Minutes() / float64(f.Resolved)
	}
	for g, n := range grids {
		f.HotSpots = append(f.HotSpots, HotSpot{Grid: g, Cases: n})
	}
	slices.SortFunc(f.HotSpots, func(a, b HotSpot) int {
		if a.Cases != b.Cases {
			return b.Cases - a.Cases
		}
		return strings.Compare(a.Grid, b.Grid)
	})
	if len(f.HotSpots) > 5 {
		f.HotSpots = f.HotSpots[:5]
	}
	return f
}
