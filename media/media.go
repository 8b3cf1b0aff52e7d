// Package media keeps the photos attached to cases: evidence sent in by
// residents and by the handlers who resolve them.
//
// Uploads are untrusted. The Store accepts JPEG, PNG and WebP only, refuses
// files and dimensions large enough to exhaust memory, turns each picture
// upright by its EXIF orientation and re-encodes it, so that no EXIF, GPS or
// other metadata survives. Photos are stored content-addressed by the SHA-256
// of the re-encoded bytes, beside a small JPEG thumbnail, and are served with
// caching headers that never need revalidation.
package media

import (
	"github.com/guanjia/guanjia"
)

// MaxSize is the largest upload accepted, in bytes.
const MaxSize = 10 << 20

// Limits on what is decoded and kept.
const (
	maxPixels = 40_000_000 // a larger picture (half as large at 16 bits a channel) is refused before it is decoded
	maxSide   = 12000      // nor may either side be longer than this
	maxEdge   = 2560       // stored photos are scaled down to this longer side
	thumbEdge = 320        // the longer side of a thumbnail
	quality   = 82         // JPEG quality of stored photos and thumbnails
)

// Media types of stored photos.
const (
	typeJPEG = "image/jpeg"
	typePNG  = "image/png"
	typeWebP = "image/webp" // accepted, but stored as JPEG
)

// Photo describes a stored photo.
type Photo struct {
	Hash   string `json:"hash"`   // SHA-256 of the stored bytes, 64 lowercase hex digits
	Type   string `json:"type"`   // "image/jpeg" or "image/png"
	Width  int    `json:"width"`  // in pixels, upright
	Height int    `json:"height"` // in pixels, upright
	Size   int64  `json:"size"`   // in bytes
}

func errTooLarge() error {
	return guanjia.Errorf(guanjia.ETOOLARGE, "The photo is larger than %d MB.", MaxSize>>20)
}

func errEmpty() error {
	return guanjia.Errorf(guanjia.EINVALID, "The photo is empty.")
}

func errUnsupported() error {
	return guanjia.Errorf(guanjia.EUNPROCESSABLE, "Only JPEG, PNG and WebP photos are accepted.")
}

func errDimensions() error {
	return guanjia.Errorf(guanjia.ETOOLARGE,
		"The photo is too large: it may have at most %d megapixels (%d at 16 bits a channel) and %d pixels on a side.",
		maxPixels/1_000_000, maxPixels/2_000_000, maxSide)
}

func errDamaged() error {
	return guanjia.Errorf(guanjia.EUNPROCESSABLE, "The photo could not be read; the file may be damaged.")
}

func errNotFound() error {
	return guanjia.Errorf(guanjia.ENOTFOUND, "The photo was not found.")
}
