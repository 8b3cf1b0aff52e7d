package pmtiles

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	gopm "github.com/protomaps/go-pmtiles/pmtiles"
)

// Our tile IDs are go-pmtiles' at every zoom we serve and beyond, at the
// corners and at random tiles.
func TestTileIDMatchesGoPMTiles(t *testing.T) {
	if TileID(0, 0, 0) != 0 || TileID(1, 0, 0) != 1 || TileID(1, 0, 1) != 2 || TileID(1, 1, 1) != 3 || TileID(1, 1, 0) != 4 {
		t.Fatal("zoom 0 and 1 are off the curve")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for z := uint8(0); z <= 31; z++ {
		last := uint32(uint64(1)<<z - 1)
		xys := [][2]uint32{{0, 0}, {last, 0}, {0, last}, {last, last}}
		for range 200 {
			xys = append(xys, [2]uint32{uint32(r.Uint64N(uint64(last) + 1)), uint32(r.Uint64N(uint64(last) + 1))})
		}
		for _, xy := range xys {
			if got, want := TileID(z, xy[0], xy[1]), gopm.ZxyToID(z, xy[0], xy[1]); got != want {
				t.Fatalf("TileID(%d, %d, %d) = %d, go-pmtiles says %d", z, xy[0], xy[1], got, want)
			}
		}
	}
}

func sampleHeader() Header {
	return Header{RootOffset: 127, RootLength: 300, MetadataOffset: 427, MetadataLength: 90, LeafOffset: 517, LeafLength: 1 << 33,
		TileDataOffset: 1<<33 + 517, TileDataLength: 1 << 40, AddressedTiles: 12, TileEntries: 11, TileContents: 10,
		Clustered: true, InternalCompression: Gzip, TileCompression: None, TileType: MVT, MinZoom: 3, MaxZoom: 15,
		MinLonE7: -1800000000, MinLatE7: -850000000, MaxLonE7: 1204790000, MaxLatE7: 307413000,
		CenterZoom: 14, CenterLonE7: 1204790000, CenterLatE7: -307413000}
}

// A header goes from us to go-pmtiles and back unchanged.
func TestHeaderMatchesGoPMTiles(t *testing.T) {
	h := sampleHeader()
	g, err := gopm.DeserializeHeader(h.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := gopm.HeaderV3{SpecVersion: 3, RootOffset: 127, RootLength: 300, MetadataOffset: 427, MetadataLength: 90,
		LeafDirectoryOffset: 517, LeafDirectoryLength: 1 << 33, TileDataOffset: 1<<33 + 517, TileDataLength: 1 << 40,
		AddressedTilesCount: 12, TileEntriesCount: 11, TileContentsCount: 10, Clustered: true,
		InternalCompression: gopm.Gzip, TileCompression: gopm.NoCompression, TileType: gopm.Mvt, MinZoom: 3, MaxZoom: 15,
		MinLonE7: -1800000000, MinLatE7: -850000000, MaxLonE7: 1204790000, MaxLatE7: 307413000,
		CenterZoom: 14, CenterLonE7: 1204790000, CenterLatE7: -307413000}
	if g != want {
		t.Fatalf("go-pmtiles reads\n%+v\nwant\n%+v", g, want)
	}
	back, err := ParseHeader(gopm.SerializeHeader(g))
	if err != nil || back != h {
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

// Directories go from us to go-pmtiles and back unchanged, gzipped or
// not.
func TestDirectoryMatchesGoPMTiles(t *testing.T) {
	entries := sampleEntries()
	var want []gopm.EntryV3
	for _, e := range entries {
		want = append(want, gopm.EntryV3{TileID: e.TileID, Offset: e.Offset, Length: e.Length, RunLength: e.RunLength})
	}
	for _, c := range []Compression{None, Gzip} {
		ours, err := encodeDirectory(entries, c)
		if err != nil {
			t.Fatal(err)
		}
		if got := gopm.DeserializeEntries(bytes.NewBuffer(ours), gopm.Compression(c)); !reflect.DeepEqual(got, want) {
			t.Errorf("compression %d: go-pmtiles reads %+v", c, got)
		}
		got, err := ParseDirectory(gopm.SerializeEntries(want, gopm.Compression(c)), c)
		if err != nil || !reflect.DeepEqual(got, entries) {
			t.Errorf("compression %d: we read go-pmtiles' directory as %+v, %v", c, got, err)
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
	raw, _ := gopm.SerializeMetadata(map[string]any{"attribution": "© 演示"}, gopm.Gzip)
	if meta, err := ParseMetadata(raw, Gzip); err != nil || meta["attribution"] != "© 演示" {
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
