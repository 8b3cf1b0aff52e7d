package guanjia

import "time"

// Standing is a housekeeper's place on a leaderboard for a month.
type Standing struct {
	Rank    int    `json:"rank"`
	UserID  int64  `json:"user_id"`
	Name    string `json:"name"`
	Grid    string `json:"grid"`
	Village string `json:"village"`
	Points  int    `json:"points"` // awarded in the month, less awards since reversed
	Awards  int    `json:"awards"` // outcomes that earned points
	// Jurisdiction is the town the points were earned in.
	Jurisdiction string `json:"jurisdiction,omitempty"`
}

// ParseMonth parses a month like 2026-11 and returns its first day and the
// first day of the next, as points days (2026-11-01, 2026-12-01).
func ParseMonth(s string) (from, to string, err error) {
	t, perr := time.Parse("2006-01", s)
	if perr != nil {
		return "", "", FieldErrorf(EINVALID, "month", "A month looks like 2026-11, not %q.", s)
	}
	return t.Format("2006-01-02"), t.AddDate(0, 1, 0).Format("2006-01-02"), nil
}

// MonthOf returns the month, like 2026-11, that t falls in in China.
func MonthOf(t time.Time) string { return PointsDay(t)[:7] }

// Rank numbers standings sorted by points, best first: equal points share
// a rank, and the next rank skips (1, 2, 2, 4).
func Rank(ss []Standing) {
	for i := range ss {
		if i > 0 && ss[i].Points == ss[i-1].Points {
			ss[i].Rank = ss[i-1].Rank
		} else {
			ss[i].Rank = i + 1
		}
	}
}

// Honours picks, from standings sorted best first, the best of each group
// (a grid or village, as key returns it): those ranked first in their group.
func Honours(ss []Standing, key func(Standing) string) []Standing {
	best := map[string]int{}
	var out []Standing
	for _, s := range ss {
		k := key(s)
		if top, ok := best[k]; ok && s.Points < top || s.Points <= 0 {
			continue
		}
		best[k] = s.Points
		s.Rank = 1
		out = append(out, s)
	}
	return out
}

// StandingFilter selects the award entries a leaderboard counts.
type StandingFilter struct {
	From, To string // points days, [From, To)
	Grid     string // "": every grid
	Village  string // "": every village
	// Jurisdiction is the town whose points count; "": every town.
	Jurisdiction string
	Limit        int // 0: all
}
