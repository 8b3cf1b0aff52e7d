package media

import (
	"bytes"
	"encoding/binary"
)

// The EXIF Orientation tag says how the stored pixels must be turned to show
// the picture upright: 1 is as stored; 2–8 are the mirrorings and quarter
// turns listed in the EXIF 2.3 specification, section 4.6.4.
const (
	tagOrientation = 0x0112
	typeShort      = 3
	ifdEntrySize   = 12
)

// exifHeader starts the payload of a JPEG APP1 segment that holds EXIF.
var exifHeader = []byte("Exif\x00\x00")

// orientation returns the EXIF orientation, 1–8, of the picture in data of the
// given media type, or 1 when it has none or it cannot be read.
func orientation(typ string, data []byte) int {
	switch typ {
	case typeJPEG:
		return tiffOrientation(jpegExif(data))
	case typeWebP:
		return tiffOrientation(webpExif(data))
	}
	return 1
}

// jpegExif returns the TIFF structure in the first EXIF APP1 segment of the
// JPEG in data, or nil. It reads the marker segments up to the first scan.
func jpegExif(data []byte) []byte {
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return nil
		}
		switch m := data[i+1]; {
		case m == 0xFF: // fill byte before a marker
			i++
			continue
		case m == 0x01 || m >= 0xD0 && m <= 0xD8: // markers without a length
			i += 2
			continue
		case m == 0xD9 || m == 0xDA: // end of image, start of scan
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:])) // counts itself, not the marker
		if n < 2 || n > len(data)-i-2 {
			return nil
		}
		seg := data[i+4 : i+2+n]
		if data[i+1] == 0xE1 && bytes.HasPrefix(seg, exifHeader) {
			return seg[len(exifHeader):]
		}
		i += 2 + n
	}
	return nil
}

// webpExif returns the TIFF structure in the EXIF chunk of the WebP in data,
// or nil.
func webpExif(data []byte) []byte {
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WEBP" {
		return nil
	}
	for i := 12; len(data)-i >= 8; {
		id := string(data[i : i+4])
		n := int64(binary.LittleEndian.Uint32(data[i+4:]))
		start := int64(i + 8)
		if n > int64(len(data))-start {
			return nil
		}
		if id == "EXIF" {
			// Some writers keep the JPEG "Exif\0\0" header; the format has none.
			return bytes.TrimPrefix(data[start:start+n], exifHeader)
		}
		i = int(start + n + n&1) // chunks are padded to an even length
	}
	return nil
}

// tiffOrientation returns the Orientation in IFD0 of the TIFF structure that
// holds EXIF, or 1 when it has none or it cannot be read.
func tiffOrientation(tiff []byte) int {
	order, ifd := tiffHeader(tiff)
	if order == nil {
		return 1
	}
	count := int(order.Uint16(tiff[ifd:]))
	entries := tiff[ifd+2:]
	if count*ifdEntrySize > len(entries) {
		return 1
	}
	for k := range count {
		e := entries[k*ifdEntrySize : (k+1)*ifdEntrySize]
		if order.Uint16(e) != tagOrientation {
			continue
		}
		v := int(order.Uint16(e[8:])) // a single SHORT sits at the start of the value field
		if order.Uint16(e[2:]) != typeShort || order.Uint32(e[4:]) != 1 || v < 1 || v > 8 {
			return 1
		}
		return v
	}
	return 1
}

// tiffHeader returns the byte order of the TIFF structure and the offset of
// its IFD0, which has room at least for its entry count; a nil order when the
// header is not valid.
func tiffHeader(tiff []byte) (binary.ByteOrder, int) {
	if len(tiff) < 8 {
		return nil, 0
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return nil, 0
	}
	ifd := int64(order.Uint32(tiff[4:]))
	if order.Uint16(tiff[2:]) != 42 || ifd < 8 || ifd > int64(len(tiff))-2 {
		return nil, 0
	}
	return order, int(ifd)
}
