package basemap

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/guanjia/guanjia/internal/pmtiles"
)

// Archive is an open PMTiles (version 3) archive of vector tiles.
type Archive struct {
	f       *os.File
	header  pmtiles.Header
	root    []pmtiles.Entry
	Size    int64
	Version string // changes when the archive does
	MinZoom uint8
	MaxZoom uint8
	// Attribution is the archive's own, from its metadata.
	Attribution string

	mu     sync.Mutex
	leaves map[uint64][]pmtiles.Entry // leaf directories read so far, by offset
}

// maxDirectory is the most a directory may take, compressed, so that a
// broken archive cannot make us read gigabytes.
const maxDirectory = 16 << 20

// Open opens the archive at path and reads its header, root directory and
// metadata.
func Open(path string) (*Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	a, err := newArchive(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

func newArchive(f *os.File) (*Archive, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	head := make([]byte, pmtiles.HeaderLen)
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, errors.New("not a PMTiles archive: too short")
	}
	h, err := pmtiles.ParseHeader(head)
	if err != nil {
		return nil, err
	}
	if h.TileType != pmtiles.MVT {
		return nil, errors.New("the archive holds no vector (MVT) tiles")
	}
	if h.TileCompression != pmtiles.Gzip && h.TileCompression != pmtiles.None && h.TileCompression != pmtiles.UnknownCompression {
		return nil, errors.New("the archive's tiles are compressed with brotli or zstd, which Guanjia cannot send to browsers as they are: make it again with gzip")
	}
	a := &Archive{f: f, header: h, Size: st.Size(), MinZoom: h.MinZoom, MaxZoom: h.MaxZoom, leaves: map[uint64][]pmtiles.Entry{}}
	if a.root, err = a.directory(h.RootOffset, h.RootLength); err != nil {
		return nil, fmt.Errorf("root directory: %w", err)
	}
	if h.MetadataLength > 0 && h.MetadataLength < maxDirectory {
		raw, err := a.read(h.MetadataOffset, h.MetadataLength)
		if err == nil {
			if meta, err := pmtiles.ParseMetadata(raw, h.InternalCompression); err == nil {
				a.Attribution, _ = meta["attribution"].(string)
			}
		}
	}
	sum := sha256.New()
	sum.Write(head)
	fmt.Fprintf(sum, "%d/%d", st.Size(), st.ModTime().UnixNano())
	a.Version = hex.EncodeToString(sum.Sum(nil))[:12]
	return a, nil
}

// Close closes the archive's file.
func (a *Archive) Close() error { return a.f.Close() }

// ReaderAt is the archive's file, for serving byte ranges.
func (a *Archive) ReaderAt() io.ReadSeeker { return io.NewSectionReader(a.f, 0, a.Size) }

func (a *Archive) read(off, n uint64) ([]byte, error) {
	if n > maxDirectory<<4 || off+n > uint64(a.Size) || off+n < off {
		return nil, errors.New("an entry points outside the archive")
	}
	b := make([]byte, n)
	if _, err := a.f.ReadAt(b, int64(off)); err != nil {
		return nil, err
	}
	return b, nil
}

func (a *Archive) directory(off, n uint64) ([]pmtiles.Entry, error) {
	if n > maxDirectory {
		return nil, errors.New("a directory is too large")
	}
	raw, err := a.read(off, n)
	if err != nil {
		return nil, err
	}
	return pmtiles.ParseDirectory(raw, a.header.InternalCompression)
}

// Tile returns the tile at z/x/y as stored and whether it is
// gzip-compressed; no tile, no error: the map is empty there.
func (a *Archive) Tile(z uint8, x, y uint32) (data []byte, gzipped bool, err error) {
	if z < a.header.MinZoom || z > a.header.MaxZoom {
		return nil, false, nil
	}
	id := pmtiles.TileID(z, x, y)
	dir := a.root
	for depth := 0; depth < 4; depth++ {
		e, ok := pmtiles.Find(dir, id)
		if !ok {
			return nil, false, nil
		}
		if e.RunLength > 0 {
			data, err := a.read(a.header.TileDataOffset+e.Offset, uint64(e.Length))
			return data, a.header.TileCompression == pmtiles.Gzip, err
		}
		if dir, err = a.leaf(a.header.LeafOffset+e.Offset, uint64(e.Length)); err != nil {
			return nil, false, err
		}
	}
	return nil, false, errors.New("the archive's directories nest too deep")
}

func (a *Archive) leaf(off, n uint64) ([]pmtiles.Entry, error) {
	a.mu.Lock()
	dir, ok := a.leaves[off]
	a.mu.Unlock()
	if ok {
		return dir, nil
	}
	dir, err := a.directory(off, n)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if len(a.leaves) > 4096 {
		clear(a.leaves)
	}
	a.leaves[off] = dir
	a.mu.Unlock()
	return dir, nil
}

// Gunzip decompresses a gzipped tile, for clients that do not accept gzip.
func Gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(zr, 64<<20))
}

// ParseTile reads the z, x and y of a tile path's last three segments,
// "15", "27345" and "13456.mvt": decimal numbers without signs or leading
// zeros, z at most 24, x and y below 2^z.
func ParseTile(zs, xs, ys string) (z uint8, x, y uint32, err error) {
	ys, ok := strings.CutSuffix(ys, ".mvt")
	if !ok {
		return 0, 0, 0, errors.New("a tile's path ends in .mvt")
	}
	num := func(s string, limit uint64) (uint64, bool) {
		if s == "" || len(s) > 8 || (len(s) > 1 && s[0] == '0') || strings.Trim(s, "0123456789") != "" {
			return 0, false
		}
		n, err := strconv.ParseUint(s, 10, 32)
		return n, err == nil && n < limit
	}
	zn, ok := num(zs, 25)
	if !ok {
		return 0, 0, 0, errors.New("a tile's zoom is a number from 0 to 24")
	}
	xn, okx := num(xs, 1<<zn)
	yn, oky := num(ys, 1<<zn)
	if !okx || !oky {
		return 0, 0, 0, fmt.Errorf("a tile's x and y at zoom %d are numbers from 0 to %d", zn, uint64(1)<<zn-1)
	}
	return uint8(zn), uint32(xn), uint32(yn), nil
}
