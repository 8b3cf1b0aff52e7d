package web

import (
	"net/http"

	"github.com/guanjia/guanjia"
)

// leaderboardData is the ranking of housekeepers by points earned in a
// month, in the town, a village or a grid, and the month's honour board:
// the best of every grid (or village).
type leaderboardData struct {
	Board   []standingView
	Honours []standingView
	Scope   string
	Level   string // of the honour board: grid or village
	Month   string
	Area    string // the village or grid ranked, by name
	Scopes  []option
	Levels  []option
	Errors  map[string]string
}

// standingView is a standing with its area's names.
type standingView struct {
	guanjia.Standing
	GridName, VillageName string
}

func (d *leaderboardData) page() (string, string)      { return "leaderboard", "Leaderboard and honours" }
func (d *leaderboardData) messages() map[string]string { return d.Errors }

// leaderboardPage shows the leaderboard of ?scope= (town, village or grid;
// a housekeeper's own village or grid) for ?month=, and the honour board
// by ?level=.
func (s *Server) leaderboardPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := r.URL.Query()
	rf := s.ref.get(r.Context())
	d := &leaderboardData{Errors: map[string]string{}}
	scope, area := q.Get("scope"), q.Get("area")
	if scope != "" && scope != guanjia.ScopeTown && area == "" && v.Actor.Grid == "" {
		scope = guanjia.ScopeTown // staff have no grid of their own: the town
	}
	b, err := s.app.Leaderboard(r.Context(), v.Actor, q.Get("town"), scope, area, q.Get("month"))
	if err != nil {
		return err
	}
	h, err := s.app.Honours(r.Context(), b.Jurisdiction, q.Get("level"), b.Month)
	if err != nil {
		return err
	}
	d.Scope, d.Month, d.Level = b.Scope, b.Month, h.Scope
	switch b.Scope {
	case guanjia.ScopeGrid:
		d.Area = rf.gridName(b.Area)
	case guanjia.ScopeVillage:
		d.Area = rf.villageName(v.Lang, b.Area)
	}
	view := func(ss []guanjia.Standing) []standingView {
		out := make([]standingView, len(ss))
		for i, x := range ss {
			out[i] = standingView{Standing: x, GridName: rf.gridName(x.Grid), VillageName: rf.villageName(v.Lang, x.Village)}
		}
		return out
	}
	d.Board, d.Honours = view(b.Standings), view(h.Standings)
	scopes := []string{guanjia.ScopeTown}
	if v.Actor.Grid != "" {
		scopes = append(scopes, guanjia.ScopeVillage, guanjia.ScopeGrid)
	}
	for _, sc := range scopes {
		d.Scopes = append(d.Scopes, option{Value: sc, Label: named(v.Lang, "scope", sc), Selected: sc == d.Scope})
	}
	for _, l := range []string{guanjia.ScopeGrid, guanjia.ScopeVillage} {
		d.Levels = append(d.Levels, option{Value: l, Label: named(v.Lang, "honours", l), Selected: l == d.Level})
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func init() {
	for k, v := range map[string]string{
		"scope:town": "The whole town", "scope:village": "My village", "scope:grid": "My grid",
		"honours:grid": "Best of each grid", "honours:village": "Best of each village",
	} {
		codeNames[k] = v
	}
}
