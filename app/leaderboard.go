package app

import (
	"context"

	"github.com/guanjia/guanjia"
)

// Leaderboard is the ranking of housekeepers by points earned in a month,
// in the town, a village or a grid.
type Leaderboard struct {
	// Jurisdiction is the town ranked; "" for every town of the county.
	Jurisdiction string             `json:"jurisdiction,omitempty"`
	Scope        string             `json:"scope"`
	Area         string             `json:"area,omitempty"`
	Month        string             `json:"month"`
	Standings    []guanjia.Standing `json:"standings"`
}

// LeaderboardSize is how many standings a leaderboard shows.
const LeaderboardSize = 100

// Leaderboard ranks housekeepers by the points awarded for outcomes of
// month ("" for the current one) and not reversed; spending does not
// count. town is the town ranked (see boardTown); scope is town, village
// or grid; area names the village or grid, and defaults to the caller's
// own.
func (a *App) Leaderboard(ctx context.Context, actor guanjia.Actor, town, scope, area, month string) (*Leaderboard, error) {
	if month == "" {
		month = guanjia.MonthOf(a.now())
	}
	from, to, err := guanjia.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	if town, err = a.boardTown(actor, town); err != nil {
		return nil, err
	}
	f := guanjia.StandingFilter{From: from, To: to, Limit: LeaderboardSize, Jurisdiction: town}
	switch scope {
	case "", guanjia.ScopeTown:
		scope, area = guanjia.ScopeTown, ""
	case guanjia.ScopeGrid:
		f.Grid = a.defaultArea(area, actor.Grid)
		area = f.Grid
	case guanjia.ScopeVillage:
		g, _ := a.grid(actor.Grid)
		f.Village = a.defaultArea(area, g.Village)
		area = f.Village
	default:
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "scope", "The scope is town, village or grid.")
	}
	if scope != guanjia.ScopeTown && area == "" {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "area", "Name the village or grid.")
	}
	ss, err := a.db.Standings(ctx, f)
	if err != nil {
		return nil, err
	}
	if ss == nil {
		ss = []guanjia.Standing{}
	}
	guanjia.Rank(ss)
	return &Leaderboard{Jurisdiction: town, Scope: scope, Area: area, Month: month, Standings: ss}, nil
}

// boardTown returns the town whose housekeepers a leaderboard for actor
// ranks: a housekeeper's is their grid's town, a town's staff's their own
// town; anyone else names a town (or "" for the whole county, which only
// the county's staff and the public of an installation of one town see
// as one board: with several towns "" ranks the home town).
func (a *App) boardTown(actor guanjia.Actor, town string) (string, error) {
	r := a.ref.Load()
	if g, ok := a.grid(actor.Grid); actor.Role == guanjia.RoleHousekeeper && ok && g.Jurisdiction != "" {
		return g.Jurisdiction, nil
	}
	if r.tree.Confined(actor) {
		return actor.Jurisdiction, nil
	}
	if town == "" {
		if actor.Role.IsStaff() && (actor.Jurisdiction == "" || r.tree.IsCounty(actor.Jurisdiction)) {
			return "", nil
		}
		return r.home, nil
	}
	if j, ok := r.jurisdictions[town]; !ok || !j.IsTown() {
		return "", guanjia.FieldErrorf(guanjia.EINVALID, "town", "There is no town %q.", town)
	}
	return town, nil
}

func (a *App) defaultArea(area, own string) string {
	if area != "" {
		return area
	}
	return own
}

// Honours returns the honour board of a month: the best housekeeper (or
// those sharing the best score) of every grid, or of every village, of
// town ("": every town).
func (a *App) Honours(ctx context.Context, town, level, month string) (*Leaderboard, error) {
	if month == "" {
		month = guanjia.MonthOf(a.now())
	}
	from, to, err := guanjia.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	key := func(s guanjia.Standing) string { return s.Grid }
	switch level {
	case "", guanjia.ScopeGrid:
		level = guanjia.ScopeGrid
	case guanjia.ScopeVillage:
		key = func(s guanjia.Standing) string { return s.Village }
	default:
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "level", "The level is grid or village.")
	}
	if j, ok := a.ref.Load().jurisdictions[town]; town != "" && (!ok || !j.IsTown()) {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "town", "There is no town %q.", town)
	}
	ss, err := a.db.Standings(ctx, guanjia.StandingFilter{From: from, To: to, Jurisdiction: town})
	if err != nil {
		return nil, err
	}
	hs := guanjia.Honours(ss, key)
	if hs == nil {
		hs = []guanjia.Standing{}
	}
	return &Leaderboard{Jurisdiction: town, Scope: level, Month: month, Standings: hs}, nil
}
