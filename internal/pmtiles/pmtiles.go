// Package pmtiles reads and writes the parts of the PMTiles version 3
// archive format (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md)
// that Guanjia uses: the 127-byte header, directories of varint-encoded
// entries (with run lengths and leaf directories), gzip or no compression
// of directories and metadata, and tile IDs along the Hilbert curve.
//
// The decoders take untrusted bytes: they return errors, never panic, and
// never allocate more than a bounded multiple of their input.
package pmtiles

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
)

// HeaderLen is the size of a version 3 header in bytes.
const HeaderLen = 127

// Compression says how directories, metadata or tiles are compressed.
type Compression uint8

// The compressions of the spec; this package decodes None and Gzip.
const (
	UnknownCompression Compression = 0
	None               Compression = 1
	Gzip               Compression = 2
	Brotli             Compression = 3
	Zstd               Compression = 4
)

// TileType says what the tiles are.
type TileType uint8

// The tile types of the spec.
const (
	UnknownTileType TileType = 0
	MVT             TileType = 1
	PNG             TileType = 2
	JPEG            TileType = 3
	WebP            TileType = 4
	AVIF            TileType = 5
)

// Header is an archive's header: where its parts are and what it holds.
type Header struct {
	RootOffset, RootLength         uint64
	MetadataOffset, MetadataLength uint64
	LeafOffset, LeafLength         uint64
	TileDataOffset, TileDataLength uint64
	AddressedTiles, TileEntries    uint64
	TileContents                   uint64
	Clustered                      bool
	InternalCompression            Compression
	TileCompression                Compression
	TileType                       TileType
	MinZoom, MaxZoom               uint8
	MinLonE7, MinLatE7             int32
	MaxLonE7, MaxLatE7             int32
	CenterZoom                     uint8
	CenterLonE7, CenterLatE7       int32
}

const magic = "PMTiles"

// ParseHeader decodes the first HeaderLen bytes of b.
func ParseHeader(b []byte) (Header, error) {
	var h Header
	if len(b) < HeaderLen {
		return h, errors.New("not a PMTiles archive: too short")
	}
	if string(b[:7]) != magic {
		return h, errors.New("not a PMTiles archive")
	}
	if b[7] != 3 {
		return h, fmt.Errorf("PMTiles version %d, not 3", b[7])
	}
	u := func(at int) uint64 { return binary.LittleEndian.Uint64(b[at:]) }
	i := func(at int) int32 { return int32(binary.LittleEndian.Uint32(b[at:])) }
	h = Header{
		RootOffset: u(8), RootLength: u(16), MetadataOffset: u(24), MetadataLength: u(32),
		LeafOffset: u(40), LeafLength: u(48), TileDataOffset: u(56), TileDataLength: u(64),
		AddressedTiles: u(72), TileEntries: u(80), TileContents: u(88),
		Clustered: b[96] == 1, InternalCompression: Compression(b[97]), TileCompression: Compression(b[98]),
		TileType: TileType(b[99]), MinZoom: b[100], MaxZoom: b[101],
		MinLonE7: i(102), MinLatE7: i(106), MaxLonE7: i(110), MaxLatE7: i(114),
		CenterZoom: b[118], CenterLonE7: i(119), CenterLatE7: i(123),
	}
	return h, nil
}

// Bytes encodes h as the HeaderLen bytes that begin an archive.
func (h Header) Bytes() []byte {
	b := make([]byte, HeaderLen)
	copy(b, magic)
	b[7] = 3
	le := binary.LittleEndian
	for n, v := range []uint64{h.RootOffset, h.RootLength, h.MetadataOffset, h.MetadataLength,
		h.LeafOffset, h.LeafLength, h.TileDataOffset, h.TileDataLength,
		h.AddressedTiles, h.TileEntries, h.TileContents} {
		le.PutUint64(b[8+8*n:], v)
	}
	if h.Clustered {
		b[96] = 1
	}
	b[97], b[98], b[99], b[100], b[101] = byte(h.InternalCompression), byte(h.TileCompression), byte(h.TileType), h.MinZoom, h.MaxZoom
	for at, v := range map[int]int32{102: h.MinLonE7, 106: h.MinLatE7, 110: h.MaxLonE7, 114: h.MaxLatE7, 119: h.CenterLonE7, 123: h.CenterLatE7} {
		le.PutUint32(b[at:], uint32(v))
	}
	b[118] = h.CenterZoom
	return b
}

// Entry is a directory entry: RunLength tiles from TileID on share the
// bytes at Offset; RunLength 0 makes it a leaf directory of Length bytes
// at Offset in the leaf section, holding the tiles from TileID on.
type Entry struct {
	TileID    uint64
	Offset    uint64
	Length    uint32
	RunLength uint32
}

// MaxDecoded bounds what a directory or the metadata may decompress to,
// and so what a directory's entries take in memory (at most MaxDecoded/4
// of them). Leaf directories of archives of the whole planet decode to a
// few MiB at most.
const MaxDecoded = 8 << 20

// decompress returns data decompressed, at most MaxDecoded bytes of it.
func decompress(data []byte, c Compression) ([]byte, error) {
	switch c {
	case None, UnknownCompression:
		return data, nil
	case Gzip:
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		out, err := io.ReadAll(io.LimitReader(zr, MaxDecoded+1))
		if err != nil {
			return nil, err
		}
		if len(out) > MaxDecoded {
			return nil, errors.New("decompresses to more than 8 MiB")
		}
		return out, nil
	}
	return nil, fmt.Errorf("compression %d is not supported", c)
}

func compress(data []byte, c Compression) ([]byte, error) {
	switch c {
	case None:
		return data, nil
	case Gzip:
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(data) // a bytes.Buffer does not fail
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	return nil, fmt.Errorf("compression %d is not supported", c)
}

// ParseDirectory decodes a directory compressed with c. Its entries come
// out in ascending tile ID order, as the spec requires.
func ParseDirectory(data []byte, c Compression) ([]Entry, error) {
	raw, err := decompress(data, c)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	bad := func(what string) ([]Entry, error) { return nil, fmt.Errorf("directory: corrupt %s", what) }
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(raw)
		if n <= 0 {
			return 0, false
		}
		raw = raw[n:]
		return v, true
	}
	n, ok := next()
	// Every entry takes at least four bytes, one per field.
	if !ok || n > uint64(len(raw))/4 {
		return bad("entry count")
	}
	entries := make([]Entry, n)
	var id uint64
	for i := range entries {
		d, ok := next()
		if !ok || (i > 0 && d == 0) || id+d < id {
			return bad("tile IDs")
		}
		id += d
		entries[i].TileID = id
	}
	for i := range entries {
		v, ok := next()
		if !ok || v > 1<<32-1 {
			return bad("run lengths")
		}
		entries[i].RunLength = uint32(v)
	}
	for i := range entries {
		v, ok := next()
		if !ok || v == 0 || v > 1<<32-1 {
			return bad("lengths")
		}
		entries[i].Length = uint32(v)
	}
	for i := range entries {
		v, ok := next()
		switch {
		case !ok:
			return bad("offsets")
		case v > 0:
			entries[i].Offset = v - 1
		case i == 0:
			return bad("first offset")
		default:
			prev := entries[i-1]
			entries[i].Offset = prev.Offset + uint64(prev.Length)
		}
	}
	return entries, nil
}

// encodeDirectory is ParseDirectory's inverse.
func encodeDirectory(entries []Entry, c Compression) ([]byte, error) {
	b := binary.AppendUvarint(nil, uint64(len(entries)))
	var last uint64
	for _, e := range entries {
		b = binary.AppendUvarint(b, e.TileID-last)
		last = e.TileID
	}
	for _, e := range entries {
		b = binary.AppendUvarint(b, uint64(e.RunLength))
	}
	for _, e := range entries {
		b = binary.AppendUvarint(b, uint64(e.Length))
	}
	for i, e := range entries {
		if i > 0 && e.Offset == entries[i-1].Offset+uint64(entries[i-1].Length) {
			b = append(b, 0)
		} else {
			b = binary.AppendUvarint(b, e.Offset+1)
		}
	}
	return compress(b, c)
}

// Find returns the entry of dir that holds tile id: a run of tiles that
// includes it, or the leaf directory (RunLength 0) to look in next.
func Find(dir []Entry, id uint64) (Entry, bool) {
	// The last entry whose TileID is at most id.
	i := sort.Search(len(dir), func(i int) bool { return dir[i].TileID > id }) - 1
	if i < 0 {
		return Entry{}, false
	}
	e := dir[i]
	if e.RunLength == 0 || id-e.TileID < uint64(e.RunLength) {
		return e, true
	}
	return Entry{}, false
}

// ParseMetadata decodes an archive's metadata, a JSON object compressed
// with c.
func ParseMetadata(data []byte, c Compression) (map[string]any, error) {
	raw, err := decompress(data, c)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	var meta map[string]any
	if err := json.Unmarshal(raw, &meta); err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	return meta, nil
}

// TileID is the ID of tile z/x/y: the count of tiles at lesser zooms plus
// the tile's position along the Hilbert curve that fills zoom z. Zoom is
// at most 31 and x, y below 2^z.
func TileID(z uint8, x, y uint32) uint64 {
	id := (uint64(1)<<(2*uint(z)) - 1) / 3
	for s := uint64(1) << z >> 1; s > 0; s >>= 1 {
		rx, ry := uint64(x)&s > 0, uint64(y)&s > 0
		var q uint64 // the quadrant, in curve order
		switch {
		case rx && ry:
			q = 2
		case rx:
			q = 3
		case ry:
			q = 1
		}
		id += s * s * q
		if !ry { // rotate the quadrant so the curve continues
			if rx {
				x, y = uint32(s-1)-x&uint32(s-1), uint32(s-1)-y&uint32(s-1)
			}
			x, y = y, x
		}
	}
	return id
}

// ZXY is the tile whose ID is id, TileID's inverse, for IDs up to zoom 31.
func ZXY(id uint64) (z uint8, x, y uint32) {
	for ; z < 31 && id >= uint64(1)<<(2*uint(z)); z++ {
		id -= uint64(1) << (2 * uint(z))
	}
	var tx, ty uint64
	for s := uint64(1); s < uint64(1)<<z; s <<= 1 {
		rx := id / 2 & 1
		ry := (id ^ rx) & 1
		if ry == 0 { // rotate the quadrant back, as TileID turned it
			if rx == 1 {
				tx, ty = s-1-tx, s-1-ty
			}
			tx, ty = ty, tx
		}
		tx, ty = tx+s*rx, ty+s*ry
		id /= 4
	}
	return z, uint32(tx), uint32(ty)
}
