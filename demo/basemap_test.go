package demo

import (
	"bytes"
	"slices"
	"testing"

	"github.com/guanjia/guanjia/internal/pmtiles"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// The demo base map reads back with orb's MVT decoder (the archive with
// internal/pmtiles, checked against go-pmtiles in its tests): the
// tile under 西栅停车场 at zoom 15 names the car park and the street
// beside it, in Chinese and English, and the archive says it is synthetic.
func TestBaseMapDecodes(t *testing.T) {
	data, err := BaseMap()
	if err != nil {
		t.Fatal(err)
	}
	h, err := pmtiles.ParseHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	if h.TileType != pmtiles.MVT || h.MinZoom != baseMinZoom || h.MaxZoom != baseMaxZoom || h.AddressedTiles < 100 {
		t.Fatalf("header %+v", h)
	}
	meta, err := pmtiles.ParseMetadata(data[h.MetadataOffset:h.MetadataOffset+h.MetadataLength], h.InternalCompression)
	if err != nil || meta["attribution"] != BaseMapAttribution {
		t.Errorf("metadata %v, %v", meta, err)
	}
	root, err := pmtiles.ParseDirectory(data[h.RootOffset:h.RootOffset+h.RootLength], h.InternalCompression)
	if err != nil {
		t.Fatal(err)
	}

	tileAt := func(lat, lng float64, z maptile.Zoom) mvt.Layers {
		t.Helper()
		mt := maptile.At(orb.Point{lng, lat}, z)
		e, ok := pmtiles.Find(root, pmtiles.TileID(uint8(z), mt.X, mt.Y))
		if !ok || e.RunLength == 0 {
			t.Fatalf("no tile %d/%d/%d in the root directory", z, mt.X, mt.Y)
		}
		off := h.TileDataOffset + e.Offset
		layers, err := mvt.UnmarshalGzipped(data[off : off+uint64(e.Length)])
		if err != nil {
			t.Fatal(err)
		}
		return layers
	}
	names := func(layers mvt.Layers, layer, key string) []string {
		var out []string
		for _, l := range layers {
			if l.Name == layer {
				for _, f := range l.Features {
					out = append(out, f.Properties.MustString(key, ""))
				}
			}
		}
		return out
	}
	park := tileAt(30.7413, 120.4790, 15)
	for _, want := range []struct{ layer, key, name string }{
		{"pois", "name", "西栅停车场"}, {"pois", "name:en", "Xizha Car Park"},
		{"roads", "name", "隆源路"}, {"roads", "name", "子夜路"}, {"roads", "name:en", "Longyuan Road"},
	} {
		if got := names(park, want.layer, want.key); !slices.Contains(got, want.name) {
			t.Errorf("the zoom-15 tile under 西栅停车场: %s %s are %q, without %s", want.layer, want.key, got, want.name)
		}
	}
	old := tileAt(30.7460, 120.4900, 15)
	if got := names(old, "water", "name"); !slices.Contains(got, "市河") || !slices.Contains(got, "西市河") {
		t.Errorf("the old town's waters are %q", got)
	}
	if got := names(old, "roads", "kind"); !slices.Contains(got, "bridge") {
		t.Errorf("no bridge at the old town: %q", got)
	}
	if got := names(tileAt(30.640, 120.425, 14), "roads", "name"); !slices.Contains(got, "濮院大道") {
		t.Errorf("Puyuan's streets are %q", got)
	}
	if got := names(tileAt(30.745, 120.487, 10), "places", "name"); !slices.Contains(got, "乌镇") {
		t.Errorf("zoom 10 names the places %q", got)
	}
	again, err := BaseMap()
	if err != nil || !bytes.Equal(data, again) {
		t.Errorf("the base map differs between runs (%v)", err)
	}
}
