package demo

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func mustWuzhen(tb testing.TB) ([]guanjia.Village, []guanjia.Grid) {
	tb.Helper()
	villages, err := WuzhenVillages()
	if err != nil {
		tb.Fatal(err)
	}
	return Geography(villages)
}

func TestWuzhenVillages(t *testing.T) {
	villages, err := WuzhenVillages()
	if err != nil {
		t.Fatal(err)
	}
	if len(villages) != 30 {
		t.Fatalf("got %d villages, want 30", len(villages))
	}
	want := []guanjia.Village{
		{Code: "330483100002", Name: "东苑社区", NameEN: "Dongyuan Community", Kind: "community", Jurisdiction: "330483100"},
		{Code: "330483100200", Name: "虹桥村", NameEN: "Hongqiao Village", Kind: "village", Jurisdiction: "330483100"},
		{Code: "330483100227", Name: "单桥村", NameEN: "Danqiao Village", Kind: "village", Jurisdiction: "330483100"},
	}
	got := []guanjia.Village{villages[0], villages[4], villages[29]}
	if diff := cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Households" }, cmp.Ignore())); diff != "" {
		t.Errorf("villages (-want +got):\n%s", diff)
	}
	kinds := map[string]int{}
	english := map[string]bool{}
	for _, v := range villages {
		kinds[v.Kind]++
		english[v.NameEN] = true
		if v.NameEN == "" || v.Households < 800 || v.Households > 3000 {
			t.Errorf("village %s %s: English name %q, %d households", v.Code, v.Name, v.NameEN, v.Households)
		}
		if isCommunity := v.Code >= "330483100002" && v.Code <= "330483100005"; isCommunity != (v.Kind == "community") {
			t.Errorf("village %s is a %s", v.Code, v.Kind)
		}
	}
	if diff := cmp.Diff(map[string]int{"community": 4, "village": 26}, kinds); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
	if len(english) != 30 {
		t.Errorf("%d distinct English names, want 30", len(english))
	}
}

func TestVillagesErrors(t *testing.T) {
	tests := []struct{ name, csv, want string }{
		{"empty", "", "The divisions file has no rows."},
		{"no name column", "code,title\n1,x村委会\n", "The divisions file needs the columns code and name."},
		{"ragged", "code,name\n1,a村委会,3\n", "The divisions file is not valid CSV: record on line 2: wrong number of fields."},
		{"unknown suffix", "code,name\n1,东苑社区\n", `Row 2 of the divisions file: the name "东苑社区" ends in neither 居委会 nor 村委会.`},
		{"bad code", "code,name\nx1,东苑社区居委会\n", `Row 2 of the divisions file: the code "x1" is not a number.`},
		{"repeated code", "code,name\n1,a村委会\n1,b村委会\n", "Row 3 of the divisions file repeats the code 1."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Villages(strings.NewReader(tt.csv), "330483100")
			if got := guanjia.ErrorMessage(err); got != tt.want || guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Errorf("error = %v\nwant message %q", err, tt.want)
			}
		})
	}
}

func TestVillagesOtherForms(t *testing.T) {
	in := "\ufeffname,code\n北港社区居民委员会,330483001001\n南星村村民委员会,330483001200\n"
	got, err := Villages(strings.NewReader(in), "330483001")
	if err != nil {
		t.Fatal(err)
	}
	want := []guanjia.Village{
		{Code: "330483001001", Name: "北港社区", Kind: "community", Jurisdiction: "330483001"},
		{Code: "330483001200", Name: "南星村", Kind: "village", Jurisdiction: "330483001"},
	}
	for i := range got {
		got[i].Households = 0
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("villages (-want +got):\n%s", diff)
	}
}

var (
	gridCode = regexp.MustCompile(`^(\d{12})-G(\d\d)$`)
	gridName = regexp.MustCompile(`^(.+)第(\d+)网格$`)
)

func TestGeographyGrids(t *testing.T) {
	villages, grids := mustWuzhen(t)
	if n := len(grids); n < 130 || n > 170 {
		t.Errorf("%d grids, want about 150", n)
	}
	byVillage := map[string][]guanjia.Grid{}
	for _, g := range grids {
		byVillage[g.Village] = append(byVillage[g.Village], g)
		c, n := gridCode.FindStringSubmatch(g.Code), gridName.FindStringSubmatch(g.Name)
		if c == nil || n == nil || c[1] != g.Village || strings.TrimLeft(c[2], "0") != n[2] {
			t.Errorf("grid %s is named %s", g.Code, g.Name)
		}
		if g.Households < 80 || g.Households > 400 || !g.Synthetic {
			t.Errorf("grid %s: %d households, synthetic %v", g.Code, g.Households, g.Synthetic)
		}
	}
	for _, v := range villages {
		lo, hi := 4, 7
		if v.Kind == "community" {
			lo, hi = 3, 5
		}
		if n := len(byVillage[v.Code]); n < lo || n > hi {
			t.Errorf("%s %s has %d grids, want %d–%d", v.Kind, v.Name, n, lo, hi)
		}
		if !strings.HasPrefix(byVillage[v.Code][0].Name, v.Name) {
			t.Errorf("grid %s of %s is named %s", byVillage[v.Code][0].Code, v.Name, byVillage[v.Code][0].Name)
		}
	}
	if len(byVillage) != 30 {
		t.Errorf("grids name %d villages, want 30", len(byVillage))
	}
}

// The grids survive geo's checks and a round trip through GeoJSON.
func TestGeographyIsValidGeoJSON(t *testing.T) {
	_, grids := mustWuzhen(t)
	var buf bytes.Buffer
	if err := geo.EncodeGrids(&buf, grids); err != nil {
		t.Fatal(err)
	}
	got, err := geo.DecodeGrids(&buf, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(grids, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestGeographyIsDeterministic(t *testing.T) {
	v1, g1 := mustWuzhen(t)
	v2, g2 := mustWuzhen(t)
	if diff := cmp.Diff(v1, v2); diff != "" {
		t.Errorf("villages differ (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(g1, g2); diff != "" {
		t.Errorf("grids differ (-first +second):\n%s", diff)
	}
}

func TestGeographyTilesTheTown(t *testing.T) {
	_, grids := mustWuzhen(t)
	checkTiling(t, grids, 10000)
}

// Any mix of villages and communities tiles the town.
func TestGeographyOtherTowns(t *testing.T) {
	tests := []struct{ communities, villages int }{{1, 0}, {0, 1}, {1, 1}, {0, 3}, {2, 8}, {1, 9}, {6, 40}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d+%d", tt.communities, tt.villages), func(t *testing.T) {
			var villages []guanjia.Village
			for i := range tt.communities + tt.villages {
				v := guanjia.Village{Code: fmt.Sprintf("%012d", 100+i), Name: fmt.Sprintf("V%d", i), Kind: "village"}
				if i < tt.communities {
					v.Kind = "community"
				}
				villages = append(villages, v)
			}
			_, grids := Geography(villages)
			checkTiling(t, grids, 2000)
		})
	}
}

// checkTiling checks that the grids tile the town's box: the areas of
// their counter-clockwise rings add up to the box's, and random points in
// the box lie in exactly one grid, the one that the index finds.
func checkTiling(t *testing.T, grids []guanjia.Grid, samples int) {
	t.Helper()
	ix, err := geo.NewIndex(grids)
	if err != nil {
		t.Fatal(err)
	}
	minLat, minLng, maxLat, maxLng := ix.Bounds()
	if diff := cmp.Diff([4]float64{southLat, westLng, northLat, eastLng}, [4]float64{minLat, minLng, maxLat, maxLng}); diff != "" {
		t.Errorf("bounds (-want +got):\n%s", diff)
	}
	polys := polygons(t, grids)
	area := 0.0
	for i, p := range polys {
		a := planar.Area(p[0])
		if a <= 0 || len(p) != 1 {
			t.Errorf("grid %s: area %g, %d rings; want one counter-clockwise ring", grids[i].Code, a, len(p))
		}
		area += a
	}
	if box := (eastLng - westLng) * (northLat - southLat); abs(area-box) > 1e-9*box {
		t.Errorf("grids cover %g square degrees, the box %g", area, box)
	}
	rnd := rand.New(rand.NewPCG(7, 8))
	for range samples {
		p := orb.Point{minLng + rnd.Float64()*(maxLng-minLng), minLat + rnd.Float64()*(maxLat-minLat)}
		var in []string
		for i, poly := range polys {
			if planar.PolygonContains(poly, p) {
				in = append(in, grids[i].Code)
			}
		}
		got, ok := ix.Locate(p[1], p[0])
		if len(in) != 1 || !ok || got.Code != in[0] {
			t.Fatalf("point %v is in grids %q; Locate says %q", p, in, got.Code)
		}
	}
}

func TestGeographyInteriorPoints(t *testing.T) {
	villages, grids := mustWuzhen(t)
	ix, err := geo.NewIndex(grids)
	if err != nil {
		t.Fatal(err)
	}
	for i, poly := range polygons(t, grids) {
		p := interiorPoint(poly)
		if got, _ := ix.Locate(p[1], p[0]); got.Code != grids[i].Code {
			t.Errorf("interior point %v of grid %s is located in %q", p, grids[i].Code, got.Code)
		}
	}
	for _, v := range villages {
		got, _ := ix.Locate(v.Lat, v.Lng)
		if got.Village != v.Code {
			t.Errorf("village %s's point %f, %f is in grid %q", v.Name, v.Lat, v.Lng, got.Code)
		}
		d := geo.Distance(v.Lat, v.Lng, centreLat, centreLng)
		if (v.Kind == "community") != (d < 2000) {
			t.Errorf("%s %s lies %.0f m from the old town", v.Kind, v.Name, d)
		}
	}
}

// Each village's grids are contiguous: joined through shared edges.
func TestGeographyVillagesAreContiguous(t *testing.T) {
	_, grids := mustWuzhen(t)
	polys := polygons(t, grids)
	owners := map[[2]orb.Point][]int{} // an edge, either way round → grids
	for i, p := range polys {
		for j := 1; j < len(p[0]); j++ {
			e := [2]orb.Point{p[0][j-1], p[0][j]}
			if e[1][0] < e[0][0] || e[1][0] == e[0][0] && e[1][1] < e[0][1] {
				e[0], e[1] = e[1], e[0]
			}
			owners[e] = append(owners[e], i)
		}
	}
	parent := make([]int, len(grids))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for _, gs := range owners {
		if len(gs) == 2 && grids[gs[0]].Village == grids[gs[1]].Village {
			parent[find(gs[0])] = find(gs[1])
		}
	}
	parts := map[string]map[int]bool{}
	for i, g := range grids {
		if parts[g.Village] == nil {
			parts[g.Village] = map[int]bool{}
		}
		parts[g.Village][find(i)] = true
	}
	for v, roots := range parts {
		if len(roots) != 1 {
			t.Errorf("village %s's grids fall into %d pieces", v, len(roots))
		}
	}
}

func polygons(tb testing.TB, grids []guanjia.Grid) []orb.Polygon {
	tb.Helper()
	polys := make([]orb.Polygon, len(grids))
	for i, g := range grids {
		geom, err := geo.ParseGeometry(g.Geometry)
		if err != nil {
			tb.Fatalf("grid %s: %v", g.Code, err)
		}
		polys[i] = geom.(orb.Polygon)
	}
	return polys
}

// interiorPoint returns the middle of the widest stretch of the polygon
// along the line of latitude halfway up it.
func interiorPoint(poly orb.Polygon) orb.Point {
	b := poly.Bound()
	y := (b.Min[1] + b.Max[1]) / 2
	var xs []float64
	for _, r := range poly {
		for i := 1; i < len(r); i++ {
			a, c := r[i-1], r[i]
			if (a[1] > y) != (c[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(c[0]-a[0])/(c[1]-a[1]))
			}
		}
	}
	sort.Float64s(xs)
	best := 0
	for i := 0; i+1 < len(xs); i += 2 {
		if xs[i+1]-xs[i] > xs[best+1]-xs[best] {
			best = i
		}
	}
	return orb.Point{(xs[best] + xs[best+1]) / 2, y}
}

func abs(x float64) float64 { return max(x, -x) }

func BenchmarkLocateDemo(b *testing.B) {
	_, grids := mustWuzhen(b)
	ix, err := geo.NewIndex(grids)
	if err != nil {
		b.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(9, 10))
	points := make([]orb.Point, 4096)
	for i := range points {
		points[i] = orb.Point{westLng + rnd.Float64()*(eastLng-westLng), southLat + rnd.Float64()*(northLat-southLat)}
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
}
