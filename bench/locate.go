package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// measureLocate measures point-in-grid lookups on one core, with the demo
// town's grids and with 10,000 grids. The floor is a point-in-polygon test
// that already knows which polygon to test: what a perfect index would
// leave to do.
func (r *run) measureLocate(ctx context.Context) error {
	grids, err := r.town.app.Grids(ctx)
	if err != nil {
		return err
	}
	for _, c := range []struct {
		name  string
		grids []guanjia.Grid
	}{{"locate_demo", grids}, {"locate_10k", lattice(100, 100)}} {
		r.progress("%s: %d grids...", c.name, len(c.grids))
		res, err := locateResult(c.name, c.grids, max(r.opts.Phase/4, 500*time.Millisecond))
		if err != nil {
			return err
		}
		r.add(res)
	}
	return nil
}

func locateResult(name string, grids []guanjia.Grid, d time.Duration) (Result, error) {
	ix, err := geo.NewIndex(grids)
	if err != nil {
		return Result{}, err
	}
	polys := make([]orb.Polygon, len(grids))
	for i, g := range grids {
		geom, err := geo.ParseGeometry(g.Geometry)
		if err != nil {
			return Result{}, err
		}
		switch geom := geom.(type) {
		case orb.Polygon:
			polys[i] = geom
		case orb.MultiPolygon:
			polys[i] = geom[0]
		}
	}
	// Points inside some grid, each with the grid it lies in.
	rnd := rand.New(rand.NewPCG(11, 12))
	bound := polys[0].Bound()
	for _, p := range polys[1:] {
		bound = bound.Union(p.Bound())
	}
	type probe struct {
		p orb.Point
		i int
	}
	var probes []probe
	code := map[string]int{}
	for i, g := range grids {
		code[g.Code] = i
	}
	for len(probes) < 8192 {
		p := orb.Point{bound.Min[0] + rnd.Float64()*(bound.Max[0]-bound.Min[0]), bound.Min[1] + rnd.Float64()*(bound.Max[1]-bound.Min[1])}
		if g, ok := ix.Locate(p[1], p[0]); ok {
			probes = append(probes, probe{p, code[g.Code]})
		}
	}
	runtime.GC()
	found := 0
	rate := perSecond(d, func(i int) {
		pr := probes[i%len(probes)]
		if _, ok := ix.Locate(pr.p[1], pr.p[0]); ok {
			found++
		}
	})
	floor := perSecond(d, func(i int) {
		pr := probes[i%len(probes)]
		if planar.PolygonContains(polys[pr.i], pr.p) {
			found++
		}
	})
	return Result{Name: name, Unit: "lookups/s", Value: rate, Floor: floor, Ratio: rate / floor,
		Note: fmt.Sprintf("%d grids, one core; floor: one point-in-polygon test on the right grid", len(grids))}, nil
}

// perSecond calls fn on one goroutine for about d and returns calls a second.
func perSecond(d time.Duration, fn func(i int)) float64 {
	start := time.Now()
	n := 0
	for time.Since(start) < d {
		for range 1024 {
			fn(n)
			n++
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

// lattice returns nx × ny grids over the demo town: quadrilaterals whose
// shared corners are jittered, so that edges are not axis-aligned.
func lattice(nx, ny int) []guanjia.Grid {
	const minLng, minLat, maxLng, maxLat = 120.40, 30.66, 120.58, 30.83
	rnd := rand.New(rand.NewPCG(13, 14))
	dx, dy := (maxLng-minLng)/float64(nx), (maxLat-minLat)/float64(ny)
	corner := make([][]orb.Point, nx+1)
	for i := range corner {
		corner[i] = make([]orb.Point, ny+1)
		for j := range corner[i] {
			jx, jy := 0.0, 0.0
			if i > 0 && i < nx && j > 0 && j < ny {
				jx, jy = (rnd.Float64()-0.5)*dx*0.4, (rnd.Float64()-0.5)*dy*0.4
			}
			corner[i][j] = orb.Point{minLng + float64(i)*dx + jx, minLat + float64(j)*dy + jy}
		}
	}
	grids := make([]guanjia.Grid, 0, nx*ny)
	for i := range nx {
		for j := range ny {
			ring := orb.Ring{corner[i][j], corner[i+1][j], corner[i+1][j+1], corner[i][j+1], corner[i][j]}
			grids = append(grids, guanjia.Grid{Code: fmt.Sprintf("L%03d%03d", i, j), Geometry: polygonJSON(ring)})
		}
	}
	return grids
}

func polygonJSON(ring orb.Ring) []byte {
	b := []byte(`{"type":"Polygon","coordinates":[[`)
	for k, p := range ring {
		if k > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "[%.7f,%.7f]", p[0], p[1])
	}
	return append(b, "]]}"...)
}
