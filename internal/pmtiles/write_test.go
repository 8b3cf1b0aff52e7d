package pmtiles

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
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

// An archive we write reads back: the same tiles, every one, and nothing
// else; header and metadata as we wrote them. Enough tiles need leaf
// directories. (Its parts are checked against go-pmtiles' in
// pmtiles_test.go, and basemap reads an archive go-pmtiles wrote.)
func TestWriteReadsBack(t *testing.T) {
	for _, n := range []int{1, 500, 40000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			want := sampleTiles(n)
			var tiles []Tile
			for id, data := range want {
				z, x, y := ZXY(id)
				tiles = append(tiles, Tile{Z: z, X: x, Y: y, Data: data})
			}
			var buf bytes.Buffer
			h := Header{TileType: MVT, TileCompression: Gzip, MinZoom: 0, MaxZoom: 12, CenterZoom: 5, CenterLonE7: 1204790000}
			if err := Write(&buf, h, map[string]any{"attribution": "合成"}, tiles); err != nil {
				t.Fatal(err)
			}
			archive := buf.Bytes()
			g, err := ParseHeader(archive)
			if err != nil {
				t.Fatal(err)
			}
			if !g.Clustered || g.TileType != MVT || g.TileCompression != Gzip || g.CenterLonE7 != 1204790000 ||
				g.AddressedTiles != uint64(n) || g.TileDataOffset+g.TileDataLength != uint64(len(archive)) || g.RootOffset+g.RootLength > 16384 {
				t.Fatalf("header %+v", g)
			}
			if n == 40000 && g.LeafLength == 0 {
				t.Fatal("40000 tiles fit in the root directory: the test does not reach leaf directories")
			}
			meta, err := ParseMetadata(archive[g.MetadataOffset:g.MetadataOffset+g.MetadataLength], g.InternalCompression)
			if err != nil || meta["attribution"] != "合成" {
				t.Errorf("metadata %v, %v", meta, err)
			}
			got := map[uint64][]byte{}
			var lastEnd uint64
			entries := tileEntries(t, archive, g, g.RootOffset, g.RootLength)
			for _, e := range entries {
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
			}
			if len(got) != len(want) || uint64(len(entries)) != g.TileEntries || lastEnd != g.TileDataLength {
				t.Fatalf("%d tiles in %d entries, %d bytes; want %d tiles, header says %+v", len(got), len(entries), lastEnd, len(want), g)
			}
			for id, data := range want {
				if !bytes.Equal(got[id], data) {
					t.Fatalf("tile %d: %d bytes, want %d", id, len(got[id]), len(data))
				}
			}
			if n > 1 && (g.TileEntries >= uint64(n) || g.TileContents >= g.TileEntries) {
				t.Errorf("runs and repeats are not shared: %+v", g)
			}
		})
	}
}

// tileEntries returns the tile entries of the directory at off, n in
// archive and of the leaf directories it points to, in order.
func tileEntries(t *testing.T, archive []byte, h Header, off, n uint64) []Entry {
	t.Helper()
	dir, err := ParseDirectory(archive[off:off+n], h.InternalCompression)
	if err != nil {
		t.Fatal(err)
	}
	var out []Entry
	for _, e := range dir {
		if e.RunLength == 0 {
			out = append(out, tileEntries(t, archive, h, h.LeafOffset+e.Offset, uint64(e.Length))...)
		} else {
			out = append(out, e)
		}
	}
	return out
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
