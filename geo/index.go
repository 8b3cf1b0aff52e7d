package geo

import (
	"github.com/guanjia/guanjia"
	"github.com/paulmach/orb"
)

// Index finds the grid a point lies in. It keeps every grid's polygons in
// memory and buckets them into a uniform lattice of cells over the area
// (see buckets), so that most lookups are answered by the point's cell
// alone and the rest test one or two polygons. An Index is immutable and
// safe for concurrent use.
type Index struct {
	grids  []guanjia.Grid
	shapes []shape // parallel to grids
	bound  orb.Bound
	buckets
}

// shape is a grid's boundary ready for point-in-polygon tests.
type shape struct {
	bound orb.Bound
	polys []orb.Polygon
	boxes []orb.Bound // of each polygon
}

// NewIndex parses the grids' geometries and builds an index over them. A
// grid whose geometry is not a valid Polygon or MultiPolygon is an EINVALID
// error. The grids are kept, not copied; the caller must not change them.
func NewIndex(grids []guanjia.Grid) (*Index, error) {
	ix := &Index{grids: grids, shapes: make([]shape, len(grids))}
	for i := range grids {
		s, err := newShape(grids[i].Geometry)
		if err != nil {
			return nil, guanjia.FieldErrorf(guanjia.EINVALID, "geometry", "Grid %q: %s.", grids[i].Code, err.Error())
		}
		ix.shapes[i] = s
		if i == 0 {
			ix.bound = s.bound
		} else {
			ix.bound = ix.bound.Union(s.bound)
		}
	}
	ix.buckets = newBuckets(ix.bound, ix.shapes)
	return ix, nil
}

func newShape(geometry []byte) (shape, error) {
	g, err := ParseGeometry(geometry)
	if err != nil {
		return shape{}, err
	}
	var s shape
	switch g := g.(type) {
	case orb.Polygon:
		s.polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		s.polys = g
	}
	s.boxes = make([]orb.Bound, len(s.polys))
	for i, p := range s.polys {
		s.boxes[i] = p[0].Bound() // holes lie inside the outer ring
	}
	s.bound = g.Bound()
	return s, nil
}

// Locate returns the grid that contains the point. Where grids overlap, the
// one given first to NewIndex wins; a point on an edge shared by two grids
// belongs to exactly one of them.
func (ix *Index) Locate(lat, lng float64) (grid guanjia.Grid, ok bool) {
	p := orb.Point{lng, lat}
	if len(ix.grids) == 0 || !inBound(ix.bound, p) {
		return guanjia.Grid{}, false
	}
	for _, it := range ix.cellItems(p) {
		if it < 0 { // the grid covers the whole cell
			return ix.grids[-it-1], true
		}
		if ix.shapes[it].contains(p) {
			return ix.grids[it], true
		}
	}
	return guanjia.Grid{}, false
}

func (s *shape) contains(p orb.Point) bool {
	if !inBound(s.bound, p) {
		return false
	}
	for i, poly := range s.polys {
		if inBound(s.boxes[i], p) && polygonContains(poly, p) {
			return true
		}
	}
	return false
}

// inBound is orb.Bound.Contains, written so that NaN is outside.
func inBound(b orb.Bound, p orb.Point) bool {
	return p[0] >= b.Min[0] && p[0] <= b.Max[0] && p[1] >= b.Min[1] && p[1] <= b.Max[1]
}

// Grids returns a copy of the indexed grids, in the order given.
func (ix *Index) Grids() []guanjia.Grid {
	return append([]guanjia.Grid(nil), ix.grids...)
}

// Len returns the number of indexed grids.
func (ix *Index) Len() int { return len(ix.grids) }

// Bounds returns the box around all indexed grids; zeros if there are none.
func (ix *Index) Bounds() (minLat, minLng, maxLat, maxLng float64) {
	return ix.bound.Min[1], ix.bound.Min[0], ix.bound.Max[1], ix.bound.Max[0]
}
