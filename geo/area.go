package geo

import (
	"encoding/json"
	"math"

	"github.com/guanjia/guanjia"
	"github.com/paulmach/orb"
)

// Limits on an event's area.
const (
	MaxAreaBytes     = 256 << 10 // of the GeoJSON text
	MaxAreaPositions = 20000
)

// ParseArea reads an event's area as drawn on a map or pasted: a GeoJSON
// Polygon or MultiPolygon geometry, or a Feature or FeatureCollection of
// them (their polygons together make the area). It returns the area as a
// compact MultiPolygon geometry. Every fault is an EINVALID error fit to
// show the person who drew or pasted it: not JSON, another geometry, open
// or too short rings, positions out of range, a ring with no area, too
// large.
func ParseArea(data []byte) (json.RawMessage, error) {
	if len(data) > MaxAreaBytes {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "area", "The area's GeoJSON is larger than %d bytes.", MaxAreaBytes)
	}
	var head struct {
		Type     string            `json:"type"`
		Geometry json.RawMessage   `json:"geometry"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "area", "The area is not GeoJSON: paste a Polygon, or draw it on the map.")
	}
	var geoms []json.RawMessage
	switch head.Type {
	case "Feature":
		geoms = []json.RawMessage{head.Geometry}
	case "FeatureCollection":
		if len(head.Features) == 0 || len(head.Features) > 100 {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "area", "The area's FeatureCollection must hold 1 to 100 polygons.")
		}
		for _, raw := range head.Features {
			var f struct {
				Geometry json.RawMessage `json:"geometry"`
			}
			if json.Unmarshal(raw, &f) != nil {
				return nil, guanjia.FieldErrorf(guanjia.EINVALID, "area", "The area's features must be GeoJSON Features.")
			}
			geoms = append(geoms, f.Geometry)
		}
	default:
		geoms = []json.RawMessage{data}
	}
	var mp orb.MultiPolygon
	for _, raw := range geoms {
		g, err := ParseGeometry(raw)
		if err != nil {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "area", "The area is not a valid polygon: %s.", err.Error())
		}
		switch g := g.(type) {
		case orb.Polygon:
			mp = append(mp, g)
		case orb.MultiPolygon:
			mp = append(mp, g...)
		}
	}
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
		if math.Abs(ringArea(p[0])) < 1e-12 {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "area", "The area has a polygon with no surface: its points lie on a line.")
		}
	}
	if n > MaxAreaPositions {
		return nil, guanjia.FieldErrorf(guanjia.EINVALID, "area", "The area has more than %d points; simplify it.", MaxAreaPositions)
	}
	out, err := MarshalGeometry(mp)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ringArea is the signed area of a closed ring in square degrees.
func ringArea(r orb.Ring) float64 {
	a := 0.0
	for i := 1; i < len(r); i++ {
		a += r[i-1][0]*r[i][1] - r[i][0]*r[i-1][1]
	}
	return a / 2
}

// AreaContains reports whether the point lies in an area ParseArea
// returned; false for an empty or broken area.
func AreaContains(area []byte, lat, lng float64) bool {
	if len(area) == 0 {
		return false
	}
	g, err := ParseGeometry(area)
	if err != nil {
		return false
	}
	p := orb.Point{lng, lat}
	if !g.Bound().Contains(p) {
		return false
	}
	switch g := g.(type) {
	case orb.Polygon:
		return polygonContains(g, p)
	case orb.MultiPolygon:
		for _, poly := range g {
			if polygonContains(poly, p) {
				return true
			}
		}
	}
	return false
}
