package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/guanjia/guanjia"
)

// PatrolPoints returns a grid's check-in points: the nodes of a 3×3
// lattice over its bounding box (inset by a sixth on each side) that lie
// inside it, or its box's centre when none does. They are derived from the
// boundary alone, so the same grid always has the same points.
func PatrolPoints(grid string, geometry []byte) ([]guanjia.PatrolPoint, error) {
	g, err := ParseGeometry(geometry)
	if err != nil {
		return nil, err
	}
	b := g.Bound()
	var out []guanjia.PatrolPoint
	for j := range 3 {
		for i := range 3 {
			p := orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*float64(2*i+1)/6, b.Min[1] + (b.Max[1]-b.Min[1])*float64(2*j+1)/6}
			if contains(g, p) {
				out = append(out, guanjia.PatrolPoint{Code: fmt.Sprintf("%s-P%d", grid, len(out)+1), Lat: p[1], Lng: p[0]})
			}
		}
	}
	if len(out) == 0 {
		c := b.Center()
		out = append(out, guanjia.PatrolPoint{Code: grid + "-P1", Lat: c[1], Lng: c[0]})
	}
	return out, nil
}

// Outside returns how far (lat, lng) lies outside a grid's boundary, in
// metres: 0 inside, else the distance to the nearest edge.
func Outside(geometry []byte, lat, lng float64) (float64, error) {
	g, err := ParseGeometry(geometry)
	if err != nil {
		return 0, err
	}
	p := orb.Point{lng, lat}
	if contains(g, p) {
		return 0, nil
	}
	// Edges are short: measure in a plane tangent at the point, in metres.
	kx, ky := EarthRadius*math.Cos(radians(lat))*math.Pi/180, EarthRadius*math.Pi/180
	best := math.Inf(1)
	eachRing(g, func(r orb.Ring) {
		for i := 1; i < len(r); i++ {
			ax, ay := (r[i-1][0]-lng)*kx, (r[i-1][1]-lat)*ky
			bx, by := (r[i][0]-lng)*kx, (r[i][1]-lat)*ky
			best = min(best, segmentDistance(ax, ay, bx, by))
		}
	})
	return best, nil
}

// segmentDistance is the distance from the origin to the segment a–b.
func segmentDistance(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}

func contains(g orb.Geometry, p orb.Point) bool {
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

func eachRing(g orb.Geometry, f func(orb.Ring)) {
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			f(r)
		}
	case orb.MultiPolygon:
		for _, poly := range g {
			for _, r := range poly {
				f(r)
			}
		}
	}
}
