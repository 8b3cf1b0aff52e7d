package app

import (
	"context"
	"fmt"
	"io"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
)

// The gazetteer: place search, the import of landmarks and addresses, the
// villages, communities and grids kept in step with the geography, and
// the place texts of cases (guanjia.DescribePlace).

// SearchPlaces finds places by Chinese, English or pinyin (full or by
// initials), best first, at most guanjia.PlaceSearchLimit: anyone may
// search, in the towns guanjia.Tree.PlaceTowns allows.
func (a *App) SearchPlaces(ctx context.Context, actor guanjia.Actor, q, town string) ([]guanjia.Place, error) {
	if err := guanjia.CheckTexts("q", q, "town", town); err != nil {
		return nil, err
	}
	query, ok := guanjia.ParsePlaceQuery(q)
	if !ok {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "q", "Type a few characters of the place to look for.")
	}
	ref := a.ref.Load()
	towns, err := ref.tree.PlaceTowns(actor, town, ref.home)
	if err != nil {
		return nil, err
	}
	candidates, err := a.db.SearchPlaces(ctx, towns, query)
	if err != nil {
		return nil, err
	}
	return guanjia.RankPlaces(query, candidates, guanjia.PlaceSearchLimit), nil
}

// ImportPlaces reads a file of landmarks and addresses (guanjia.ParsePlaces)
// and stores them, all or nothing: a place of the same town, kind and id
// is replaced, so importing a file again changes nothing. A row without a
// town goes to the town its point lies in. Administrators only, each for
// the towns they may edit. Cases without a place text get one after.
func (a *App) ImportPlaces(ctx context.Context, actor guanjia.Actor, r io.Reader) (added, replaced int, err error) {
	if !guanjia.MayEditReference(actor) {
		return 0, 0, guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may import places.")
	}
	places, err := guanjia.ParsePlaces(r)
	if err != nil {
		return 0, 0, err
	}
	return a.AddPlaces(ctx, actor, places)
}

// AddPlaces stores landmarks and addresses as ImportPlaces does.
func (a *App) AddPlaces(ctx context.Context, actor guanjia.Actor, places []guanjia.Place) (added, replaced int, err error) {
	if !guanjia.MayEditReference(actor) {
		return 0, 0, guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may import places.")
	}
	ref := a.ref.Load()
	for i := range places {
		p := &places[i]
		if !guanjia.PlaceImported(p.Kind) || p.NameZh == "" {
			return 0, 0, guanjia.Errorf(guanjia.EINVALID, "Only landmarks and addresses with a Chinese name may be added.")
		}
		if p.Key == "" {
			p.Key = p.NameZh
		}
		if p.Pinyin == "" {
			p.Pinyin, p.Initials = guanjia.PlaceReadings(p.NameZh)
		}
		if p.Town == "" {
			_, _, p.Town = a.Locate(p.Lat, p.Lng)
		}
		if j, ok := ref.jurisdictions[p.Town]; !ok || !j.IsTown() {
			return 0, 0, guanjia.Errorf(guanjia.EUNPROCESSABLE, "The place %s is in no town this Guanjia serves; give its town.", p.NameZh)
		}
		if err := ref.tree.MayEdit(actor, p.Town); err != nil {
			return 0, 0, fmt.Errorf("place %s: %w", p.NameZh, err)
		}
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		added, replaced = 0, 0
		for i := range places {
			isNew, err := tx.PutPlace(ctx, &places[i])
			if err != nil {
				return err
			}
			if isNew {
				added++
			} else {
				replaced++
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("import places: %w", err)
	}
	if _, err := a.FillPlaces(ctx); err != nil {
		return added, replaced, err
	}
	return added, replaced, nil
}

// syncAreaPlaces keeps the gazetteer's villages, communities and grids in
// step with the geography: it adds and changes what differs and removes
// what is gone. Reload calls it, so every change of the geography (and
// the first start) reaches place search.
func (a *App) syncAreaPlaces(ctx context.Context, r *reference) error {
	villages := make([]guanjia.Village, 0, len(r.villages))
	for _, v := range r.villages {
		villages = append(villages, *v)
	}
	want := guanjia.AreaPlaces(villages, r.index.Grids(), func(g *guanjia.Grid) (float64, float64, bool) {
		lat, lng, err := geo.Centre(g.Geometry)
		return lat, lng, err == nil
	})
	have, err := a.db.PlacesOfKinds(ctx, guanjia.PlaceVillage, guanjia.PlaceCommunity, guanjia.PlaceGrid)
	if err != nil {
		return err
	}
	type key struct{ town, kind, code string }
	old := make(map[key]guanjia.Place, len(have))
	for _, p := range have {
		old[key{p.Town, p.Kind, p.Key}] = p
	}
	var put []guanjia.Place
	for _, p := range want {
		k := key{p.Town, p.Kind, p.Key}
		o, ok := old[k]
		delete(old, k)
		if o.ID = 0; !ok || o != p {
			put = append(put, p)
		}
	}
	if len(put) == 0 && len(old) == 0 {
		return nil
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		for i := range put {
			if _, err := tx.PutPlace(ctx, &put[i]); err != nil {
				return err
			}
		}
		for _, p := range old {
			if err := tx.DeletePlace(ctx, p.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("keep the gazetteer's areas: %w", err)
	}
	return nil
}

// describePlace returns the place text of a point of town in grid: from
// the nearest landmark or address and the grid's name; nil for none.
func (a *App) describePlace(ctx context.Context, town, grid string, lat, lng float64) (*guanjia.PlaceText, error) {
	minLat, minLng, maxLat, maxLng := geo.BBoxAround(lat, lng, guanjia.PlaceRadius)
	nearby, err := a.db.PlacesIn(ctx, town, guanjia.BBox{MinLng: minLng, MinLat: minLat, MaxLng: maxLng, MaxLat: maxLat})
	if err != nil {
		return nil, err
	}
	var area *guanjia.PlaceArg
	if g, ok := a.grid(grid); ok && grid != "" {
		name := guanjia.GridName(&g, a.ref.Load().villages[g.Village])
		area = &name
	}
	return guanjia.DescribePlace(lat, lng, nearby, area), nil
}

// placeCase gives a new case whose reporter gave no address a place text.
// A failure to tell one is logged, not fatal: the case still has its point.
func (a *App) placeCase(ctx context.Context, c *guanjia.Case, placed bool) {
	if c.Address != "" || !placed {
		return
	}
	t, err := a.describePlace(ctx, c.Jurisdiction, c.Grid, c.Lat, c.Lng)
	if err != nil {
		a.log.Warn("describe place", "err", err)
		return
	}
	c.Place = t
}

// FillPlaces gives every case without an address a place text, where one
// can be told, and tells again the texts that name a grid alone: a one-off
// job for the cases of before the gazetteer, run after each import of
// places. It returns how many texts it gave or changed.
func (a *App) FillPlaces(ctx context.Context) (int, error) {
	n := 0
	for after := int64(0); ; {
		cases, err := a.db.CasesWithoutPlace(ctx, after, 200)
		if err != nil || len(cases) == 0 {
			return n, err
		}
		type fill struct {
			id     int64
			old, t *guanjia.PlaceText
		}
		var fills []fill
		for _, c := range cases {
			after = c.ID
			t, err := a.describePlace(ctx, c.Jurisdiction, c.Grid, c.Lat, c.Lng)
			if err != nil {
				return n, err
			}
			if t != nil && guanjia.MarshalPlaceText(t) != guanjia.MarshalPlaceText(c.Place) {
				fills = append(fills, fill{c.ID, c.Place, t})
			}
		}
		err = a.db.Tx(ctx, func(tx *store.Tx) error {
			for _, f := range fills {
				if err := tx.SetCasePlace(ctx, f.id, f.old, f.t); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += len(fills)
	}
}
