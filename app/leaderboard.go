package app

import (
	"context"

	"github.com/guanjia/guanjia"
)

// Leaderboard is the ranking of housekeepers by points earned in a month,
// in the town, a village or a grid.
type Leaderboard struct {
	Scope     string             `json:"scope"`
	Area      string             `json:"area,omitempty"`
	Month     string             `json:"month"`
	Standings []guanjia.Standing `json:"standings"`
}

// LeaderboardSize is how many standings a leaderboard shows.
const LeaderboardSize = 100

// Leaderboard ranks housekeepers by the points awarded for outcomes of
// month ("" for the current one) and not reversed; spending does not
// count. scope is town, village or grid; area names the village or grid,
// and defaults to the caller's own.
func (a *App) Leaderboard(ctx context.Context, actor guanjia.Actor, scope, area, month string) (*Leaderboard, error) {
	if month == "" {
		month = guanjia.MonthOf(a.now())
	}
	from, to, err := guanjia.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	f := guanjia.StandingFilter{From: from, To: to, Limit: LeaderboardSize}
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
	return &Leaderboard{Scope: scope, Area: area, Month: month, Standings: ss}, nil
}

func (a *App) defaultArea(area, own string) string {
	if area != "" {
		return area
	}
	return own
}

// Honours returns the honour board of a month: the best housekeeper (or
// those sharing the best score) of every grid, or of every village.
func (a *App) Honours(ctx context.Context, level, month string) (*Leaderboard, error) {
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
	ss, err := a.db.Standings(ctx, guanjia.StandingFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	hs := guanjia.Honours(ss, key)
	if hs == nil {
		hs = []guanjia.Standing{}
	}
	return &Leaderboard{Scope: level, Month: month, Standings: hs}, nil
}
