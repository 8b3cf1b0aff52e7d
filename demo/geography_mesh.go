package demo

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
)

// The synthetic town is drawn in polar coordinates about the old town
// centre: an angle θ counter-clockwise from east, and a level s from 0 at
// the centre to 1 on the edge of the town's box. point maps (θ, s) to the
// map. Lines of constant θ ("rays") are gentle spirals out of the centre;
// lines of constant s ("levels") are closed, wavy curves that swell from
// near-circles at the centre to the box itself at s = 1 and never cross.
// A grid is a sector [a, b] × [s0, s1] of that plane, so sectors that tile
// the plane draw polygons that tile the box, provided neighbours draw their
// shared edges through the same points: the mesh sees to that.

// The town: a box about 12 km high and 10.5 km wide.
const (
	centreLat, centreLng = 30.745, 120.487
	southLat, northLat   = 30.69, 30.80
	westLng, eastLng     = 120.43, 120.54

	wave        = 0.2                 // how far the rings wander, as a share of s(1-s)
	smoothStep  = 3 * math.Pi / 180   // angle between points on curves of a level
	minGap      = 0.3 * math.Pi / 180 // no smoothing angle this close to a corner
	smoothLevel = 0.04                // level between points on twisted rays
)

// lngScale is the length of a degree of longitude in degrees of latitude.
var lngScale = math.Cos(centreLat * math.Pi / 180)

// innerReach is the distance from the centre to the nearest side of the box.
var innerReach = min((eastLng-centreLng)*lngScale, (centreLng-westLng)*lngScale,
	northLat-centreLat, centreLat-southLat)

// point maps (θ, s) to [lng, lat], rounded to 1e-7° (about 1 cm). The
// angle turns by twist(s) on the way out, so that rays become gentle
// spirals; for a given s that only moves points along their curve.
func point(θ, s float64) orb.Point {
	if s == 0 {
		return orb.Point{centreLng, centreLat}
	}
	φ := θ + twist(s)
	ρ := radius(φ, s)
	p := orb.Point{round7(centreLng + ρ*math.Cos(φ)/lngScale), round7(centreLat + ρ*math.Sin(φ))}
	if s == 1 {
		p[0], p[1] = snap(p[0], westLng, eastLng), snap(p[1], southLat, northLat)
	}
	return p
}

func twist(s float64) float64 { return 0.3 * s * s }

// radius returns the distance from the centre, in degrees of latitude, of
// the curve at level s in the direction φ. It rises with s for every φ:
// ρ = t((1-t)·innerReach + t·reach) grows with t as reach ≥ innerReach,
// and t, the wavy level, grows with s as wave < 1.
func radius(φ, s float64) float64 {
	t := s + wave*s*(1-s)*(0.6*math.Sin(3*φ+1)+0.4*math.Sin(5*φ+2))
	return t * ((1-t)*innerReach + t*toBox(math.Cos(φ), math.Sin(φ)))
}

// bandArea is proportional to the area of the thin wedge at angle θ
// between levels s0 and s1 (exact but for the twist within the band).
func bandArea(θ, s0, s1 float64) float64 {
	φ := θ + twist((s0+s1)/2)
	return radius(φ, s1)*radius(φ, s1) - radius(φ, s0)*radius(φ, s0)
}

// toBox returns how far the side of the box lies from the centre in the
// direction (dx, dy), in degrees of latitude.
func toBox(dx, dy float64) float64 {
	reach := math.Inf(1)
	if dx > 0 {
		reach = (eastLng - centreLng) * lngScale / dx
	} else if dx < 0 {
		reach = (westLng - centreLng) * lngScale / dx
	}
	if dy > 0 {
		reach = min(reach, (northLat-centreLat)/dy)
	} else if dy < 0 {
		reach = min(reach, (southLat-centreLat)/dy)
	}
	return reach
}

// boxCorners returns the angles θ at which the curve at s = 1 meets the
// box's corners.
func boxCorners() []float64 {
	var angles []float64
	for _, lng := range []float64{westLng, eastLng} {
		for _, lat := range []float64{southLat, northLat} {
			angles = append(angles, norm(math.Atan2(lat-centreLat, (lng-centreLng)*lngScale)-twist(1)))
		}
	}
	return angles
}

func snap(x, lo, hi float64) float64 {
	switch {
	case math.Abs(x-lo) < 1e-6:
		return lo
	case math.Abs(x-hi) < 1e-6:
		return hi
	}
	return x
}

func round7(x float64) float64 { return math.Round(x*1e7) / 1e7 }

// norm brings an angle into [0, 2π).
func norm(θ float64) float64 {
	if θ = math.Mod(θ, 2*math.Pi); θ < 0 {
		θ += 2 * math.Pi
	}
	if θ >= 2*math.Pi { // -ε + 2π rounds up
		return 0
	}
	return θ
}

// sector is the part of the plane from angle a counter-clockwise to angle b
// (b == a is the full circle) and from level s0 out to s1.
type sector struct{ a, b, s0, s1 float64 }

func (s sector) width() float64 {
	if w := s.b - s.a; w > 0 {
		return w
	}
	return s.b - s.a + 2*math.Pi
}

// angle returns the angle a fraction f of the way from a to b.
func (s sector) angle(f float64) float64 {
	switch f {
	case 0:
		return s.a
	case 1:
		return s.b
	}
	return norm(s.a + f*s.width())
}

// cut returns the angle that leaves a fraction f of the sector's area
// counter-clockwise of it, summing bandArea over thin wedges.
func (s sector) cut(f float64) float64 {
	if f <= 0 || f >= 1 {
		return s.angle(min(max(f, 0), 1))
	}
	const n = 256
	cum := make([]float64, n+1)
	for i := 1; i <= n; i++ {
		cum[i] = cum[i-1] + bandArea(s.a+(float64(i)-0.5)/n*s.width(), s.s0, s.s1)
	}
	target := f * cum[n]
	i, _ := slices.BinarySearch(cum, target) // cum[i-1] < target ≤ cum[i]
	i = min(max(i, 1), n)
	frac := (target - cum[i-1]) / (cum[i] - cum[i-1])
	return s.angle((float64(i-1) + frac) / n)
}

// level returns the level that leaves a fraction f of the sector's area
// inside it, measured along its middle angle.
func (s sector) level(f float64) float64 {
	θ := s.angle(0.5)
	want := f * bandArea(θ, s.s0, s.s1)
	lo, hi := s.s0, s.s1
	for range 40 {
		if mid := (lo + hi) / 2; bandArea(θ, s.s0, mid) < want {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// middle returns a point inside the sector.
func (s sector) middle() orb.Point { return point(s.angle(0.5), (s.s0+s.s1)/2) }

// fan cuts the sector by angle into k pieces of about equal area.
func (s sector) fan(k int, rnd *rand.Rand) []sector {
	cuts := make([]float64, k+1)
	for j := range cuts {
		f := float64(j)
		if j > 0 && j < k {
			f += (rnd.Float64() - 0.5) * 0.3
		}
		cuts[j] = s.cut(f / float64(k))
	}
	pieces := make([]sector, k)
	for j := range pieces {
		pieces[j] = sector{cuts[j], cuts[j+1], s.s0, s.s1}
	}
	return pieces
}

// mesh is the set of angles and levels at which the sectors of a tiling
// have corners, and the smoothing angles and levels between them. An edge
// along a level is drawn through the smoothing angles and every angle where
// some sector has a corner at that level; an edge along a ray through the
// smoothing levels and every level where some sector has a corner on that
// ray. Neighbours thus draw the same points.
type mesh struct {
	angles, levels   []float64
	smoothA, smoothL []bool // angles[i] is drawn on every level, levels[k] on every ray
	corner           map[[2]int]bool
	angleAt, levelAt map[float64]int
	points           map[[2]int]orb.Point
}

func newMesh(cells []sector) *mesh {
	var breaks, steps []float64
	for _, c := range cells {
		breaks = append(breaks, c.a, c.b)
		steps = append(steps, c.s0, c.s1)
	}
	breaks, steps = sortedUnique(breaks), sortedUnique(steps)
	smoothA := boxCorners() // so that the outer edge follows the box
	for θ := 0.0; θ < 2*math.Pi; θ += smoothStep {
		if !near(breaks, θ, minGap, 2*math.Pi) {
			smoothA = append(smoothA, θ)
		}
	}
	var smoothL []float64
	for s := smoothLevel; s < 1; s += smoothLevel {
		if !near(steps, s, smoothLevel/4, 0) {
			smoothL = append(smoothL, s)
		}
	}
	m := &mesh{angles: sortedUnique(append(breaks, smoothA...)), levels: sortedUnique(append(steps, smoothL...)),
		corner: make(map[[2]int]bool), points: make(map[[2]int]orb.Point)}
	m.angleAt, m.levelAt = positions(m.angles), positions(m.levels)
	m.smoothA, m.smoothL = flags(m.angleAt, smoothA, len(m.angles)), flags(m.levelAt, smoothL, len(m.levels))
	for _, c := range cells {
		for _, θ := range []float64{c.a, c.b} {
			m.corner[[2]int{m.angleAt[θ], m.levelAt[c.s0]}] = true
			m.corner[[2]int{m.angleAt[θ], m.levelAt[c.s1]}] = true
		}
	}
	return m
}

// ring draws the sector's boundary counter-clockwise: out along the outer
// curve, in along the ray at b, back along the inner curve (or through the
// centre) and out along the ray at a.
func (m *mesh) ring(c sector) orb.Ring {
	n := len(m.angles)
	ia, ib := m.angleAt[c.a], m.angleAt[c.b]
	k0, k1 := m.levelAt[c.s0], m.levelAt[c.s1]
	steps := (ib - ia + n) % n
	if steps == 0 {
		steps = n
	}
	r := m.arc(nil, ia, steps, k1, false)
	if steps == n && c.s0 == 0 {
		return r // a disc
	}
	r = m.ray(r, ib, k1, k0)
	if c.s0 == 0 {
		r = add(r, m.at(ia, k0))
	} else {
		r = m.arc(r, ia, steps, k0, true)
	}
	r = m.ray(r, ia, k0, k1)
	return add(r, r[0])
}

// arc adds the points of the curve at level k from angle index ia, steps
// angles counter-clockwise, or in reverse.
func (m *mesh) arc(r orb.Ring, ia, steps, k int, reverse bool) orb.Ring {
	for t := range steps + 1 {
		if reverse {
			t = steps - t
		}
		i := (ia + t) % len(m.angles)
		if t == 0 || t == steps || m.smoothA[i] || m.corner[[2]int{i, k}] {
			r = add(r, m.at(i, k))
		}
	}
	return r
}

// ray adds the points of the ray at angle index i strictly between levels
// from and to, in that direction.
func (m *mesh) ray(r orb.Ring, i, from, to int) orb.Ring {
	step := 1
	if to < from {
		step = -1
	}
	for k := from + step; k != to; k += step {
		if m.smoothL[k] || m.corner[[2]int{i, k}] {
			r = add(r, m.at(i, k))
		}
	}
	return r
}

// at returns the point at angle index i and level index k, computed once
// so that every polygon that shares it has exactly the same numbers.
func (m *mesh) at(i, k int) orb.Point {
	key := [2]int{i, k}
	p, ok := m.points[key]
	if !ok {
		p = point(m.angles[i], m.levels[k])
		m.points[key] = p
	}
	return p
}

// add appends p unless it repeats the last point.
func add(r orb.Ring, p orb.Point) orb.Ring {
	if len(r) > 0 && r[len(r)-1] == p {
		return r
	}
	return append(r, p)
}

func sortedUnique(xs []float64) []float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return slices.Compact(xs)
}

func positions(xs []float64) map[float64]int {
	at := make(map[float64]int, len(xs))
	for i, x := range xs {
		at[x] = i
	}
	return at
}

// near reports whether x lies within gap of any of xs, on a circle of
// the given period if it is not 0.
func near(xs []float64, x, gap, period float64) bool {
	for _, y := range xs {
		if d := math.Abs(x - y); d < gap || period > 0 && period-d < gap {
			return true
		}
	}
	return false
}

// flags marks the positions of some values among all.
func flags(at map[float64]int, some []float64, all int) []bool {
	f := make([]bool, all)
	for _, x := range some {
		f[at[x]] = true
	}
	return f
}
