package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Bucketing: about cellsPerGrid cells for each grid, coarser if large boxes
// would make the lattice hold more than maxItemsPerGrid entries for each.
const (
	cellsPerGrid    = 16
	maxItemsPerGrid = 64
	maxCellsPerSide = 4096
)

// lattice maps points to the cells of a uniform nx × ny lattice over a box.
// Its cellX and cellY are monotonic, so a point inside a box falls in one of
// the cells that cellRange gives for the box.
type lattice struct {
	min        orb.Point
	nx, ny     int
	invW, invH float64 // cells per degree
}

// newLattice lays about cells cells over b, about as wide as they are high
// in degrees.
func newLattice(b orb.Bound, cells float64) lattice {
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	l := lattice{min: b.Min, nx: 1, ny: 1}
	if w > 0 && h > 0 {
		l.nx = clamp(int(math.Round(math.Sqrt(cells*w/h))), 1, maxCellsPerSide)
		l.ny = clamp(int(math.Round(cells/float64(l.nx))), 1, maxCellsPerSide)
	}
	if w > 0 {
		l.invW = float64(l.nx) / w
	}
	if h > 0 {
		l.invH = float64(l.ny) / h
	}
	return l
}

func (l *lattice) cellX(lng float64) int { return clamp(int((lng-l.min[0])*l.invW), 0, l.nx-1) }
func (l *lattice) cellY(lat float64) int { return clamp(int((lat-l.min[1])*l.invH), 0, l.ny-1) }
func (l *lattice) cell(p orb.Point) int  { return l.cellY(p[1])*l.nx + l.cellX(p[0]) }

// cellRange returns the cells a box touches, inclusive.
func (l *lattice) cellRange(b orb.Bound) (x0, y0, x1, y1 int) {
	return l.cellX(b.Min[0]), l.cellY(b.Min[1]), l.cellX(b.Max[0]), l.cellY(b.Max[1])
}

// centre returns the middle of a cell, or false if rounding puts it in
// another cell.
func (l *lattice) centre(x, y int) (orb.Point, bool) {
	p := orb.Point{l.min[0] + (float64(x)+0.5)/l.invW, l.min[1] + (float64(y)+0.5)/l.invH}
	return p, l.invW > 0 && l.invH > 0 && l.cellX(p[0]) == x && l.cellY(p[1]) == y
}

// buckets lists, for each cell of a lattice, the grids a point in that
// cell may lie in, in grid order. An entry id ≥ 0 is a grid whose boundary
// passes through the cell and must be tested; an entry -(id+1) is a grid
// that covers the whole cell, and ends the list. Grids that miss the cell
// are left out.
type buckets struct {
	lattice
	start, items []int32 // cell c holds items[start[c]:start[c+1]]
}

// cellItems returns the entries of the cell that holds p.
func (b *buckets) cellItems(p orb.Point) []int32 {
	c := b.cell(p)
	return b.items[b.start[c]:b.start[c+1]]
}

// entry is one item of one cell.
type entry struct{ cell, item int32 }

func newBuckets(bound orb.Bound, shapes []shape) buckets {
	b := buckets{lattice: chooseLattice(bound, shapes)}
	closed := make([]bool, b.nx*b.ny) // a covering grid has ended the list
	var entries []entry
	for id := range shapes {
		b.classify(id, &shapes[id], func(cell, item int32) {
			if !closed[cell] {
				entries = append(entries, entry{cell, item})
				closed[cell] = item < 0
			}
		})
	}
	b.fill(entries)
	return b
}

// chooseLattice picks cellsPerGrid cells for each grid, or fewer if the
// grids' boxes would touch too many.
func chooseLattice(bound orb.Bound, shapes []shape) lattice {
	n := len(shapes)
	for cells := float64(cellsPerGrid * max(n, 1)); ; cells /= 4 {
		l := newLattice(bound, cells)
		total := 0
		for i := range shapes {
			x0, y0, x1, y1 := l.cellRange(shapes[i].bound)
			total += (x1 - x0 + 1) * (y1 - y0 + 1)
		}
		if total <= maxItemsPerGrid*n+1024 || cells <= 1 {
			return l
		}
	}
}

// classify calls emit for each cell in the shape's box that the shape
// reaches: with id if an edge may pass through the cell, with -(id+1) if
// the shape covers the cell.
func (b *buckets) classify(id int, s *shape, emit func(cell, item int32)) {
	x0, y0, x1, y1 := b.cellRange(s.bound)
	w := x1 - x0 + 1
	edge := b.edgeCells(s, x0, y0, w, y1-y0+1)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			cell := int32(y*b.nx + x)
			c, ok := b.centre(x, y)
			switch {
			case edge[(y-y0)*w+x-x0] || !ok:
				emit(cell, int32(id))
			case s.contains(c):
				emit(cell, int32(-id-1))
			}
		}
	}
}

// edgeCells marks the cells of the w × h block at (x0, y0) that the boxes
// of the shape's edges touch. If that would take long, it marks them all.
func (b *buckets) edgeCells(s *shape, x0, y0, w, h int) []bool {
	edge := make([]bool, w*h)
	if !b.cheapEdges(s, len(edge)) {
		for i := range edge {
			edge[i] = true
		}
		return edge
	}
	s.eachEdge(func(p, q orb.Point) {
		ex0, ey0, ex1, ey1 := b.cellRange(orb.Bound{Min: p, Max: p}.Extend(q))
		for y := ey0; y <= ey1; y++ {
			for x := ex0; x <= ex1; x++ {
				edge[(y-y0)*w+x-x0] = true
			}
		}
	})
	return edge
}

// cheapEdges reports whether marking the cells under the shape's edges
// costs about as much as the shape has edges and cells; long edges across
// many cells, which only a pathological shape has, make it dear.
func (b *buckets) cheapEdges(s *shape, cells int) bool {
	budget := 2*cells + 1024
	s.eachEdge(func(p, q orb.Point) {
		ex0, ey0, ex1, ey1 := b.cellRange(orb.Bound{Min: p, Max: p}.Extend(q))
		budget += 4 - (ex1-ex0+1)*(ey1-ey0+1)
	})
	return budget >= 0
}

// fill sorts entries by cell, keeping their order within a cell.
func (b *buckets) fill(entries []entry) {
	b.start = make([]int32, b.nx*b.ny+1)
	for _, e := range entries {
		b.start[e.cell+1]++
	}
	for c := 1; c < len(b.start); c++ {
		b.start[c] += b.start[c-1]
	}
	b.items = make([]int32, len(entries))
	next := append([]int32(nil), b.start[:len(b.start)-1]...)
	for _, e := range entries {
		b.items[next[e.cell]] = e.item
		next[e.cell]++
	}
}

// eachEdge calls f with the ends of every edge of every ring.
func (s *shape) eachEdge(f func(p, q orb.Point)) {
	for _, poly := range s.polys {
		for _, r := range poly {
			for i := 1; i < len(r); i++ {
				f(r[i-1], r[i])
			}
		}
	}
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }
