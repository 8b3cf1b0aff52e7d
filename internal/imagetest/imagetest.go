// Package imagetest makes pictures that tests of image intake need and
// that are too large to keep in the repository once decoded.
package imagetest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
)

// BombPNG returns a valid w×h PNG of 16-bit RGBA pixels, all zero: a few
// hundred kilobytes that decode to w·h·8 bytes (6300×6300 is 309 KB that
// decodes to 318 MB). It is written row by row, so making it takes little
// memory.
func BombPNG(w, h int) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 16, 6, 0, 0, 0) // 16 bits a channel, RGBA
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	row := make([]byte, 1+w*8) // filter type 0 and the pixels
	for range h {
		z.Write(row)
	}
	z.Close()
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", idat.Bytes())...)
	return append(out, chunk("IEND", nil)...)
}

// chunk returns a PNG chunk of type typ holding data.
func chunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(append(c, typ...), data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}
