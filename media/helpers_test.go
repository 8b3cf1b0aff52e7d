package media

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Colours of the quadrants of a test picture, by the corner they start in.
var (
	red    = color.RGBA{0xFF, 0, 0, 0xFF}    // top left
	green  = color.RGBA{0, 0xFF, 0, 0xFF}    // top right
	blue   = color.RGBA{0, 0, 0xFF, 0xFF}    // bottom left
	yellow = color.RGBA{0xFF, 0xFF, 0, 0xFF} // bottom right
	white  = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

// Metadata planted in test files, which no stored photo may contain.
var (
	secretText = []byte("SECRET-HOME-OF-THE-REPORTER")
	// gpsLatitude is 39°54'27.12" as three big-endian RATIONALs.
	gpsLatitude = []byte{
		0, 0, 0, 39, 0, 0, 0, 1,
		0, 0, 0, 54, 0, 0, 0, 1,
		0, 0, 0x0A, 0x98, 0, 0, 0, 100,
	}
)

// newPicture returns a w×h picture in four coloured quadrants.
func newPicture(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := [2][2]color.RGBA{{red, green}, {blue, yellow}}[2*y/h][2*x/w]
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// quadrants returns the colours at the centres of the quadrants of m, in
// reading order, each the nearest of the test colours.
func quadrants(m image.Image) [4]color.RGBA {
	b := m.Bounds()
	var q [4]color.RGBA
	for i := range q {
		x := b.Min.X + b.Dx()*(1+2*(i%2))/4
		y := b.Min.Y + b.Dy()*(1+2*(i/2))/4
		q[i] = nearest(m.At(x, y))
	}
	return q
}

// nearest returns the test colour nearest to c.
func nearest(c color.Color) color.RGBA {
	r, g, b, _ := c.RGBA()
	best, dist := white, uint32(1<<32-1)
	for _, t := range []color.RGBA{red, green, blue, yellow, white} {
		dr, dg, db := diff(r>>8, uint32(t.R)), diff(g>>8, uint32(t.G)), diff(b>>8, uint32(t.B))
		if d := dr*dr + dg*dg + db*db; d < dist {
			best, dist = t, d
		}
	}
	return best
}

func diff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// mustJPEG returns m as a JPEG with an EXIF APP1 segment holding tiff, if any.
func mustJPEG(tb testing.TB, m image.Image, tiff []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	data := buf.Bytes()
	if tiff == nil {
		return data
	}
	payload := append(append([]byte{}, exifHeader...), tiff...)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(payload)+2))
	return append(append(append([]byte{}, data[:2]...), append(seg, payload...)...), data[2:]...)
}

// mustPNG returns m as a PNG with a tEXt chunk holding text, if any.
func mustPNG(tb testing.TB, m image.Image, text []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		tb.Fatal(err)
	}
	data := buf.Bytes()
	if text == nil {
		return data
	}
	chunk := pngChunk("tEXt", append([]byte("Comment\x00"), text...))
	const ihdrEnd = 8 + 4 + 4 + 13 + 4 // signature, then IHDR's length, type, data, CRC
	return append(append(append([]byte{}, data[:ihdrEnd]...), chunk...), data[ihdrEnd:]...)
}

// pngChunk returns a PNG chunk of the given type and data.
func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(append(c, typ...), data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// newHugePNG returns the start of a PNG whose header claims w×h pixels.
func newHugePNG(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	data := append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
	return append(data, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
}

// newHugeJPEG returns the start of a JPEG whose frame header claims w×h pixels.
func newHugeJPEG(w, h uint16) []byte {
	sof := []byte{0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8}
	sof = binary.BigEndian.AppendUint16(sof, h)
	sof = binary.BigEndian.AppendUint16(sof, w)
	return append(sof, 1, 1, 0x11, 0, 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0)
}

// An ifdEntry is one field of a TIFF image file directory.
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    []byte // 4 bytes, or the data that the value field points at
}

// newExif returns a TIFF structure as EXIF keeps it, in the given byte
// order: IFD0 with the orientation (none when 0) and a description holding
// secretText, and a GPS IFD with a latitude of gpsLatitude.
func newExif(order binary.AppendByteOrder, orientation uint16) []byte {
	short := order.AppendUint16(nil, orientation)
	ifd0 := []ifdEntry{
		{0x010E, 2, uint32(len(secretText) + 1), append(append([]byte{}, secretText...), 0)}, // ImageDescription
		{0x8825, 4, 1, nil}, // GPS IFD pointer, filled in below
	}
	if orientation != 0 {
		ifd0 = append([]ifdEntry{{tagOrientation, typeShort, 1, append(short, 0, 0)}}, ifd0...)
	}
	gps := []ifdEntry{
		{0x0001, 2, 2, []byte("N\x00\x00\x00")}, // GPSLatitudeRef
		{0x0002, 5, 3, gpsLatitude},             // GPSLatitude (stored big-endian whatever the order: a marker only)
	}
	head := []byte("II")
	if order == binary.BigEndian {
		head = []byte("MM")
	}
	head = order.AppendUint32(order.AppendUint16(head, 42), 8)
	ifd0Size := 2 + ifdEntrySize*len(ifd0) + 4 + len(secretText) + 1
	ifd0[len(ifd0)-1].value = order.AppendUint32(nil, uint32(8+ifd0Size))
	return appendIFD(order, appendIFD(order, head, ifd0), gps)
}

// appendIFD appends an IFD with entries to tiff, and the values that do not
// fit in their entries after it.
func appendIFD(order binary.AppendByteOrder, tiff []byte, entries []ifdEntry) []byte {
	extra := len(tiff) + 2 + ifdEntrySize*len(entries) + 4
	var data []byte
	tiff = order.AppendUint16(tiff, uint16(len(entries)))
	for _, e := range entries {
		tiff = order.AppendUint16(order.AppendUint16(tiff, e.tag), e.typ)
		tiff = order.AppendUint32(tiff, e.count)
		if len(e.value) <= 4 {
			tiff = append(tiff, e.value...)
			continue
		}
		tiff = order.AppendUint32(tiff, uint32(extra+len(data)))
		data = append(data, e.value...)
	}
	return append(order.AppendUint32(tiff, 0), data...)
}

// mustRead returns the contents of the file name in testdata.
func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// newStore returns a Store in a temporary directory.
func newStore(tb testing.TB) *Store {
	tb.Helper()
	s, err := NewStore(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// mustStored returns the stored bytes of p, or of its thumbnail.
func mustStored(tb testing.TB, s *Store, p Photo, thumb bool) []byte {
	tb.Helper()
	f, _, _, err := s.Open(p.Hash, thumb)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// mustDecode decodes data as the given media type.
func mustDecode(tb testing.TB, data []byte, typ string) image.Image {
	tb.Helper()
	decode := jpeg.Decode
	if typ == typePNG {
		decode = png.Decode
	}
	m, err := decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("decode stored %s: %v", typ, err)
	}
	return m
}

// listFiles returns the paths of the files under dir.
func listFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, path)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return names
}
