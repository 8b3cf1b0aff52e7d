package basemap

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/guanjia/guanjia/internal/pmtiles"
	gopm "github.com/protomaps/go-pmtiles/pmtiles"
)

// goPMTilesArchive is an archive of entries built by go-pmtiles, with the
// tile data in body.
func goPMTilesArchive(t *testing.T, entries []gopm.EntryV3, body []byte) []byte {
	root, leaves, _ := gopm.BuildDirectories(entries, 16384-gopm.HeaderV3LenBytes, gopm.Gzip)
	meta, err := gopm.SerializeMetadata(map[string]any{"attribution": "© 测试"}, gopm.Gzip)
	if err != nil {
		t.Fatal(err)
	}
	h := gopm.HeaderV3{SpecVersion: 3, Clustered: true, InternalCompression: gopm.Gzip, TileCompression: gopm.Gzip,
		TileType: gopm.Mvt, MinZoom: 0, MaxZoom: 12, TileEntriesCount: uint64(len(entries))}
	h.RootOffset, h.RootLength = gopm.HeaderV3LenBytes, uint64(len(root))
	h.MetadataOffset, h.MetadataLength = h.RootOffset+h.RootLength, uint64(len(meta))
	h.LeafDirectoryOffset, h.LeafDirectoryLength = h.MetadataOffset+h.MetadataLength, uint64(len(leaves))
	h.TileDataOffset, h.TileDataLength = h.LeafDirectoryOffset+h.LeafDirectoryLength, uint64(len(body))
	if len(leaves) == 0 {
		t.Fatal("the archive has no leaf directories to read")
	}
	return bytes.Join([][]byte{gopm.SerializeHeader(h), root, meta, leaves, body}, nil)
}

// Archives written by go-pmtiles and by our writer open, and every tile
// in them reads back as written, from the root directory or a leaf; the
// tiles between read as none. A corrupt leaf directory is an error.
func TestArchiveReadsEveryTile(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	want := map[uint64][]byte{}
	var entries []gopm.EntryV3
	var tiles []pmtiles.Tile
	var body []byte
	var gaps []uint64
	for id := uint64(0); len(entries) < 30000; id++ {
		if r.IntN(4) == 0 {
			gaps = append(gaps, id)
			continue
		}
		data := make([]byte, 1+r.IntN(100))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		run := uint32(1 + r.IntN(2))
		entries = append(entries, gopm.EntryV3{TileID: id, Offset: uint64(len(body)), Length: uint32(len(data)), RunLength: run})
		body = append(body, data...)
		for ; run > 0; run-- {
			z, x, y := gopm.IDToZxy(id)
			want[id] = data
			tiles = append(tiles, pmtiles.Tile{Z: z, X: x, Y: y, Data: data})
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
	for name, data := range map[string][]byte{"go-pmtiles": goPMTilesArchive(t, entries, body), "ours": ours.Bytes()} {
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
			z, x, y := gopm.IDToZxy(id)
			got, gzipped, err := a.Tile(z, x, y)
			if err != nil || !gzipped || !bytes.Equal(got, data) {
				t.Fatalf("%s: tile %d/%d/%d: %d bytes, %v, %v; want %d bytes", name, z, x, y, len(got), gzipped, err, len(data))
			}
		}
		for _, id := range gaps {
			z, x, y := gopm.IDToZxy(id)
			if got, _, err := a.Tile(z, x, y); got != nil || err != nil {
				t.Fatalf("%s: tile %d/%d/%d in a gap: %d bytes, %v", name, z, x, y, len(got), err)
			}
		}
		a.Close()

		h, _ := pmtiles.ParseHeader(data)
		broken := bytes.Clone(data)
		for i := h.LeafOffset; i < h.LeafOffset+h.LeafLength; i += 7 {
			broken[i] ^= 0x5a
		}
		os.WriteFile(path, broken, 0o600)
		if a, err = Open(path); err != nil {
			t.Fatalf("%s: the root directory is intact: %v", name, err)
		}
		z, x, y := gopm.IDToZxy(entries[len(entries)-1].TileID)
		if got, _, err := a.Tile(z, x, y); err == nil {
			t.Errorf("%s: a corrupt leaf directory read as %d bytes", name, len(got))
		}
		a.Close()
	}
}
