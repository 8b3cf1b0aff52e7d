package guanjia

import (
	"strings"
	"time"
)

// Grid patrols (巡查): a housekeeper, or a grid worker of the village's
// committee, walks their grid, checks in at its check-in points with the
// phone's position, logs what they find (each finding can become a case)
// and ends the patrol. Coverage says how often each grid is walked and how
// much of it.

// Patrol statuses.
const (
	PatrolActive = "active"
	PatrolEnded  = "ended"
)

// Patrol limits.
const (
	// PatrolTolerance is how far outside its grid, in metres, a check-in
	// or a finding may lie: a boundary street, a GPS fix that wanders.
	PatrolTolerance = 50.0
	// PatrolVisitRadius is how near a check-in, in metres, must be to a
	// check-in point to visit it.
	PatrolVisitRadius = 80.0
	// MaxPatrolCheckins and MaxPatrolFindings bound one patrol.
	MaxPatrolCheckins = 200
	MaxPatrolFindings = 50
)

// Patrol is one walk of a grid.
type Patrol struct {
	ID           int64           `json:"id"`
	UserID       int64           `json:"user_id"`
	UserName     string          `json:"user_name"` // who walked it (staff and the committee read it)
	Grid         string          `json:"grid"`
	Village      string          `json:"village"`
	Jurisdiction string          `json:"jurisdiction"`
	Status       string          `json:"status"`
	StartedAt    time.Time       `json:"started_at"`
	EndedAt      *time.Time      `json:"ended_at,omitempty"`
	Note         string          `json:"note,omitempty"` // the summary written at the end
	Checkins     []PatrolCheckin `json:"checkins"`
	Findings     []PatrolFinding `json:"findings"`
	Visited      int             `json:"visited"` // check-in points of the grid visited
	Points       int             `json:"points"`  // check-in points of the grid
}

// PatrolCheckin is a check-in on a patrol: where the phone was.
type PatrolCheckin struct {
	ID       int64     `json:"id"`
	PatrolID int64     `json:"patrol_id"`
	At       time.Time `json:"at"`
	Lat      float64   `json:"lat"`
	Lng      float64   `json:"lng"`
	Point    string    `json:"point,omitempty"` // the check-in point visited, if one is near
}

// PatrolFinding is something found on a patrol, with where and a photo; a
// finding that needs handling becomes a case.
type PatrolFinding struct {
	ID       int64     `json:"id"`
	PatrolID int64     `json:"patrol_id"`
	At       time.Time `json:"at"`
	Lat      float64   `json:"lat"`
	Lng      float64   `json:"lng"`
	Category string    `json:"category"`
	Note     string    `json:"note"`
	Photos   []string  `json:"photos,omitempty"`
	CaseID   int64     `json:"case_id,omitempty"` // the case it became
}

// PatrolPoint is a check-in point of a grid.
type PatrolPoint struct {
	Code string  `json:"code"`
	Lat  float64 `json:"lat"`
	Lng  float64 `json:"lng"`
}

// PatrolCoverage is how a grid was patrolled over some weeks.
type PatrolCoverage struct {
	Grid           string     `json:"grid"`
	Village        string     `json:"village"`
	Patrols        int        `json:"patrols"`
	PerWeek        float64    `json:"per_week"`
	Points         int        `json:"points"`  // check-in points of the grid
	Visited        int        `json:"visited"` // of them visited at least once
	Share          float64    `json:"share"`   // visited / points, 0..1
	LastPatrolAt   *time.Time `json:"last_patrol_at,omitempty"`
	OpenFindings   int        `json:"open_findings"` // findings not yet made cases
	FindingsToCase int        `json:"findings_to_case"`
}

// MayPatrol reports whether a may patrol grid g: a housekeeper of the
// grid, or a handler or lead of committee, the unit that runs the grid's
// village (committeeVillage is that unit's village, "" if a's unit is no
// committee).
func MayPatrol(a Actor, g Grid, committeeVillage string) bool {
	switch a.Role {
	case RoleHousekeeper:
		return a.Grid != "" && a.Grid == g.Code
	case RoleHandler, RoleUnitLead:
		return committeeVillage != "" && committeeVillage == g.Village
	}
	return false
}

// MaySeePatrols reports whether a may read the patrols and coverage of the
// grids of village (in town): the command center and leaders of the town,
// and the village's committee (committeeVillage as in MayPatrol).
func MaySeePatrols(a Actor, village, town, committeeVillage string) bool {
	switch a.Role {
	case RoleDispatcher, RoleLeader, RoleAdmin:
		return a.Jurisdiction == "" || a.Jurisdiction == town
	case RoleHandler, RoleUnitLead:
		return committeeVillage != "" && committeeVillage == village
	}
	return false
}

// MayWorkOnPatrol reports whether a may check in, log findings on and end
// patrol p: whoever started it, while it is on.
func MayWorkOnPatrol(a Actor, p *Patrol) error {
	switch {
	case a.UserID == 0 || a.UserID != p.UserID:
		return Errorf(EFORBIDDEN, "Only who started a patrol may work on it.")
	case p.Status != PatrolActive:
		return Errorf(ECONFLICT, "The patrol has ended.")
	}
	return nil
}

// CheckPatrolPlace checks a position given on a patrol: it must be a place
// on Earth and lie in the patrol's grid or at most PatrolTolerance outside
// it (outside is the distance from the grid's boundary, 0 inside).
func CheckPatrolPlace(lat, lng, outside float64) error {
	switch {
	case lat == 0 && lng == 0:
		return FieldErrorf(EINVALID, "lat", "Your phone gave no position. Allow location and try again.")
	case lat < -90 || lat > 90 || lng < -180 || lng > 180:
		return FieldErrorf(EINVALID, "lat", "That is not a place on Earth.")
	case outside > PatrolTolerance:
		return FieldErrorf(EUNPROCESSABLE, "lat", "You are %.0f m outside the grid; check in from inside it.", outside)
	}
	return nil
}

// NearestPoint returns the check-in point nearest (lat, lng) within
// PatrolVisitRadius, by dist (metres between two points), or "".
func NearestPoint(points []PatrolPoint, lat, lng float64, dist func(lat1, lng1, lat2, lng2 float64) float64) string {
	best, code := PatrolVisitRadius, ""
	for _, p := range points {
		if d := dist(lat, lng, p.Lat, p.Lng); d <= best {
			best, code = d, p.Code
		}
	}
	return code
}

// Visited counts the distinct check-in points among checkins.
func Visited(checkins []PatrolCheckin) int {
	seen := map[string]bool{}
	for _, c := range checkins {
		if c.Point != "" {
			seen[c.Point] = true
		}
	}
	return len(seen)
}

// CheckFinding validates a finding before it is logged.
func CheckFinding(f *PatrolFinding) error {
	f.Note, f.Category = strings.TrimSpace(f.Note), strings.TrimSpace(f.Category)
	if err := CheckTexts("note", f.Note, "category", f.Category); err != nil {
		return err
	}
	switch {
	case f.Note == "" && len(f.Photos) == 0:
		return FieldErrorf(EINVALID, "note", "Add a photo or a few words.")
	case len([]rune(f.Note)) > MaxDescription:
		return FieldErrorf(EINVALID, "note", "The note is longer than %d characters.", MaxDescription)
	case len(f.Photos) > MaxPhotos:
		return FieldErrorf(EINVALID, "photos", "At most %d photos.", MaxPhotos)
	}
	return checkAny("photos", f.Photos)
}

// PatrolCoverageOf sums the patrols of a grid over weeks weeks: how many, how many
// a week, and the share of its points visited at least once.
func PatrolCoverageOf(g Grid, points int, patrols []*Patrol, weeks int) PatrolCoverage {
	out := PatrolCoverage{Grid: g.Code, Village: g.Village, Points: points}
	seen := map[string]bool{}
	var last time.Time
	for _, p := range patrols {
		if p.Grid != g.Code {
			continue
		}
		out.Patrols++
		if p.StartedAt.After(last) {
			last = p.StartedAt
		}
		for _, c := range p.Checkins {
			if c.Point != "" {
				seen[c.Point] = true
			}
		}
		for _, f := range p.Findings {
			if f.CaseID != 0 {
				out.FindingsToCase++
			} else {
				out.OpenFindings++
			}
		}
	}
	out.Visited = len(seen)
	if weeks > 0 {
		out.PerWeek = float64(out.Patrols) / float64(weeks)
	}
	if points > 0 {
		out.Share = float64(out.Visited) / float64(points)
	}
	if !last.IsZero() {
		out.LastPatrolAt = &last
	}
	return out
}
