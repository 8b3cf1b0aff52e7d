package pmtiles

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// Tile is a tile to write, its Data already compressed as the header's
// TileCompression says.
type Tile struct {
	Z    uint8
	X, Y uint32
	Data []byte
}

// rootBudget is what the root directory may take so that the header and
// root fit in the first 16 KiB, which a client fetches first.
const rootBudget = 16384 - HeaderLen

// Write writes a clustered archive of tiles to w: header, root directory,
// metadata (JSON, gzipped), leaf directories if the root alone would
// not fit in 16 KiB, then the tile data in tile ID order. Identical
// tiles are stored once; a run of them, once in the directory too.
//
// h gives the tile type and compression, zooms, bounds and centre; Write
// fills in the rest. Tiles may come in any order; two at the same z/x/y
// are an error.
func Write(w io.Writer, h Header, metadata any, tiles []Tile) error {
	type idTile struct {
		id   uint64
		data []byte
	}
	sorted := make([]idTile, len(tiles))
	for i, t := range tiles {
		if t.Z > 31 || uint64(t.X)>>t.Z != 0 || uint64(t.Y)>>t.Z != 0 {
			return fmt.Errorf("pmtiles: no tile %d/%d/%d", t.Z, t.X, t.Y)
		}
		sorted[i] = idTile{TileID(t.Z, t.X, t.Y), t.Data}
	}
	slices.SortFunc(sorted, func(a, b idTile) int { return cmp.Compare(a.id, b.id) })

	var entries []Entry
	var data [][]byte
	var size uint64
	at := map[[32]byte]uint64{} // where each distinct content is
	for i, t := range sorted {
		if i > 0 && sorted[i-1].id == t.id {
			return fmt.Errorf("pmtiles: two tiles with ID %d", t.id)
		}
		if len(t.data) == 0 || len(t.data) > 1<<32-1 {
			return fmt.Errorf("pmtiles: tile %d is empty or too large", t.id)
		}
		sum := sha256.Sum256(t.data)
		off, seen := at[sum]
		if n := len(entries); seen && n > 0 && entries[n-1].Offset == off &&
			entries[n-1].TileID+uint64(entries[n-1].RunLength) == t.id && entries[n-1].RunLength < 1<<32-1 {
			entries[n-1].RunLength++
			continue
		}
		if !seen {
			off = size
			at[sum] = off
			data = append(data, t.data)
			size += uint64(len(t.data))
		}
		entries = append(entries, Entry{TileID: t.id, Offset: off, Length: uint32(len(t.data)), RunLength: 1})
	}

	root, leaves, err := buildDirectories(entries, rootBudget)
	if err != nil {
		return err
	}
	meta, err := json.Marshal(metadata)
	if err != nil {
		return fmt.Errorf("pmtiles: metadata: %w", err)
	}
	if meta, err = compress(meta, Gzip); err != nil {
		return err
	}

	h.Clustered, h.InternalCompression = true, Gzip
	h.AddressedTiles, h.TileEntries, h.TileContents = uint64(len(sorted)), uint64(len(entries)), uint64(len(data))
	h.RootOffset, h.RootLength = HeaderLen, uint64(len(root))
	h.MetadataOffset, h.MetadataLength = h.RootOffset+h.RootLength, uint64(len(meta))
	h.LeafOffset, h.LeafLength = h.MetadataOffset+h.MetadataLength, uint64(len(leaves))
	h.TileDataOffset, h.TileDataLength = h.LeafOffset+h.LeafLength, size
	for _, part := range append([][]byte{h.Bytes(), root, meta, leaves}, data...) {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

// buildDirectories encodes entries as a gzipped root directory of at most
// budget bytes, splitting them into leaf directories when they do not fit
// in one: the larger the leaves, the fewer entries the root needs.
func buildDirectories(entries []Entry, budget int) (root, leaves []byte, err error) {
	if root, err = encodeDirectory(entries, Gzip); err != nil || len(root) <= budget {
		return root, nil, err
	}
	for per := 4096; ; per *= 2 {
		var index []Entry
		leaves = leaves[:0]
		for chunk := range slices.Chunk(entries, per) {
			leaf, err := encodeDirectory(chunk, Gzip)
			if err != nil {
				return nil, nil, err
			}
			index = append(index, Entry{TileID: chunk[0].TileID, Offset: uint64(len(leaves)), Length: uint32(len(leaf))})
			leaves = append(leaves, leaf...)
		}
		if root, err = encodeDirectory(index, Gzip); err != nil || len(root) <= budget || len(index) == 1 {
			return root, leaves, err
		}
	}
}
