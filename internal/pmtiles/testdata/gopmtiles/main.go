// Command gopmtiles writes the files that the tests of internal/pmtiles
// and basemap compare our PMTiles code with, made by go-pmtiles, the format's
// reference implementation in Go:
//
//	cd internal/pmtiles/testdata/gopmtiles && go run .
//
// It is a module of its own, in a testdata directory, so that go-pmtiles
// and what it imports (cloud storage clients and SQLite translated to Go,
// some 540 packages) are not built with the tests: they took over a third
// of the tests' build. The samples here must stay the same as the tests'.
package main

import (
	"bytes"
	"fmt"
	"log"
	"math/rand/v2"
	"os"

	"github.com/protomaps/go-pmtiles/pmtiles"
)

func main() {
	write("../tileids.txt", tileIDs())
	write("../header.bin", pmtiles.SerializeHeader(sampleHeader()))
	write("../directory.bin", pmtiles.SerializeEntries(sampleEntries(), pmtiles.NoCompression))
	meta, err := pmtiles.SerializeMetadata(map[string]any{"attribution": "© 演示"}, pmtiles.Gzip)
	if err != nil {
		log.Fatal(err)
	}
	write("../metadata.gz", meta)
	write("../../../../basemap/testdata/go-pmtiles.pmtiles", archive())
}

func write(path string, data []byte) {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		log.Fatal(err)
	}
}

// tileIDs lists "z x y id" for the corners of every zoom to 31 and twenty
// random tiles of each (internal/pmtiles' TestTileID).
func tileIDs() []byte {
	var b bytes.Buffer
	r := rand.New(rand.NewPCG(1, 2))
	for z := uint8(0); z <= 31; z++ {
		last := uint32(uint64(1)<<z - 1)
		xys := [][2]uint32{{0, 0}, {last, 0}, {0, last}, {last, last}}
		for range 20 {
			xys = append(xys, [2]uint32{uint32(r.Uint64N(uint64(last) + 1)), uint32(r.Uint64N(uint64(last) + 1))})
		}
		for _, xy := range xys {
			fmt.Fprintf(&b, "%d %d %d %d\n", z, xy[0], xy[1], pmtiles.ZxyToID(z, xy[0], xy[1]))
		}
	}
	return b.Bytes()
}

// sampleHeader is internal/pmtiles' sampleHeader.
func sampleHeader() pmtiles.HeaderV3 {
	return pmtiles.HeaderV3{SpecVersion: 3, RootOffset: 127, RootLength: 300, MetadataOffset: 427, MetadataLength: 90,
		LeafDirectoryOffset: 517, LeafDirectoryLength: 1 << 33, TileDataOffset: 1<<33 + 517, TileDataLength: 1 << 40,
		AddressedTilesCount: 12, TileEntriesCount: 11, TileContentsCount: 10, Clustered: true,
		InternalCompression: pmtiles.Gzip, TileCompression: pmtiles.NoCompression, TileType: pmtiles.Mvt, MinZoom: 3, MaxZoom: 15,
		MinLonE7: -1800000000, MinLatE7: -850000000, MaxLonE7: 1204790000, MaxLatE7: 307413000,
		CenterZoom: 14, CenterLonE7: 1204790000, CenterLatE7: -307413000}
}

// sampleEntries is internal/pmtiles' sampleEntries.
func sampleEntries() []pmtiles.EntryV3 {
	return []pmtiles.EntryV3{{TileID: 0, Offset: 0, Length: 10, RunLength: 1}, {TileID: 1, Offset: 10, Length: 5, RunLength: 3},
		{TileID: 4, Offset: 0, Length: 10, RunLength: 1}, {TileID: 9, Offset: 15, Length: 1 << 31, RunLength: 1 << 31},
		{TileID: 1 << 40, Offset: 1 << 42, Length: 7, RunLength: 0}, {TileID: 1<<40 + 1, Offset: 1<<42 + 7, Length: 8, RunLength: 0}}
}

// archive is an archive of 30,000 entries, enough for leaf directories,
// with gaps and runs between them, made as basemap's sampleArchive makes
// them, laid out as go-pmtiles' own writer lays an archive out.
func archive() []byte {
	r := rand.New(rand.NewPCG(5, 6))
	var entries []pmtiles.EntryV3
	var body []byte
	for id := uint64(0); len(entries) < 30000; id++ {
		if r.IntN(4) == 0 {
			continue // a gap
		}
		data := make([]byte, 1+r.IntN(4))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		run := uint32(1 + r.IntN(2))
		entries = append(entries, pmtiles.EntryV3{TileID: id, Offset: uint64(len(body)), Length: uint32(len(data)), RunLength: run})
		body = append(body, data...)
		id += uint64(run) - 1
	}
	root, leaves, _ := pmtiles.BuildDirectories(entries, 16384-pmtiles.HeaderV3LenBytes, pmtiles.Gzip)
	if len(leaves) == 0 {
		log.Fatal("the archive has no leaf directories to read")
	}
	meta, err := pmtiles.SerializeMetadata(map[string]any{"attribution": "© 测试"}, pmtiles.Gzip)
	if err != nil {
		log.Fatal(err)
	}
	h := pmtiles.HeaderV3{SpecVersion: 3, Clustered: true, InternalCompression: pmtiles.Gzip, TileCompression: pmtiles.Gzip,
		TileType: pmtiles.Mvt, MinZoom: 0, MaxZoom: 12, TileEntriesCount: uint64(len(entries))}
	h.RootOffset, h.RootLength = pmtiles.HeaderV3LenBytes, uint64(len(root))
	h.MetadataOffset, h.MetadataLength = h.RootOffset+h.RootLength, uint64(len(meta))
	h.LeafDirectoryOffset, h.LeafDirectoryLength = h.MetadataOffset+h.MetadataLength, uint64(len(leaves))
	h.TileDataOffset, h.TileDataLength = h.LeafDirectoryOffset+h.LeafDirectoryLength, uint64(len(body))
	return bytes.Join([][]byte{pmtiles.SerializeHeader(h), root, meta, leaves, body}, nil)
}
