package web

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"net/http"
	"slices"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/paulmach/orb"
)

// townMap is the base layer of every map: the town's grids, the outlines of
// its villages and communities, and their names, as one GeoJSON
// FeatureCollection with coordinates rounded to about a metre. It is built
// when the reference data loads and served compressed with a content hash.
type townMap struct {
	json, gz []byte
	version  string
}

func emptyTownMap() *townMap {
	m, _ := encodeTownMap(nil)
	return m
}

// feature is a GeoJSON feature; Properties.Kind is "grid", "village" (an
// outline) or "label" (a village's name at its centre).
type feature struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties featureProps    `json:"properties"`
}

type featureProps struct {
	Kind    string `json:"kind"`
	Code    string `json:"code"`
	Name    string `json:"name"`
	NameEN  string `json:"name_en,omitempty"`
	Village string `json:"village,omitempty"`
}

func newTownMap(grids []guanjia.Grid, villages []guanjia.Village) (*townMap, error) {
	var fs []feature
	edges := map[string]map[edge]int{} // village → edge → times seen
	bounds := map[string]orb.Bound{}
	for _, g := range grids {
		geom, err := geo.ParseGeometry(g.Geometry)
		if err != nil {
			continue // stored grids were checked on import; skip rather than fail the map
		}
		polys := polygons(geom)
		fs = append(fs, feature{"Feature", mustJSON(geometry{"MultiPolygon", roundPolys(polys)}),
			featureProps{Kind: "grid", Code: g.Code, Name: g.Name, Village: g.Village}})
		if edges[g.Village] == nil {
			edges[g.Village] = map[edge]int{}
		}
		for _, p := range polys {
			for _, r := range p {
				countEdges(edges[g.Village], r)
			}
			if b, ok := bounds[g.Village]; ok {
				bounds[g.Village] = b.Union(p.Bound())
			} else {
				bounds[g.Village] = p.Bound()
			}
		}
	}
	for _, v := range villages {
		es, ok := edges[v.Code]
		if !ok {
			continue
		}
		props := featureProps{Code: v.Code, Name: v.Name, NameEN: v.NameEN}
		props.Kind = "village"
		fs = append(fs, feature{"Feature", mustJSON(geometry{"MultiLineString", outline(es)}), props})
		c := bounds[v.Code].Center()
		props.Kind = "label"
		fs = append(fs, feature{"Feature", mustJSON(geometry{"Point", [2]float64{round5(c[0]), round5(c[1])}}), props})
	}
	return encodeTownMap(fs)
}

func encodeTownMap(fs []feature) (*townMap, error) {
	if fs == nil {
		fs = []feature{}
	}
	data, err := json.Marshal(map[string]any{"type": "FeatureCollection", "features": fs})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	return &townMap{json: data, gz: gzipBytes(data), version: hex.EncodeToString(sum[:])[:10]}, nil
}

type geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only numbers and strings: cannot fail
	}
	return b
}

func polygons(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

func round5(f float64) float64 { return math.Round(f*1e5) / 1e5 }

func roundPoint(p orb.Point) [2]float64 { return [2]float64{round5(p[0]), round5(p[1])} }

func roundPolys(ps []orb.Polygon) [][][][2]float64 {
	out := make([][][][2]float64, len(ps))
	for i, p := range ps {
		for _, r := range p {
			ring := make([][2]float64, 0, len(r))
			for _, pt := range r {
				q := roundPoint(pt)
				if n := len(ring); n == 0 || ring[n-1] != q {
					ring = append(ring, q)
				}
			}
			out[i] = append(out[i], ring)
		}
	}
	return out
}

// edge is a segment between two rounded points, smaller point first.
type edge struct{ a, b [2]float64 }

func newEdge(p, q [2]float64) edge {
	if q[0] < p[0] || (q[0] == p[0] && q[1] < p[1]) {
		p, q = q, p
	}
	return edge{p, q}
}

func countEdges(es map[edge]int, r orb.Ring) {
	for i := 1; i < len(r); i++ {
		p, q := roundPoint(r[i-1]), roundPoint(r[i])
		if p != q {
			es[newEdge(p, q)]++
		}
	}
}

// outline returns a village's boundary: the edges of its grids that no two
// of its grids share, chained into lines.
func outline(es map[edge]int) [][][2]float64 {
	var boundary []edge
	for e, n := range es {
		if n == 1 {
			boundary = append(boundary, e)
		}
	}
	// Sorted, so the same geography always encodes to the same bytes (and
	// the same cache-busting hash).
	slices.SortFunc(boundary, func(x, y edge) int {
		return cmp.Or(cmp.Compare(x.a[0], y.a[0]), cmp.Compare(x.a[1], y.a[1]),
			cmp.Compare(x.b[0], y.b[0]), cmp.Compare(x.b[1], y.b[1]))
	})
	next := map[[2]float64][]edge{}
	for _, e := range boundary {
		next[e.a] = append(next[e.a], e)
		next[e.b] = append(next[e.b], e)
	}
	used := map[edge]bool{}
	var lines [][][2]float64
	for _, e := range boundary {
		if used[e] {
			continue
		}
		used[e] = true
		line := [][2]float64{e.a, e.b}
		for end := e.b; ; {
			var step *edge
			for _, c := range next[end] {
				if !used[c] {
					step = &c
					break
				}
			}
			if step == nil {
				break
			}
			used[*step] = true
			if step.a == end {
				end = step.b
			} else {
				end = step.a
			}
			line = append(line, end)
		}
		lines = append(lines, line)
	}
	return lines
}

// serveGeo serves the town map; the URL carries its hash so it caches for ever.
func (s *Server) serveGeo(w http.ResponseWriter, r *http.Request, v *viewer) error {
	m := s.ref.get(r.Context()).geo
	if r.URL.Query().Get("v") == m.version {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	writeBlob(w, r, "application/geo+json", `"`+m.version+`"`, m.json, m.gz)
	return nil
}

// geoURL is the town map's current versioned URL.
func (s *Server) geoURL(ctx context.Context) string {
	return "/map/town.geojson?v=" + s.ref.get(ctx).geo.version
}
