package media

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	"golang.org/x/image/webp"
)

// A codec reads one accepted format. The decoders are called directly, not
// through image.Decode, so that no other registered format slips in.
type codec struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

var codecs = map[string]codec{
	typeJPEG: {jpeg.DecodeConfig, jpeg.Decode},
	typePNG:  {png.DecodeConfig, png.Decode},
	typeWebP: {webp.DecodeConfig, webp.Decode},
}

// sniff returns the media type of data judged by its content, or "" when it
// is none of the accepted ones.
func sniff(data []byte) string {
	if isWebP(data) {
		return typeWebP
	}
	switch ct := http.DetectContentType(data); ct {
	case typeJPEG, typePNG:
		return ct
	}
	return ""
}

// isWebP reports whether data starts like a WebP file: "RIFF", a length,
// "WEBP".
func isWebP(data []byte) bool {
	return len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP"
}

// header is what a picture says of itself before it is decoded.
type header struct {
	typ         string // the media type, judged by the content
	cfg         image.Config
	orientation int // EXIF orientation, 1 when upright
}

// readHeader reads the type, dimensions and orientation of the picture in
// data without decoding it, and refuses a picture too large to decode
// safely.
func readHeader(data []byte) (header, error) {
	typ := sniff(data)
	c, ok := codecs[typ]
	if !ok {
		return header{}, errUnsupported()
	}
	cfg, err := c.config(bytes.NewReader(data))
	if err != nil {
		return header{}, fmt.Errorf("read %s header: %v: %w", typ, err, errDamaged())
	}
	if err := checkDimensions(cfg); err != nil {
		return header{}, err
	}
	return header{typ: typ, cfg: cfg, orientation: orientation(typ, data)}, nil
}

// decode returns the picture in data, which h describes.
func (h header) decode(data []byte) (image.Image, error) {
	img, err := codecs[h.typ].decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode %s: %v: %w", h.typ, err, errDamaged())
	}
	if b := img.Bounds(); b.Dx() != h.cfg.Width || b.Dy() != h.cfg.Height {
		return nil, fmt.Errorf("decode %s: %v is not the %dx%d of its header: %w",
			h.typ, b, h.cfg.Width, h.cfg.Height, errDamaged())
	}
	return img, nil
}

// cost is about the most memory, in bytes, that decoding and re-encoding
// the picture takes at once: the decoded picture, its RGBA copy, a turned
// copy when it is not upright, and the scaled-down photo and thumbnail.
func (h header) cost() int64 {
	perPixel := bytesPerPixel(h.cfg.ColorModel) + 4
	if h.orientation >= 2 && h.orientation <= 8 {
		perPixel += 4
	}
	return int64(h.cfg.Width)*int64(h.cfg.Height)*perPixel + fixedCost
}

// fixedCost is what re-encoding takes besides the full-size copies: the
// scaled-down photo, its thumbnail and their encodings.
const fixedCost = 2 * maxEdge * maxEdge * 4

// maxCost is the cost of the largest picture accepted.
const maxCost = maxPixels*(4+4+4) + fixedCost

// bytesPerPixel is how many bytes a pixel takes in a decoded picture of
// the colour model m.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3 // at most: chroma is often subsampled
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel, color.NYCbCrAModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8 // RGBA64, NRGBA64, or anything unknown
}

// deep reports whether pictures of the colour model m have 16 bits a
// channel.
func deep(m color.Model) bool {
	switch m {
	case color.Gray16Model, color.Alpha16Model, color.RGBA64Model, color.NRGBA64Model:
		return true
	}
	return false
}

// checkDimensions refuses a picture with no pixels, or one whose decoded
// form would take too much memory: such files are often decompression
// bombs. A picture of 16 bits a channel counts each pixel twice, since
// its decoded form takes twice the memory.
func checkDimensions(cfg image.Config) error {
	w, h := cfg.Width, cfg.Height
	if w <= 0 || h <= 0 {
		return fmt.Errorf("dimensions %dx%d: %w", w, h, errDamaged())
	}
	pixels := int64(w) * int64(h)
	if deep(cfg.ColorModel) {
		pixels *= 2
	}
	if w > maxSide || h > maxSide || pixels > maxPixels {
		return fmt.Errorf("dimensions %dx%d: %w", w, h, errDimensions())
	}
	return nil
}
