package pmtiles

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	gopm "github.com/protomaps/go-pmtiles/pmtiles"
)

// sampleTiles are n tiles from zoom 0 on with gaps, runs of identical
// tiles and repeats of earlier ones, by tile ID.
func sampleTiles(n int) map[uint64][]byte {
	r := rand.New(rand.NewPCG(3, 4))
	out := map[uint64][]byte{}
	var id uint64
	var prev []byte
	var seen [][]byte
	for range n {
		id += 1 + r.Uint64N(3)/2
		data := make([]byte, 1+r.IntN(300))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		switch p := r.Float64(); {
		case p < 0.2 && prev != nil:
			data = prev
		case p < 0.25 && len(seen) > 0:
			data = seen[r.IntN(len(seen))]
		}
		out[id], prev, seen = data, data, append(seen, data)
	}
	return out
}

// An archive we write reads back with go-pmtiles: the same tiles, every
// one, and nothing else; header and metadata as we wrote them. Enough
// tiles need leaf directories.
func TestWriteReadsBackWithGoPMTiles(t *testing.T) {
	for _, n := range []int{1, 500, 40000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			want := sampleTiles(n)
			var tiles []Tile
			for id, data := range want {
				z, x, y := gopm.IDToZxy(id)
				tiles = append(tiles, Tile{Z: z, X: x, Y: y, Data: data})
			}
			var buf bytes.Buffer
			h := Header{TileType: MVT, TileCompression: Gzip, MinZoom: 0, MaxZoom: 12, CenterZoom: 5, CenterLonE7: 1204790000}
			if err := Write(&buf, h, map[string]any{"attribution": "合成"}, tiles); err != nil {
				t.Fatal(err)
			}
			archive := buf.Bytes()
			g, err := gopm.DeserializeHeader(archive[:gopm.HeaderV3LenBytes])
			if err != nil {
				t.Fatal(err)
			}
			if !g.Clustered || g.TileType != gopm.Mvt || g.TileCompression != gopm.Gzip || g.CenterLonE7 != 1204790000 ||
				g.AddressedTilesCount != uint64(n) || g.TileDataOffset+g.TileDataLength != uint64(len(archive)) || g.RootOffset+g.RootLength > 16384 {
				t.Fatalf("header %+v", g)
			}
			if n == 40000 && g.LeafDirectoryLength == 0 {
				t.Fatal("40000 tiles fit in the root directory: the test does not reach leaf directories")
			}
			meta, err := gopm.DeserializeMetadata(bytes.NewReader(archive[g.MetadataOffset:g.MetadataOffset+g.MetadataLength]), g.InternalCompression)
			if err != nil || meta["attribution"] != "合成" {
				t.Errorf("metadata %v, %v", meta, err)
			}
			got := map[uint64][]byte{}
			var entries, lastEnd uint64
			err = gopm.IterateEntries(g, func(off, n uint64) ([]byte, error) { return archive[off : off+n], nil }, func(e gopm.EntryV3) {
				entries++
				data := archive[g.TileDataOffset+e.Offset:][:e.Length]
				if e.Offset+uint64(e.Length) > lastEnd { // clustered: contents in ID order
					if e.Offset != lastEnd {
						t.Errorf("entry %+v leaves a gap after %d", e, lastEnd)
					}
					lastEnd = e.Offset + uint64(e.Length)
				}
				for id := e.TileID; id < e.TileID+uint64(e.RunLength); id++ {
					got[id] = data
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || entries != g.TileEntriesCount || lastEnd != g.TileDataLength {
				t.Fatalf("%d tiles in %d entries, %d bytes; want %d tiles, header says %+v", len(got), entries, lastEnd, len(want), g)
			}
			for id, data := range want {
				if !bytes.Equal(got[id], data) {
					t.Fatalf("tile %d: %d bytes, want %d", id, len(got[id]), len(data))
				}
			}
			if n > 1 && (g.TileEntriesCount >= uint64(n) || g.TileContentsCount >= g.TileEntriesCount) {
				t.Errorf("runs and repeats are not shared: %+v", g)
			}
		})
	}
}

func TestWriteRejects(t *testing.T) {
	for name, tiles := range map[string][]Tile{
		"twice":      {{Z: 1, X: 1, Y: 0, Data: []byte{1}}, {Z: 1, X: 1, Y: 0, Data: []byte{2}}},
		"off zoom":   {{Z: 1, X: 2, Y: 0, Data: []byte{1}}},
		"empty tile": {{Z: 1, X: 1, Y: 0}},
	} {
		if err := Write(&bytes.Buffer{}, Header{}, nil, tiles); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
