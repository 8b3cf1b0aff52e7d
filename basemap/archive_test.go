package basemap

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/guanjia/guanjia/internal/pmtiles"
)

// Archives written by go-pmtiles and by our writer open, and every tile
// in them reads back as written, from the root directory or a leaf; the
// tiles between read as none. A corrupt leaf directory is an error.
// testdata/go-pmtiles.pmtiles holds the same tiles, written by go-pmtiles
// (internal/pmtiles/testdata/gopmtiles, a module of its own, writes it).
func TestArchiveReadsEveryTile(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	want := map[uint64][]byte{}
	var tiles []pmtiles.Tile
	var gaps []uint64
	var last uint64 // the last tile's ID
	for id, entries := uint64(0), 0; entries < 30000; id++ {
		if r.IntN(4) == 0 {
			gaps = append(gaps, id)
			continue
		}
		data := make([]byte, 1+r.IntN(4))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		run := uint32(1 + r.IntN(2))
		entries++
		for ; run > 0; run-- {
			z, x, y := pmtiles.ZXY(id)
			want[id] = data
			tiles = append(tiles, pmtiles.Tile{Z: z, X: x, Y: y, Data: data})
			last = id
			id++
		}
		id--
	}
	var ours bytes.Buffer
	if err := pmtiles.Write(&ours, pmtiles.Header{TileType: pmtiles.MVT, TileCompression: pmtiles.Gzip, MaxZoom: 12},
		map[string]any{"attribution": "© 测试"}, tiles); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	theirs, err := os.ReadFile("testdata/go-pmtiles.pmtiles")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go-pmtiles": theirs, "ours": ours.Bytes()} {
		path := filepath.Join(dir, name+".pmtiles")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		a, err := Open(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if a.Attribution != "© 测试" || a.MinZoom != 0 || a.MaxZoom != 12 {
			t.Errorf("%s: %+v", name, a)
		}
		for id, data := range want {
			z, x, y := pmtiles.ZXY(id)
			got, gzipped, err := a.Tile(z, x, y)
			if err != nil || !gzipped || !bytes.Equal(got, data) {
				t.Fatalf("%s: tile %d/%d/%d: %d bytes, %v, %v; want %d bytes", name, z, x, y, len(got), gzipped, err, len(data))
			}
		}
		for _, id := range gaps {
			z, x, y := pmtiles.ZXY(id)
			if got, _, err := a.Tile(z, x, y); got != nil || err != nil {
				t.Fatalf("%s: tile %d/%d/%d in a gap: %d bytes, %v", name, z, x, y, len(got), err)
			}
		}
		a.Close()

		h, _ := pmtiles.ParseHeader(data)
		if h.LeafLength == 0 {
			t.Fatalf("%s: no leaf directories to read", name)
		}
		broken := bytes.Clone(data)
		for i := h.LeafOffset; i < h.LeafOffset+h.LeafLength; i += 7 {
			broken[i] ^= 0x5a
		}
		os.WriteFile(path, broken, 0o600)
		if a, err = Open(path); err != nil {
			t.Fatalf("%s: the root directory is intact: %v", name, err)
		}
		z, x, y := pmtiles.ZXY(last)
		if got, _, err := a.Tile(z, x, y); err == nil {
			t.Errorf("%s: a corrupt leaf directory read as %d bytes", name, len(got))
		}
		a.Close()
	}
}
