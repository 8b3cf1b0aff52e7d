package app

import (
	"context"
	"fmt"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
)

// Towns: which town a point, a report or an account belongs to, and what
// each actor reaches (docs/county.md).

// Locate places a WGS84 point: its grid, village and town. A point in no
// grid lies in the town whose grids' box holds it, if only one does. An
// installation of one town takes every point; with several, a point
// outside every town has none ("").
func (a *App) Locate(lat, lng float64) (grid, village, jurisdiction string) {
	r := a.ref.Load()
	if g, ok := r.index.Locate(lat, lng); ok {
		return g.Code, g.Village, g.Jurisdiction
	}
	if len(r.towns) == 1 {
		return "", "", r.towns[0].Code
	}
	for town, b := range r.areas {
		if b.Contains(lat, lng) {
			if jurisdiction != "" {
				return "", "", "" // between two towns: no telling which
			}
			jurisdiction = town
		}
	}
	return "", "", jurisdiction
}

// townAreas returns the box around each town's grids.
func townAreas(grids []guanjia.Grid) (map[string]guanjia.BBox, error) {
	out := map[string]guanjia.BBox{}
	for _, g := range grids {
		if g.Jurisdiction == "" || len(g.Geometry) == 0 {
			continue
		}
		shape, err := geo.ParseGeometry(g.Geometry)
		if err != nil {
			return nil, fmt.Errorf("grid %s: %w", g.Code, err)
		}
		gb := shape.Bound()
		b, ok := out[g.Jurisdiction]
		if !ok {
			b = guanjia.BBox{MinLng: gb.Min[0], MinLat: gb.Min[1], MaxLng: gb.Max[0], MaxLat: gb.Max[1]}
		}
		b.MinLng, b.MinLat = min(b.MinLng, gb.Min[0]), min(b.MinLat, gb.Min[1])
		b.MaxLng, b.MaxLat = max(b.MaxLng, gb.Max[0]), max(b.MaxLat, gb.Max[1])
		out[g.Jurisdiction] = b
	}
	return out, nil
}

// townOf returns the town a report goes to: the one it names, which must
// be a town served here and hold its point if it has one, else the town of
// its point.
func (a *App) townOf(r *guanjia.Report, located string, placed bool) (string, error) {
	ref := a.ref.Load()
	if r.Jurisdiction == "" {
		if located == "" {
			return "", guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "lat", "This place is outside every town served here.")
		}
		return located, nil
	}
	if j, ok := ref.jurisdictions[r.Jurisdiction]; !ok || !j.IsTown() {
		return "", guanjia.FieldErrorf(guanjia.EINVALID, "jurisdiction", "There is no town %q.", r.Jurisdiction)
	}
	if placed && located != "" && located != r.Jurisdiction {
		return "", guanjia.FieldErrorf(guanjia.EUNPROCESSABLE, "jurisdiction", "This place lies in %s, not in %s.", located, r.Jurisdiction)
	}
	return r.Jurisdiction, nil
}

// outside returns ENOTFOUND when c lies outside the reach of actor as
// staff, as if it did not exist; nil otherwise.
func (a *App) outside(actor guanjia.Actor, c *guanjia.Case) error {
	if a.ref.Load().tree.Outside(actor, c) {
		return guanjia.Errorf(guanjia.ENOTFOUND, "Case %d not found.", c.ID)
	}
	return nil
}

// confine keeps a list of cases within actor's town when actor is a
// town's staff; county staff and the public keep the town they ask for.
func (a *App) confine(actor guanjia.Actor, f *guanjia.CaseFilter) {
	if a.ref.Load().tree.Confined(actor) {
		town := actor.Jurisdiction
		f.Jurisdiction = &town
	}
}

// confineCounted keeps a unit's staff to their unit's cases in a list of
// the cases a figure counts, as their figures are (guanjia.StatsUnit).
func confineCounted(actor guanjia.Actor, f *guanjia.CaseFilter) error {
	u := guanjia.StatsUnit(actor)
	if f.Counted == "" || u == "" {
		return nil
	}
	if f.Unit != nil && *f.Unit != u {
		return guanjia.Errorf(guanjia.EFORBIDDEN, "You see the figures and their cases of your own unit only.")
	}
	f.Unit = &u
	return nil
}

// townFilter returns the town a town's staff member is confined to, or ""
// (every town) for everyone else.
func (a *App) townFilter(actor guanjia.Actor) string {
	if a.ref.Load().tree.Confined(actor) {
		return actor.Jurisdiction
	}
	return ""
}

// onlyTown returns the town of an installation of one town, or "".
func (a *App) onlyTown() string {
	if towns := a.ref.Load().towns; len(towns) == 1 {
		return towns[0].Code
	}
	return ""
}

// caseGetter reads a case: the store, or a transaction.
type caseGetter interface {
	GetCase(context.Context, int64) (*guanjia.Case, error)
}

// caseFor reads case id for actor: ENOTFOUND when there is none or it lies
// outside actor's reach.
func (a *App) caseFor(ctx context.Context, r caseGetter, actor guanjia.Actor, id int64) (*guanjia.Case, error) {
	c, err := r.GetCase(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := a.outside(actor, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Confined reports whether actor works in one town only (a town's staff),
// whose pages show that town alone.
func (a *App) Confined(actor guanjia.Actor) bool {
	return a.ref.Load().tree.Confined(actor)
}

// Reaches reports whether the staff or units of jurisdiction from work in
// town: a unit of a town there, a unit of the county in every town.
func (a *App) Reaches(from, town string) bool {
	return a.ref.Load().tree.Reaches(from, town)
}

// gridWithin returns the grid with code and whether there is one within
// reach of jurisdiction from (Reaches): another town's is as none.
func (a *App) gridWithin(from, code string) (guanjia.Grid, bool) {
	g, ok := a.grid(code)
	return g, ok && a.Reaches(from, g.Jurisdiction)
}

// villageWithin reports whether there is a village with code within
// reach of jurisdiction from.
func (a *App) villageWithin(from, code string) bool {
	v, ok := a.ref.Load().villages[code]
	return ok && a.Reaches(from, v.Jurisdiction)
}

// Hears reports whether actor hears of m on a live stream by its
// jurisdiction (guanjia.Tree.Hears): a housekeeper by their grid's town,
// as they see tasks (tasksTowns), staff by their own.
func (a *App) Hears(actor guanjia.Actor, m guanjia.Message) bool {
	from := actor.Jurisdiction
	if actor.Role == guanjia.RoleHousekeeper {
		g, _ := a.grid(actor.Grid)
		from = g.Jurisdiction
	}
	return a.ref.Load().tree.Hears(from, m.Jurisdiction)
}

// tasksTowns returns the jurisdictions whose tasks actor sees: a town's
// staff and a housekeeper (by their grid) their town's and the county's;
// nil (every town's) for everyone else.
func (a *App) tasksTowns(actor guanjia.Actor) []string {
	town := a.townFilter(actor)
	if actor.Role == guanjia.RoleHousekeeper {
		g, _ := a.grid(actor.Grid)
		town = g.Jurisdiction
	}
	if town == "" {
		return nil
	}
	return []string{town, a.ref.Load().tree[town].Parent}
}
