package demo

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/guanjia/guanjia/internal/pmtiles"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// BaseMapAttribution marks the demo's base map as made up.
const BaseMapAttribution = "合成演示底图 · Synthetic demo map"

// The demo's base map covers zooms 9 to 15; protomaps-leaflet draws
// closer zooms from the zoom-15 tiles.
const baseMinZoom, baseMaxZoom = 9, 15

// baseMapVersion names the cached archive: change it when the map does.
const baseMapVersion = "1"

// BaseMapFile writes the demo's synthetic base map as a PMTiles archive in
// dir, unless it is there already, and returns its path.
func BaseMapFile(dir string) (string, error) {
	path := filepath.Join(dir, "demo-basemap-v"+baseMapVersion+".pmtiles")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	data, err := BaseMap()
	if err != nil {
		return "", err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o640); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// BaseMap returns the demo towns' synthetic base map as a PMTiles archive
// of gzipped Mapbox vector tiles, the same bytes every time. Its layers
// follow the Protomaps basemap schema, which map.js draws: water (rivers
// and canals as lines, lakes as areas), landuse (the scenic areas), roads
// (kind major_road, minor_road, path or bridge), pois (the landmarks) and
// places (the towns), each feature named in name (Chinese), name:zh and
// name:en.
func BaseMap() ([]byte, error) {
	feats := baseFeatures()
	var bound orb.Bound
	for i, f := range feats {
		if i == 0 {
			bound = f.Geometry.Bound()
		}
		bound = bound.Union(f.Geometry.Bound())
	}
	var tiles []pmtiles.Tile
	for z := maptile.Zoom(baseMinZoom); z <= baseMaxZoom; z++ {
		lo := maptile.At(orb.Point{bound.Min[0], bound.Max[1]}, z)
		hi := maptile.At(orb.Point{bound.Max[0], bound.Min[1]}, z)
		for x := lo.X; x <= hi.X; x++ {
			for y := lo.Y; y <= hi.Y; y++ {
				t := maptile.New(x, y, z)
				data, err := encodeTile(t, feats)
				if err != nil {
					return nil, err
				} else if data != nil {
					tiles = append(tiles, pmtiles.Tile{Z: uint8(z), X: x, Y: y, Data: data})
				}
			}
		}
	}
	meta := map[string]any{
		"name": "Guanjia demo base map", "attribution": BaseMapAttribution, "description": "Synthetic streets, waters and landmarks of the demo towns",
		"vector_layers": []map[string]any{{"id": "water"}, {"id": "landuse"}, {"id": "roads"}, {"id": "pois"}, {"id": "places"}},
	}
	h := pmtiles.Header{
		TileCompression: pmtiles.Gzip, TileType: pmtiles.MVT,
		MinZoom: baseMinZoom, MaxZoom: baseMaxZoom, CenterZoom: 14,
		MinLonE7: e7(bound.Min[0]), MinLatE7: e7(bound.Min[1]), MaxLonE7: e7(bound.Max[0]), MaxLatE7: e7(bound.Max[1]),
		CenterLonE7: e7(Town.Lng), CenterLatE7: e7(Town.Lat),
	}
	var out bytes.Buffer
	if err := pmtiles.Write(&out, h, meta, tiles); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func e7(deg float64) int32 { return int32(math.Round(deg * 1e7)) }

// baseFeature is a feature of the base map with the layer it goes in and
// the least zoom it shows at.
type baseFeature struct {
	*geojson.Feature
	layer   string
	minZoom maptile.Zoom
	maxZoom maptile.Zoom
}

func named(g orb.Geometry, kind, zh, en string) *geojson.Feature {
	f := geojson.NewFeature(g)
	f.Properties = geojson.Properties{"kind": kind, "name": zh, "name:zh": zh, "name:en": en}
	return f
}

// baseFeatures are all the map's features, in drawing order.
func baseFeatures() []baseFeature {
	var out []baseFeature
	for _, a := range baseAreas() {
		out = append(out, baseFeature{named(orb.Polygon{orb.Ring(a.line)}, a.kind, a.nameZh, a.nameEn), a.layer, maptile.Zoom(a.minZoom), 99})
	}
	for _, l := range baseLines() {
		out = append(out, baseFeature{named(l.line, l.kind, l.nameZh, l.nameEn), l.layer, maptile.Zoom(l.minZoom), 99})
	}
	for _, l := range Landmarks() {
		out = append(out, baseFeature{named(orb.Point{l.Lon, l.Lat}, l.Kind, l.NameZh, l.NameEn), "pois", 13, 99})
	}
	for _, t := range baseTowns {
		out = append(out, baseFeature{named(orb.Point{t.lng, t.lat}, "locality", t.nameZh, t.nameEn), "places", 0, 13})
	}
	return out
}

// encodeTile encodes the features that reach into tile t, or returns nil
// when none does.
func encodeTile(t maptile.Tile, feats []baseFeature) ([]byte, error) {
	b := t.Bound()
	pad := (b.Max[0] - b.Min[0]) / 16 // draw across the seams
	b = b.Pad(pad)
	byLayer := map[string]*geojson.FeatureCollection{}
	order := []string{"landuse", "water", "roads", "pois", "places"}
	for _, name := range order {
		byLayer[name] = geojson.NewFeatureCollection()
	}
	n := 0
	for _, f := range feats {
		if t.Z < f.minZoom || t.Z > f.maxZoom || !b.Intersects(f.Geometry.Bound()) {
			continue
		}
		c := geojson.NewFeature(orb.Clone(f.Geometry))
		c.Properties = f.Properties.Clone()
		byLayer[f.layer].Append(c)
		n++
	}
	if n == 0 {
		return nil, nil
	}
	var layers mvt.Layers
	for _, name := range order {
		if fc := byLayer[name]; len(fc.Features) > 0 {
			layers = append(layers, mvt.NewLayer(name, fc))
		}
	}
	layers.ProjectToTile(t)
	layers.Clip(orb.Bound{Min: orb.Point{-256, -256}, Max: orb.Point{4096 + 256, 4096 + 256}})
	layers.RemoveEmpty(0, 0)
	if len(layers) == 0 {
		return nil, nil
	}
	data, err := mvt.MarshalGzipped(layers)
	if err != nil {
		return nil, fmt.Errorf("encode tile %d/%d/%d: %w", t.Z, t.X, t.Y, err)
	}
	return data, nil
}
