package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paulmach/orb"
)

// geometryJSON is a GeoJSON geometry object before its coordinates are read.
type geometryJSON struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// ParseGeometry reads a GeoJSON Polygon or MultiPolygon geometry object and
// checks it: every position is a finite longitude in -180..180 and latitude
// in -90..90, and every ring is closed with at least four positions. The
// returned error says what is wrong in words fit to show a user. Positions
// beyond the second number (altitude) are dropped. Self-intersection is not
// checked.
func ParseGeometry(data []byte) (orb.Geometry, error) {
	var g geometryJSON
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, errors.New("the geometry is not a GeoJSON geometry object")
	}
	// Coordinates hold only arrays and numbers; decoding would take a null
	// for 0.
	nulls := bytes.Contains(g.Coordinates, []byte("null"))
	switch g.Type {
	case "Polygon":
		var coords [][][]float64
		if nulls || json.Unmarshal(g.Coordinates, &coords) != nil {
			return nil, errors.New("the Polygon coordinates are not an array of rings of [lng, lat] positions")
		}
		return orNil(polygon(coords, ""))
	case "MultiPolygon":
		var coords [][][][]float64
		if nulls || json.Unmarshal(g.Coordinates, &coords) != nil {
			return nil, errors.New("the MultiPolygon coordinates are not an array of polygons of [lng, lat] positions")
		}
		return orNil(multiPolygon(coords))
	case "":
		return nil, errors.New("the geometry has no type")
	}
	return nil, fmt.Errorf("the geometry must be a Polygon or MultiPolygon, not %.40q", g.Type)
}

// orNil returns a nil geometry, not a typed nil, with an error.
func orNil[G orb.Geometry](g G, err error) (orb.Geometry, error) {
	if err != nil {
		return nil, err
	}
	return g, nil
}

// MarshalGeometry writes a Polygon or MultiPolygon as a GeoJSON geometry
// object; any other geometry is written as null.
func MarshalGeometry(g orb.Geometry) ([]byte, error) {
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
		return json.Marshal(struct {
			Type        string       `json:"type"`
			Coordinates orb.Geometry `json:"coordinates"`
		}{g.GeoJSONType(), g})
	}
	return []byte("null"), nil
}

func multiPolygon(coords [][][][]float64) (orb.MultiPolygon, error) {
	if len(coords) == 0 {
		return nil, errors.New("the MultiPolygon has no polygons")
	}
	mp := make(orb.MultiPolygon, len(coords))
	for i, c := range coords {
		p, err := polygon(c, fmt.Sprintf("polygon %d ", i))
		if err != nil {
			return nil, err
		}
		mp[i] = p
	}
	return mp, nil
}

// polygon checks and converts one polygon's rings; where names the polygon
// in a multipolygon.
func polygon(coords [][][]float64, where string) (orb.Polygon, error) {
	if len(coords) == 0 {
		return nil, fmt.Errorf("%shas no rings", orDefault(where, "the Polygon "))
	}
	p := make(orb.Polygon, len(coords))
	for i, c := range coords {
		r, err := ring(c)
		if err != nil {
			return nil, fmt.Errorf("%sring %d %w", where, i, err)
		}
		p[i] = r
	}
	return p, nil
}

// ring checks and converts one linear ring. Its errors read on from
// "ring N ".
func ring(coords [][]float64) (orb.Ring, error) {
	if len(coords) < 4 {
		return nil, fmt.Errorf("has %d positions; a ring needs at least 4", len(coords))
	}
	r := make(orb.Ring, len(coords))
	for i, c := range coords {
		if len(c) < 2 {
			return nil, fmt.Errorf("position %d has fewer than 2 numbers", i)
		}
		if !validLngLat(c[0], c[1]) {
			return nil, fmt.Errorf("position %d [%g, %g] is not a longitude in -180..180 and a latitude in -90..90", i, c[0], c[1])
		}
		r[i] = orb.Point{c[0], c[1]}
	}
	if r[0] != r[len(r)-1] {
		return nil, errors.New("is not closed: its last position differs from its first")
	}
	return r, nil
}

func validLngLat(lng, lat float64) bool {
	return lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90 // false for NaN
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// polygonContains reports whether p lies inside the polygon by the
// even-odd crossing rule over all its rings, so holes are excluded. Rings
// are closed. A point on an edge shared by two polygons of a partition is
// inside exactly one of them: the test is half-open.
func polygonContains(poly orb.Polygon, p orb.Point) bool {
	in := false
	for _, r := range poly {
		if ringCrossings(r, p) {
			in = !in
		}
	}
	return in
}

// ringCrossings reports whether a ray from p towards +x crosses the closed
// ring r an odd number of times.
func ringCrossings(r orb.Ring, p orb.Point) bool {
	x, y := p[0], p[1]
	odd := false
	for i := 1; i < len(r); i++ {
		a, b := r[i-1], r[i]
		if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
			odd = !odd
		}
	}
	return odd
}
