package web

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// ref is a snapshot of the reference data pages show: names of categories,
// units, villages and grids, the town, and the town's map.
type ref struct {
	categories []guanjia.Category // active ones, most used first
	category   map[string]*guanjia.Category
	units      []guanjia.Unit
	unit       map[string]*guanjia.Unit
	villages   []guanjia.Village
	village    map[string]*guanjia.Village
	grids      []gridName
	grid       map[string]string
	town       guanjia.Jurisdiction
	towns      []guanjia.Jurisdiction
	geo        *townMap // the town's geography as GeoJSON, compressed
}

// gridName is a grid without its geometry.
type gridName struct{ Code, Name, Village, Jurisdiction string }

// inView reports whether what belongs to jurisdiction (a unit, a village,
// a grid) is in the view of v: a town's staff see their town's and the
// county's, everyone else all.
func (s *Server) inView(v *viewer, jurisdiction string) bool {
	return !s.app.Confined(v.Actor) || s.app.Reaches(jurisdiction, v.Actor.Jurisdiction)
}

// townOf returns the town v's pages are confined to, or nil for every town.
func (s *Server) townOf(v *viewer) *string {
	if !s.app.Confined(v.Actor) {
		return nil
	}
	town := v.Actor.Jurisdiction
	return &town
}

// townName returns a town's name in a language.
func (r *ref) townName(lang, code string) string {
	for _, j := range r.towns {
		if j.Code == code {
			return j.Label(lang)
		}
	}
	return code
}

// townCentre is where maps open.
func (r *ref) townCentre() []float64 { return []float64{r.town.Lat, r.town.Lng} }

// refCache reloads the snapshot when it is older than ttl, or when the
// app holds reference data of another version than it was taken from (an
// administrator changed them here, or on another instance sharing the
// database: app.WatchReference).
type refCache struct {
	app *app.App
	ttl time.Duration

	mu      sync.Mutex
	cur     *ref
	loaded  time.Time
	version int64 // the app's reference version cur was taken from
}

func newRefCache(a *app.App, ttl time.Duration) *refCache { return &refCache{app: a, ttl: ttl} }

// get returns the current snapshot. A failed reload keeps the previous one
// (logged); with none at all it returns an empty snapshot.
func (c *refCache) get(ctx context.Context) *ref {
	c.mu.Lock()
	defer c.mu.Unlock()
	version := c.app.ReferenceVersion() // read first: a change after it moves it again
	if c.cur != nil && time.Since(c.loaded) < c.ttl && version == c.version {
		return c.cur
	}
	r, err := c.load(ctx)
	if err != nil {
		c.app.Logger().Warn("load reference data for pages", "err", err)
		if c.cur == nil {
			return &ref{category: map[string]*guanjia.Category{}, unit: map[string]*guanjia.Unit{},
				village: map[string]*guanjia.Village{}, grid: map[string]string{}, geo: emptyTownMap()}
		}
		return c.cur
	}
	c.cur, c.loaded, c.version = r, time.Now(), version
	return r
}

func (c *refCache) load(ctx context.Context) (*ref, error) {
	a := c.app
	r := &ref{category: map[string]*guanjia.Category{}, unit: map[string]*guanjia.Unit{},
		village: map[string]*guanjia.Village{}, grid: map[string]string{}}
	cats, err := a.Categories(ctx)
	if err != nil {
		return nil, err
	}
	usage, err := c.usage(ctx)
	if err != nil {
		return nil, err
	}
	for _, cat := range cats {
		if cat.Active {
			r.categories = append(r.categories, cat)
		}
	}
	sort.SliceStable(r.categories, func(i, j int) bool {
		ci, cj := r.categories[i], r.categories[j]
		if usage[ci.Code] != usage[cj.Code] {
			return usage[ci.Code] > usage[cj.Code]
		}
		return ci.Sort < cj.Sort
	})
	for i := range cats {
		r.category[cats[i].Code] = &cats[i]
	}
	if r.units, err = a.Units(ctx); err != nil {
		return nil, err
	}
	for i := range r.units {
		r.unit[r.units[i].Code] = &r.units[i]
	}
	if r.villages, err = a.Villages(ctx); err != nil {
		return nil, err
	}
	for i := range r.villages {
		r.village[r.villages[i].Code] = &r.villages[i]
	}
	js, err := a.Jurisdictions(ctx)
	if err != nil {
		return nil, err
	}
	r.towns = guanjia.Towns(js)
	if len(r.towns) > 0 {
		r.town = r.towns[0]
	}
	grids, err := a.Grids(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range grids {
		r.grids = append(r.grids, gridName{g.Code, g.Name, g.Village, g.Jurisdiction})
		r.grid[g.Code] = g.Name
	}
	if r.geo, err = newTownMap(grids, r.villages); err != nil {
		return nil, err
	}
	return r, nil
}

// usage counts the cases of each category reported in the last 30 days,
// so that the reporting page offers the most used categories first.
func (c *refCache) usage(ctx context.Context) (map[string]int, error) {
	from := c.app.Now().AddDate(0, 0, -30)
	counts := map[string]int{}
	err := eachCase(ctx, c.app, guanjia.CaseFilter{From: &from}, 5000, func(cs *guanjia.Case) {
		counts[cs.Category]++
	})
	return counts, err
}

// eachCase calls fn for every case f selects, in its public view, up to max
// of them, a page at a time.
func eachCase(ctx context.Context, a *app.App, f guanjia.CaseFilter, max int, fn func(*guanjia.Case)) error {
	f.Limit = 1000
	seen := 0
	for {
		cases, next, err := a.Public().FindCases(ctx, f)
		if err != nil {
			return err
		}
		for _, c := range cases {
			fn(c)
		}
		seen += len(cases)
		if next == "" || seen >= max {
			return nil
		}
		f.After = next
	}
}

// Names in a language.

func (r *ref) categoryName(lang, code string) string {
	if c, ok := r.category[code]; ok {
		return c.Name(lang)
	}
	return code
}

func (r *ref) categoryIcon(code string) string {
	if c, ok := r.category[code]; ok && c.Icon != "" {
		return c.Icon
	}
	return "•"
}

func (r *ref) unitName(lang, code string) string {
	if u, ok := r.unit[code]; ok {
		return u.Name(lang)
	}
	if guanjia.IsOwnerUnit(code) || code == guanjia.OwnerUnitPublic {
		return guanjia.OwnerUnitLabel(lang)
	}
	return code
}

func (r *ref) villageName(lang, code string) string {
	if v, ok := r.village[code]; ok {
		if lang == "en" && v.NameEN != "" {
			return v.NameEN
		}
		return v.Name
	}
	return code
}

func (r *ref) gridName(code string) string {
	if n, ok := r.grid[code]; ok && n != "" {
		return n
	}
	return code
}

// invalidate drops the snapshot, so that the next page shows what an
// administrator just changed.
func (c *refCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur = nil
}
