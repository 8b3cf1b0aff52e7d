package media

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestTIFFOrientation(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	valid := newExif(le, 6)
	tests := []struct {
		name string
		tiff []byte
		want int
	}{
		{"little-endian", valid, 6},
		{"big-endian", newExif(be, 8), 8},
		{"upright", newExif(be, 1), 1},
		{"no orientation tag", newExif(le, 0), 1},
		{"zero is not an orientation", patch(valid, 10+8, 0, 0), 1},
		{"nine is not an orientation", newExif(be, 9), 1},
		{"wrong type", patch(valid, 10+2, 4, 0), 1},  // LONG instead of SHORT
		{"wrong count", patch(valid, 10+4, 2, 0), 1}, // two values
		{"bad byte order", patch(valid, 0, 'X', 'X'), 1},
		{"bad magic", patch(valid, 2, 43), 1},
		{"IFD past the end", patch(valid, 4, 0xFF, 0xFF), 1},
		{"IFD inside the header", patch(valid, 4, 4, 0, 0, 0), 1},
		{"entry count past the end", patch(valid, 8, 0xFF, 0xFF), 1},
		{"truncated in the entry", valid[:10+6], 1},
		{"truncated header", valid[:7], 1},
		{"empty", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tiffOrientation(tt.tiff); got != tt.want {
				t.Errorf("tiffOrientation() = %d, want %d", got, tt.want)
			}
		})
	}
}

// patch returns a copy of b with the bytes at off replaced.
func patch(b []byte, off int, with ...byte) []byte {
	b = bytes.Clone(b)
	copy(b[off:], with)
	return b
}

func TestJPEGExif(t *testing.T) {
	tiff := newExif(binary.LittleEndian, 3)
	app1 := func(payload ...byte) []byte {
		return append(binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(payload)+2)), payload...)
	}
	exif := app1(append(bytes.Clone(exifHeader), tiff...)...)
	jfif := []byte{0xFF, 0xE0, 0, 7, 'J', 'F', 'I', 'F', 0}
	xmp := app1([]byte("http://ns.adobe.com/xap/1.0/\x00<x/>")...)
	sos := []byte{0xFF, 0xDA, 0, 2}
	soi := []byte{0xFF, 0xD8}
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"first segment", join(soi, exif, sos), 3},
		{"after JFIF and XMP", join(soi, jfif, xmp, exif, sos), 3},
		{"after fill bytes", join(soi, []byte{0xFF, 0xFF}, exif), 3},
		{"after the scan", join(soi, sos, exif), 1},
		{"after the end", join(soi, []byte{0xFF, 0xD9}, exif), 1},
		{"no SOI", join(exif, sos), 1},
		{"garbage between segments", join(soi, jfif, []byte{0}, exif), 1},
		{"length past the end", join(soi, exif[:len(exif)-1]), 1},
		{"length too short", join(soi, []byte{0xFF, 0xE1, 0, 1}, exif), 1},
		{"Exif header only", join(soi, app1(exifHeader...)), 1},
		{"not Exif", join(soi, app1(tiff...)), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := orientation(typeJPEG, tt.data); got != tt.want {
				t.Errorf("orientation() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestWebPExif(t *testing.T) {
	vp8l := mustRead(t, "lossless.webp")[12:]
	tiff := newExif(binary.BigEndian, 5)
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"EXIF chunk", newWebP(6, 4, vp8l, tiff), 5},
		{"EXIF chunk with JPEG header", newWebP(6, 4, vp8l, append(bytes.Clone(exifHeader), tiff...)), 5},
		{"odd-sized chunk before", newWebP(6, 4, append(riffChunk("XYZW", []byte{1}), vp8l...), tiff), 5},
		{"no EXIF chunk", mustRead(t, "lossless.webp"), 1},
		{"chunk length past the end", newWebP(6, 4, vp8l, tiff)[:30+len(vp8l)+len(tiff)], 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := orientation(typeWebP, tt.data); got != tt.want {
				t.Errorf("orientation() = %d, want %d", got, tt.want)
			}
		})
	}
}

// newWebP returns an extended WebP of a w×h canvas with the given chunks
// (which hold the picture) and an EXIF chunk holding tiff.
func newWebP(w, h int, chunks, tiff []byte) []byte {
	vp8x := []byte{0x08 | 0x10, 0, 0, 0, // EXIF and alpha flags, reserved
		byte(w - 1), byte((w - 1) >> 8), byte((w - 1) >> 16),
		byte(h - 1), byte((h - 1) >> 8), byte((h - 1) >> 16)}
	body := append([]byte("WEBP"), riffChunk("VP8X", vp8x)...)
	body = append(append(body, chunks...), riffChunk("EXIF", tiff)...)
	return append(binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(len(body))), body...)
}

// riffChunk returns a RIFF chunk, padded to an even length.
func riffChunk(id string, data []byte) []byte {
	c := append(binary.LittleEndian.AppendUint32([]byte(id), uint32(len(data))), data...)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

func FuzzOrientation(f *testing.F) {
	for _, o := range []uint16{0, 1, 6, 8} {
		f.Add(newExif(binary.LittleEndian, o))
		f.Add(newExif(binary.BigEndian, o))
		f.Add(mustJPEG(f, newPicture(8, 8), newExif(binary.BigEndian, o)))
	}
	f.Add(newWebP(6, 4, mustRead(f, "lossless.webp")[12:], newExif(binary.LittleEndian, 7)))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, o := range []int{
			tiffOrientation(data),
			orientation(typeJPEG, data),
			orientation(typeWebP, data),
		} {
			if o < 1 || o > 8 {
				t.Fatalf("orientation %d out of range", o)
			}
		}
	})
}
