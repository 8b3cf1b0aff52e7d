package pmtiles

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
)

// The files in testdata were written by go-pmtiles, the format's
// reference implementation in Go, from the same samples as these tests
// (testdata/gopmtiles, a module of its own, writes them again).

// Our tile IDs are go-pmtiles' at every zoom we serve and beyond, at the
// corners and at random tiles, and ZXY turns them back.
func TestTileIDMatchesGoPMTiles(t *testing.T) {
	if TileID(0, 0, 0) != 0 || TileID(1, 0, 0) != 1 || TileID(1, 0, 1) != 2 || TileID(1, 1, 1) != 3 || TileID(1, 1, 0) != 4 {
		t.Fatal("zoom 0 and 1 are off the curve")
	}
	f, err := os.Open("testdata/tileids.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int
	for sc := bufio.NewScanner(f); sc.Scan(); n++ {
		var z uint8
		var x, y uint32
		var want uint64
		if _, err := fmt.Sscan(sc.Text(), &z, &x, &y, &want); err != nil {
			t.Fatalf("%q: %v", sc.Text(), err)
		}
		if got := TileID(z, x, y); got != want {
			t.Fatalf("TileID(%d, %d, %d) = %d, go-pmtiles says %d", z, x, y, got, want)
		}
		if gz, gx, gy := ZXY(want); gz != z || gx != x || gy != y {
			t.Fatalf("ZXY(%d) = %d/%d/%d, want %d/%d/%d", want, gz, gx, gy, z, x, y)
		}
	}
	if n < 32*24 {
		t.Fatalf("%d tiles in testdata/tileids.txt", n)
	}
}

// ZXY and TileID are each other's inverse along the first zooms' IDs
// and at random ones to zoom 31.
func TestZXYInvertsTileID(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ids := make([]uint64, 0, 6000)
	for id := range uint64(5000) {
		ids = append(ids, id)
	}
	for range 1000 {
		ids = append(ids, r.Uint64N((uint64(1)<<62-1)/3))
	}
	for _, id := range ids {
		z, x, y := ZXY(id)
		if x >= 1<<z || y >= 1<<z || TileID(z, x, y) != id {
			t.Fatalf("ZXY(%d) = %d/%d/%d, whose ID is %d", id, z, x, y, TileID(z, x, y))
		}
	}
}

// golden reads a file go-pmtiles wrote.
func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sampleHeader() Header {
	return Header{RootOffset: 127, RootLength: 300, MetadataOffset: 427, MetadataLength: 90, LeafOffset: 517, LeafLength: 1 << 33,
		TileDataOffset: 1<<33 + 517, TileDataLength: 1 << 40, AddressedTiles: 12, TileEntries: 11, TileContents: 10,
		Clustered: true, InternalCompression: Gzip, TileCompression: None, TileType: MVT, MinZoom: 3, MaxZoom: 15,
		MinLonE7: -1800000000, MinLatE7: -850000000, MaxLonE7: 1204790000, MaxLatE7: 307413000,
		CenterZoom: 14, CenterLonE7: 1204790000, CenterLatE7: -307413000}
}

// A header's bytes are go-pmtiles' for the same header, and go-pmtiles'
// bytes read as it.
func TestHeaderMatchesGoPMTiles(t *testing.T) {
	h := sampleHeader()
	want := golden(t, "header.bin")
	if got := h.Bytes(); !bytes.Equal(got, want) {
		t.Fatalf("header bytes\n%x\ngo-pmtiles writes\n%x", got, want)
	}
	if back, err := ParseHeader(want); err != nil || back != h {
		t.Fatalf("ParseHeader(go-pmtiles' bytes) = %+v, %v; want %+v", back, err, h)
	}
	for name, b := range map[string][]byte{"short": h.Bytes()[:126], "magic": append([]byte("PMTilez"), h.Bytes()[7:]...),
		"version 2": append([]byte("PMTiles\x02"), h.Bytes()[8:]...)} {
		if _, err := ParseHeader(b); err == nil {
			t.Errorf("%s: ParseHeader took it", name)
		}
	}
}

func sampleEntries() []Entry {
	return []Entry{{TileID: 0, Offset: 0, Length: 10, RunLength: 1}, {TileID: 1, Offset: 10, Length: 5, RunLength: 3},
		{TileID: 4, Offset: 0, Length: 10, RunLength: 1}, {TileID: 9, Offset: 15, Length: 1 << 31, RunLength: 1 << 31},
		{TileID: 1 << 40, Offset: 1 << 42, Length: 7, RunLength: 0}, {TileID: 1<<40 + 1, Offset: 1<<42 + 7, Length: 8, RunLength: 0}}
}

// A directory's bytes are go-pmtiles' for the same entries, and read
// back, gzipped or not.
func TestDirectoryMatchesGoPMTiles(t *testing.T) {
	entries := sampleEntries()
	ours, err := encodeDirectory(entries, None)
	if err != nil {
		t.Fatal(err)
	}
	if want := golden(t, "directory.bin"); !bytes.Equal(ours, want) {
		t.Errorf("directory bytes\n%x\ngo-pmtiles writes\n%x", ours, want)
	}
	for _, c := range []Compression{None, Gzip} {
		data, err := encodeDirectory(entries, c)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := ParseDirectory(data, c); err != nil || !reflect.DeepEqual(got, entries) {
			t.Errorf("compression %d: the directory reads back as %+v, %v", c, got, err)
		}
	}
	if got, err := ParseDirectory([]byte{0}, None); err != nil || len(got) != 0 {
		t.Errorf("empty directory: %v, %v", got, err)
	}
}

// Broken directories are errors, and a count of entries the bytes cannot
// hold allocates nothing.
func TestParseDirectoryRejects(t *testing.T) {
	good, _ := encodeDirectory(sampleEntries(), None)
	gz, _ := encodeDirectory(sampleEntries(), Gzip)
	bomb, _ := compress(make([]byte, MaxDecoded+1), Gzip)
	for name, tc := range map[string]struct {
		data []byte
		c    Compression
		want string
	}{
		"empty":            {nil, None, "entry count"},
		"truncated":        {good[:len(good)-1], None, "offsets"},
		"huge count":       {[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 1, 1, 1}, None, "entry count"},
		"overlong varint":  {bytes.Repeat([]byte{0xff}, 11), None, "entry count"},
		"repeated id":      {[]byte{2, 5, 0, 1, 1, 1, 1, 1, 0}, None, "tile IDs"},
		"id overflow":      {append([]byte{2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 1}, 1, 1, 1, 1, 1, 1, 0), None, "tile IDs"},
		"zero length":      {[]byte{1, 0, 1, 0, 1}, None, "lengths"},
		"length > 32 bits": {[]byte{1, 0, 1, 0x80, 0x80, 0x80, 0x80, 0x10, 1}, None, "lengths"},
		"first offset 0":   {[]byte{1, 0, 1, 1, 0}, None, "first offset"},
		"not gzip":         {good, Gzip, "gzip"},
		"truncated gzip":   {gz[:len(gz)-4], Gzip, "EOF"},
		"brotli":           {good, Brotli, "not supported"},
		"gzip bomb":        {bomb, Gzip, "more than 8 MiB"},
	} {
		if got, err := ParseDirectory(tc.data, tc.c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, %v; want an error about %q", name, got, err, tc.want)
		}
	}
}

// Find finds tiles in runs and the leaf directory to look in next, and
// nothing between runs.
func TestFind(t *testing.T) {
	dir := sampleEntries()
	for id, want := range map[uint64]int{0: 0, 1: 1, 3: 1, 4: 2, 5: -1, 8: -1, 9: 3, 9 + 1<<31 - 1: 3, 9 + 1<<31: -1,
		1 << 40: 4, 1<<40 + 1: 5, 1 << 50: 5} {
		e, ok := Find(dir, id)
		if ok != (want >= 0) || (ok && e != dir[want]) {
			t.Errorf("Find(%d) = %+v, %v; want entry %d", id, e, ok, want)
		}
	}
	if _, ok := Find(dir[1:], 0); ok {
		t.Error("found a tile before the first entry")
	}
	if _, ok := Find(nil, 0); ok {
		t.Error("found a tile in an empty directory")
	}
}

func TestParseMetadata(t *testing.T) {
	if meta, err := ParseMetadata(golden(t, "metadata.gz"), Gzip); err != nil || meta["attribution"] != "© 演示" {
		t.Errorf("%v, %v", meta, err)
	}
	for _, bad := range []string{"", "[1]", "{", "null x"} {
		if _, err := ParseMetadata([]byte(bad), None); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// Untrusted bytes never panic the decoders; what decodes re-encodes to
// the same entries.
func FuzzParse(f *testing.F) {
	plain, _ := encodeDirectory(sampleEntries(), None)
	gz, _ := encodeDirectory(sampleEntries(), Gzip)
	meta, _ := compress([]byte(`{"attribution":"x"}`), Gzip)
	for _, seed := range [][]byte{plain, gz, meta, sampleHeader().Bytes(), {0}, {3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if h, err := ParseHeader(data); err == nil {
			b := h.Bytes() // the same, but for a clustered byte that is neither 0 nor 1
			if !bytes.Equal(b[:96], data[:96]) || !bytes.Equal(b[97:], data[97:HeaderLen]) || h.Clustered != (data[96] == 1) {
				t.Fatalf("header %+v re-encodes differently", h)
			}
		}
		ParseMetadata(data, None)
		ParseMetadata(data, Gzip)
		ParseDirectory(data, Gzip)
		entries, err := ParseDirectory(data, None)
		if err != nil {
			return
		}
		if len(entries) > len(data) {
			t.Fatalf("%d entries from %d bytes", len(entries), len(data))
		}
		again, err := encodeDirectory(entries, None)
		if err != nil {
			t.Fatal(err)
		}
		if back, err := ParseDirectory(again, None); err != nil || !reflect.DeepEqual(back, entries) {
			t.Fatalf("%+v re-encodes to %+v, %v", entries, back, err)
		}
	})
}
