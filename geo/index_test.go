package geo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// The box that test lattices cover: about Wuzhen.
var town = orb.Bound{Min: orb.Point{120.43, 30.69}, Max: orb.Point{120.54, 30.80}}

// newTiling returns nx × ny grids that tile town exactly: a lattice of
// jittered nodes whose shared edges wobble through three extra points each.
func newTiling(tb testing.TB, nx, ny int) []guanjia.Grid {
	tb.Helper()
	if nx < 2 || ny < 2 {
		tb.Fatal("newTiling needs at least 2 × 2 cells")
	}
	rnd := rand.New(rand.NewPCG(uint64(nx), uint64(ny)))
	w, h := (town.Max[0]-town.Min[0])/float64(nx), (town.Max[1]-town.Min[1])/float64(ny)
	node := jitteredNodes(rnd, nx, ny, w, h)
	edges := func(di, dj int) [][][]orb.Point { // from node (i, j) to node (i+di, j+dj)
		e := make([][][]orb.Point, ny+1-dj)
		for j := range e {
			e[j] = make([][]orb.Point, nx+1-di)
			for i := range e[j] {
				boundary := di == 1 && (j == 0 || j == ny) || dj == 1 && (i == 0 || i == nx)
				e[j][i] = wobble(rnd, node[j][i], node[j+dj][i+di], w/h, boundary)
			}
		}
		return e
	}
	across, up := edges(1, 0), edges(0, 1)
	var grids []guanjia.Grid
	for j := range ny {
		for i := range nx {
			r := orb.Ring{node[j][i]}
			r = append(append(r, across[j][i]...), node[j][i+1])
			r = append(append(r, up[j][i+1]...), node[j+1][i+1])
			r = append(append(r, reversed(across[j+1][i])...), node[j+1][i])
			r = append(append(r, reversed(up[j][i])...), node[j][i])
			grids = append(grids, newGrid(tb, fmt.Sprintf("L%d-%d", i, j), orb.Polygon{r}))
		}
	}
	return grids
}

// jitteredNodes returns the (nx+1) × (ny+1) corners of a lattice of w × h
// cells over town, those inside moved at random by up to a quarter cell.
func jitteredNodes(rnd *rand.Rand, nx, ny int, w, h float64) [][]orb.Point {
	node := make([][]orb.Point, ny+1)
	for j := range node {
		node[j] = make([]orb.Point, nx+1)
		for i := range node[j] {
			p := orb.Point{town.Min[0] + float64(i)*w, town.Min[1] + float64(j)*h}
			if i > 0 && i < nx {
				p[0] += (rnd.Float64() - 0.5) * 0.5 * w
			}
			if j > 0 && j < ny {
				p[1] += (rnd.Float64() - 0.5) * 0.5 * h
			}
			node[j][i] = p
		}
	}
	return node
}

// wobble returns three points along the edge from a to b, pushed sideways
// at random unless the edge lies on the boundary; aspect is w/h of a cell.
func wobble(rnd *rand.Rand, a, b orb.Point, aspect float64, boundary bool) []orb.Point {
	var pts []orb.Point
	for k := 1; k <= 3; k++ {
		f := float64(k) / 4
		p := orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
		if !boundary {
			off := (rnd.Float64() - 0.5) * 0.15
			p[0] += off * (b[1] - a[1]) * aspect
			p[1] -= off * (b[0] - a[0]) / aspect
		}
		pts = append(pts, p)
	}
	return pts
}

func reversed(pts []orb.Point) []orb.Point {
	out := make([]orb.Point, len(pts))
	for i, p := range pts {
		out[len(pts)-1-i] = p
	}
	return out
}

// newGrid returns a grid with the given code and boundary.
func newGrid(tb testing.TB, code string, g orb.Geometry) guanjia.Grid {
	tb.Helper()
	data, err := MarshalGeometry(g)
	if err != nil {
		tb.Fatal(err)
	}
	return guanjia.Grid{Code: code, Geometry: data}
}

// square returns the closed ring of the square [x0, x1] × [y0, y1].
func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func mustIndex(tb testing.TB, grids []guanjia.Grid) *Index {
	tb.Helper()
	ix, err := NewIndex(grids)
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

func TestLocateHolesAndMultiPolygons(t *testing.T) {
	ix := mustIndex(t, []guanjia.Grid{
		newGrid(t, "ring", orb.Polygon{square(0, 0, 10, 10), square(4, 4, 6, 6)}),
		newGrid(t, "island", orb.Polygon{square(4, 4, 6, 6)}),
		newGrid(t, "multi", orb.MultiPolygon{
			{square(20, 20, 22, 22)},
			{square(30, 30, 32, 32), square(30.5, 30.5, 31, 31)},
		}),
		newGrid(t, "overlaps-ring", orb.Polygon{square(8, 8, 12, 12)}),
	})
	tests := []struct {
		name     string
		lat, lng float64
		want     string // "" for no grid
	}{
		{"in the ring", 2, 2, "ring"},
		{"in the hole, on the island", 5, 5, "island"},
		{"first part of the multipolygon", 21, 21, "multi"},
		{"second part", 31.5, 31.5, "multi"},
		{"hole of the second part", 30.7, 30.7, ""},
		{"between the parts", 25, 25, ""},
		{"overlap goes to the first grid", 9, 9, "ring"},
		{"overlapping grid alone", 11, 11, "overlaps-ring"},
		{"outside the bounds", -5, 50, ""},
		{"NaN", math.NaN(), 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ok := ix.Locate(tt.lat, tt.lng)
			if ok != (tt.want != "") || g.Code != tt.want {
				t.Errorf("Locate(%g, %g) = %q, %v, want %q", tt.lat, tt.lng, g.Code, ok, tt.want)
			}
		})
	}
}

func TestLocateMatchesBruteForce(t *testing.T) {
	tiling := newTiling(t, 20, 15)
	tests := []struct {
		name  string
		grids []guanjia.Grid
	}{
		{"tiling", tiling},
		{"star over the tiling", append([]guanjia.Grid{newGrid(t, "star", star(town.Center(), 300, 0.05))}, tiling...)},
		{"tiling under a star", append(slices.Clone(tiling), newGrid(t, "star", star(town.Center(), 300, 0.05)))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustIndex(t, tt.grids)
			polys := make([]orb.Polygon, len(tt.grids))
			for i, g := range tt.grids {
				geom, err := ParseGeometry(g.Geometry)
				if err != nil {
					t.Fatal(err)
				}
				polys[i] = geom.(orb.Polygon)
			}
			rnd := rand.New(rand.NewPCG(3, 4))
			for range 3000 {
				p := randomPoint(rnd, town)
				want := ""
				for i, poly := range polys {
					if planar.PolygonContains(poly, p) {
						want = tt.grids[i].Code
						break
					}
				}
				if got, ok := ix.Locate(p[1], p[0]); ok != (want != "") || got.Code != want {
					t.Fatalf("point %v: Locate = %q, %v; brute force = %q", p, got.Code, ok, want)
				}
			}
		})
	}
}

// star returns a polygon of n long spikes around c with the given radius:
// many long edges that cross many cells.
func star(c orb.Point, n int, radius float64) orb.Polygon {
	var r orb.Ring
	for i := range 2 * n {
		ρ := radius * (0.05 + 0.95*float64(i%2))
		θ := math.Pi * float64(i) / float64(n)
		r = append(r, orb.Point{c[0] + ρ*math.Cos(θ), c[1] + ρ*math.Sin(θ)})
	}
	return orb.Polygon{append(r, r[0])}
}

// A point on an edge or vertex shared by grids of a partition is in exactly one.
func TestLocateSharedEdges(t *testing.T) {
	ix := mustIndex(t, []guanjia.Grid{
		newGrid(t, "sw", orb.Polygon{square(0, 0, 1, 1)}),
		newGrid(t, "se", orb.Polygon{square(1, 0, 2, 1)}),
		newGrid(t, "nw", orb.Polygon{square(0, 1, 1, 2)}),
		newGrid(t, "ne", orb.Polygon{square(1, 1, 2, 2)}),
	})
	for _, p := range []orb.Point{{1, 0.5}, {0.5, 1}, {1, 1}, {1.5, 1}, {1, 1.5}} {
		if _, ok := ix.Locate(p[1], p[0]); !ok {
			t.Errorf("shared boundary point %v is in no grid", p)
		}
	}
}

func TestIndexAccessors(t *testing.T) {
	grids := newTiling(t, 4, 3)
	ix := mustIndex(t, grids)
	if ix.Len() != 12 {
		t.Errorf("Len = %d, want 12", ix.Len())
	}
	if diff := cmp.Diff(grids, ix.Grids()); diff != "" {
		t.Errorf("Grids (-want +got):\n%s", diff)
	}
	minLat, minLng, maxLat, maxLng := ix.Bounds()
	want := [4]float64{30.69, 120.43, 30.80, 120.54}
	if diff := cmp.Diff(want, [4]float64{minLat, minLng, maxLat, maxLng}); diff != "" {
		t.Errorf("Bounds (-want +got):\n%s", diff)
	}
	empty := mustIndex(t, nil)
	if _, ok := empty.Locate(30.7, 120.5); ok || empty.Len() != 0 {
		t.Errorf("empty index found a grid or has length %d", empty.Len())
	}
}

func TestNewIndexRejectsBadGeometry(t *testing.T) {
	tests := map[string]string{
		"not json":     `{`,
		"point":        `{"type":"Point","coordinates":[120,30]}`,
		"open ring":    `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`,
		"out of range": `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,91],[0,0]]]}`,
		"empty":        ``,
	}
	for name, geometry := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := NewIndex([]guanjia.Grid{{Code: "G1", Geometry: []byte(geometry)}})
			var e *guanjia.Error
			if !errors.As(err, &e) || e.Code != guanjia.EINVALID {
				t.Errorf("NewIndex error = %v, want EINVALID", err)
			}
		})
	}
}

func TestLocateConcurrent(t *testing.T) {
	ix := mustIndex(t, newTiling(t, 10, 10))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(g), 0))
			for range 1000 {
				p := randomPoint(rnd, town)
				if _, ok := ix.Locate(p[1], p[0]); !ok {
					t.Errorf("point %v in no grid", p)
					return
				}
			}
		})
	}
	wg.Wait()
}

func randomPoint(rnd *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{
		b.Min[0] + rnd.Float64()*(b.Max[0]-b.Min[0]),
		b.Min[1] + rnd.Float64()*(b.Max[1]-b.Min[1]),
	}
}

func BenchmarkLocate(b *testing.B) {
	for _, n := range []int{12, 100} {
		b.Run(fmt.Sprintf("grids=%d", n*n), func(b *testing.B) {
			ix := mustIndex(b, newTiling(b, n, n))
			rnd := rand.New(rand.NewPCG(5, 6))
			points := make([]orb.Point, 4096)
			for i := range points {
				points[i] = randomPoint(rnd, town)
			}
			i := 0
			for b.Loop() {
				p := points[i%len(points)]
				if _, ok := ix.Locate(p[1], p[0]); !ok {
					b.Fatalf("point %v in no grid", p)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
		})
	}
}

func BenchmarkNewIndex(b *testing.B) {
	grids := newTiling(b, 100, 100)
	for b.Loop() {
		mustIndex(b, grids)
	}
}

func FuzzLocate(f *testing.F) {
	grids := newTiling(f, 8, 6)
	ix := mustIndex(f, grids)
	polys := make([]orb.Polygon, len(grids))
	for i, g := range grids {
		geom, err := ParseGeometry(g.Geometry)
		if err != nil {
			f.Fatal(err)
		}
		polys[i] = geom.(orb.Polygon)
	}
	for _, p := range [][2]float64{{30.745, 120.487}, {30.69, 120.43}, {30.8, 120.54}, {0, 0}, {math.Inf(1), 120.5}, {math.NaN(), 0}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, lat, lng float64) {
		g, ok := ix.Locate(lat, lng)
		if !ok {
			return
		}
		i := slices.IndexFunc(grids, func(x guanjia.Grid) bool { return x.Code == g.Code })
		if b := polys[i].Bound(); !b.Contains(orb.Point{lng, lat}) {
			t.Fatalf("Locate(%g, %g) = %s, whose box %v does not hold the point", lat, lng, g.Code, b)
		}
	})
}
