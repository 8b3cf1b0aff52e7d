package app

import (
	"github.com/guanjia/guanjia"
)

// Towns: which town a point, a report or an account belongs to, and what
// each actor reaches (docs/county.md).

// Locate places a WGS84 point: its grid, village and town. An installation
// of one town takes every point; with several, a point outside every
// town's grids has no town ("").
func (a *App) Locate(lat, lng float64) (grid, village, jurisdiction string) {
	r := a.ref.Load()
	if g, ok := r.index.Locate(lat, lng); ok {
		grid, village, jurisdiction = g.Code, g.Village, g.Jurisdiction
		if v, ok := r.villages[village]; ok && jurisdiction == "" {
			jurisdiction = v.Jurisdiction
		}
	}
	if jurisdiction == "" && len(r.towns) == 1 {
		jurisdiction = r.towns[0].Code
	}
	return grid, village, jurisdiction
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
