package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/guanjia/guanjia"
)

// The gazetteer (guanjia.Place): one row per town, kind and key; Put
// replaces the row with the same three.

const placeColumns = "id, town, kind, place_key, name_zh, name_en, lat, lng, pinyin, initials"

func scanPlace(s scanner) (guanjia.Place, error) {
	var p guanjia.Place
	err := s.Scan(&p.ID, &p.Town, &p.Kind, &p.Key, &p.NameZh, &p.NameEn, &p.Lat, &p.Lng, &p.Pinyin, &p.Initials)
	return p, err
}

// PutPlace inserts a place or replaces the one of the same town, kind and
// key. It reports whether a row was inserted rather than replaced.
func (tx *Tx) PutPlace(ctx context.Context, p *guanjia.Place) (bool, error) {
	var existing int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM places WHERE town = ? AND kind = ? AND place_key = ?", p.Town, p.Kind, p.Key).Scan(&existing)
	if err != nil {
		return false, fmt.Errorf("put place: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO places (town, kind, place_key, name_zh, name_en, lat, lng, pinyin, initials)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (town, kind, place_key) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
		lat = excluded.lat, lng = excluded.lng, pinyin = excluded.pinyin, initials = excluded.initials`,
		p.Town, p.Kind, p.Key, p.NameZh, p.NameEn, p.Lat, p.Lng, p.Pinyin, p.Initials)
	if err != nil {
		return false, fmt.Errorf("put place %s/%s: %w", p.Kind, p.Key, err)
	}
	return existing == 0, nil
}

// DeletePlace removes a place.
func (tx *Tx) DeletePlace(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, "DELETE FROM places WHERE id = ?", id); err != nil {
		return fmt.Errorf("delete place %d: %w", id, err)
	}
	return nil
}

// PlacesOfKinds returns every place of the given kinds, in every town.
func (r *reader) PlacesOfKinds(ctx context.Context, kinds ...string) ([]guanjia.Place, error) {
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	ps, err := list(ctx, r, "SELECT "+placeColumns+" FROM places WHERE kind IN ("+placeholders(len(kinds))+") ORDER BY id", args, scanPlace)
	if err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	return ps, nil
}

// placeCandidates bounds the rows a search reads before ranking them.
const placeCandidates = 500

// SearchPlaces returns the places of the towns (every town for none) whose
// Chinese or English name contains q.Text, or whose pinyin or initials
// contain q.Compact: the candidates that guanjia.RankPlaces ranks, the
// shorter names first when there are many.
func (r *reader) SearchPlaces(ctx context.Context, towns []string, q guanjia.PlaceQuery) ([]guanjia.Place, error) {
	var where []string
	var args []any
	if len(towns) > 0 {
		where = append(where, "town IN ("+placeholders(len(towns))+")")
		for _, t := range towns {
			args = append(args, t)
		}
	}
	text, compact := "%"+escapeLike(q.Text)+"%", "%"+escapeLike(q.Compact)+"%"
	like := r.d.ilike()
	where = append(where, `(name_zh LIKE ? ESCAPE '\' OR name_en `+like+` ? ESCAPE '\' OR pinyin LIKE ? ESCAPE '\' OR initials LIKE ? ESCAPE '\')`)
	args = append(args, text, text, compact, compact)
	ps, err := list(ctx, r, "SELECT "+placeColumns+" FROM places WHERE "+strings.Join(where, " AND ")+
		fmt.Sprintf(" ORDER BY LENGTH(name_zh), id LIMIT %d", placeCandidates), args, scanPlace)
	if err != nil {
		return nil, fmt.Errorf("search places: %w", err)
	}
	return ps, nil
}

// PlacesIn returns a town's landmarks and addresses inside a box.
func (r *reader) PlacesIn(ctx context.Context, town string, b guanjia.BBox) ([]guanjia.Place, error) {
	ps, err := list(ctx, r, "SELECT "+placeColumns+" FROM places WHERE town = ? AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?"+
		" AND kind IN (?, ?) ORDER BY id LIMIT 1000",
		[]any{town, b.MinLat, b.MaxLat, b.MinLng, b.MaxLng, guanjia.PlaceLandmark, guanjia.PlaceAddress}, scanPlace)
	if err != nil {
		return nil, fmt.Errorf("places near: %w", err)
	}
	return ps, nil
}

// gridOnly is how a place text that names the grid alone begins (the
// JSON of guanjia.PlaceKeyIn), as a LIKE pattern.
var gridOnly = escapeLike(`{"key":"`+guanjia.PlaceKeyIn+`"`) + "%"

// CasesWithoutPlace returns, after the case with id after and at most n,
// the cases without an address whose place text is missing or names their
// grid alone (a landmark imported since may tell more), by id.
func (r *reader) CasesWithoutPlace(ctx context.Context, after int64, n int) ([]*guanjia.Case, error) {
	cs, err := list(ctx, r, "SELECT "+caseColumns+` FROM cases WHERE id > ? AND address = '' AND (place = '' OR place LIKE ? ESCAPE '\')
		ORDER BY id LIMIT ?`, []any{after, gridOnly, n}, scanCase)
	if err != nil {
		return nil, fmt.Errorf("cases without a place: %w", err)
	}
	return cs, nil
}

// SetCasePlace replaces the place text old of a case without an address
// with t; the case's version stays, as nothing in it was acted on.
func (tx *Tx) SetCasePlace(ctx context.Context, id int64, old, t *guanjia.PlaceText) error {
	_, err := tx.exec(ctx, "UPDATE cases SET place = ? WHERE id = ? AND address = '' AND place = ?",
		guanjia.MarshalPlaceText(t), id, guanjia.MarshalPlaceText(old))
	if err != nil {
		return fmt.Errorf("set the place of case %d: %w", id, err)
	}
	return nil
}
